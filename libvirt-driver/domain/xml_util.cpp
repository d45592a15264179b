#include "libvirt-driver/domain/xml_util.hpp"

#include <libxml/parser.h>

#include <algorithm>
#include <charconv>
#include <mutex>
#include <string>

namespace spicedesk::virt::xml {

namespace {

const xmlChar* to_xml(const std::string& s) {
    return reinterpret_cast<const xmlChar*>(s.c_str());
}

bool is_whitespace_text(const xmlNode* node) {
    if (node == nullptr || node->type != XML_TEXT_NODE) {
        return false;
    }
    if (node->content == nullptr) {
        return true;
    }
    for (const xmlChar* c = node->content; *c != 0; ++c) {
        if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r') {
            return false;
        }
    }
    return true;
}

std::string content(const xmlNode* node) {
    return node->content != nullptr ? reinterpret_cast<const char*>(node->content) : "";
}

// The indentation of `node` itself: the text after the last newline of the whitespace text
// node right before it; "" for the root or unindented elements.
std::string own_indent(const xmlNode* node) {
    if (!is_whitespace_text(node->prev)) {
        return {};
    }
    std::string ws = content(node->prev);
    auto pos = ws.rfind('\n');
    return pos == std::string::npos ? std::string{} : ws.substr(pos + 1);
}

xmlNode* new_text(xmlDoc* doc, const std::string& text) {
    return xmlNewDocText(doc, to_xml(text));
}

xmlNode* first_element(const xmlNode* parent) {
    for (xmlNode* c = parent->children; c != nullptr; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            return c;
        }
    }
    return nullptr;
}

xmlNode* last_element(const xmlNode* parent) {
    xmlNode* last = nullptr;
    for (xmlNode* c = parent->children; c != nullptr; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            last = c;
        }
    }
    return last;
}

// Indentation text ("\n" + spaces) used before element children of `parent`.
std::string child_separator(const xmlNode* parent) {
    xmlNode* first = first_element(parent);
    if (first != nullptr && is_whitespace_text(first->prev)) {
        return content(first->prev);
    }
    if (first != nullptr) {
        return {};  // children written without indentation: keep it that way
    }
    return "\n" + own_indent(parent) + "  ";
}

xmlNode* make_element(xmlNode* parent, std::string_view element_name) {
    std::string n(element_name);
    return xmlNewDocNode(parent->doc, nullptr, to_xml(n), nullptr);
}

void ignore_generic_error(void* /*context*/, const char* /*message*/, ...) {}

}  // namespace

void ensure_initialized() {
    static std::once_flag once;
    std::call_once(once, [] { xmlInitParser(); });
}

QuietGenericErrors::QuietGenericErrors()
    : previous_(xmlGenericError), previous_context_(xmlGenericErrorContext) {
    xmlSetGenericErrorFunc(nullptr, ignore_generic_error);
}

QuietGenericErrors::~QuietGenericErrors() {
    xmlSetGenericErrorFunc(previous_context_, previous_);
}

std::string_view name(const xmlNode* node) {
    if (node == nullptr || node->type != XML_ELEMENT_NODE || node->name == nullptr) {
        return {};
    }
    return reinterpret_cast<const char*>(node->name);
}

bool is_element(const xmlNode* node, std::string_view element_name) {
    return node != nullptr && node->type == XML_ELEMENT_NODE && name(node) == element_name;
}

std::optional<std::string> attr(const xmlNode* node, std::string_view attr_name) {
    if (node == nullptr) {
        return std::nullopt;
    }
    std::string n(attr_name);
    xmlChar* value = xmlGetNoNsProp(node, to_xml(n));
    if (value == nullptr) {
        return std::nullopt;
    }
    std::string result(reinterpret_cast<const char*>(value));
    xmlFree(value);
    return result;
}

void set_attr(xmlNode* node, std::string_view attr_name, std::string_view value) {
    std::string n(attr_name);
    std::string v(value);
    xmlSetProp(node, to_xml(n), to_xml(v));
}

void set_attr_ordered(xmlNode* node, std::string_view attr_name, std::string_view value,
                      std::span<const std::string_view> order) {
    std::string n(attr_name);
    bool existed = xmlHasNsProp(node, to_xml(n), nullptr) != nullptr;
    set_attr(node, attr_name, value);
    if (existed) {
        return;
    }
    auto rank = [&](std::string_view a) -> std::ptrdiff_t {
        auto it = std::find(order.begin(), order.end(), a);
        return it == order.end() ? -1 : it - order.begin();
    };
    std::ptrdiff_t own = rank(attr_name);
    if (own < 0) {
        return;
    }
    xmlAttr* added = xmlHasNsProp(node, to_xml(n), nullptr);
    xmlAttr* before = nullptr;
    for (xmlAttr* a = node->properties; a != nullptr && a != added; a = a->next) {
        if (a->ns == nullptr && rank(reinterpret_cast<const char*>(a->name)) > own) {
            before = a;
            break;
        }
    }
    if (before == nullptr || added == nullptr) {
        return;
    }
    // Unlink `added` (the last attribute) and relink it in front of `before`.
    if (added->prev != nullptr) {
        added->prev->next = added->next;
    } else {
        node->properties = added->next;
    }
    if (added->next != nullptr) {
        added->next->prev = added->prev;
    }
    added->prev = before->prev;
    added->next = before;
    if (before->prev != nullptr) {
        before->prev->next = added;
    } else {
        node->properties = added;
    }
    before->prev = added;
}

void remove_attr(xmlNode* node, std::string_view attr_name) {
    std::string n(attr_name);
    xmlAttr* a = xmlHasNsProp(node, to_xml(n), nullptr);
    if (a != nullptr) {
        xmlRemoveProp(a);
    }
}

void assign_attr(xmlNode* node, std::string_view attr_name,
                 const std::optional<std::string>& value) {
    if (value) {
        set_attr(node, attr_name, *value);
    } else {
        remove_attr(node, attr_name);
    }
}

std::string text(const xmlNode* node) {
    xmlChar* value = xmlNodeGetContent(node);
    if (value == nullptr) {
        return {};
    }
    std::string result(reinterpret_cast<const char*>(value));
    xmlFree(value);
    return result;
}

void set_text(xmlNode* node, std::string_view value) {
    std::string v(value);
    xmlChar* escaped = xmlEncodeSpecialChars(node->doc, to_xml(v));
    xmlNodeSetContent(node, escaped);
    xmlFree(escaped);
}

xmlNode* first_child(const xmlNode* parent, std::string_view element_name) {
    if (parent == nullptr) {
        return nullptr;
    }
    for (xmlNode* c = parent->children; c != nullptr; c = c->next) {
        if (is_element(c, element_name)) {
            return c;
        }
    }
    return nullptr;
}

std::vector<xmlNode*> children(const xmlNode* parent, std::string_view element_name) {
    std::vector<xmlNode*> result;
    if (parent == nullptr) {
        return result;
    }
    for (xmlNode* c = parent->children; c != nullptr; c = c->next) {
        if (is_element(c, element_name)) {
            result.push_back(c);
        }
    }
    return result;
}

std::vector<xmlNode*> element_children(const xmlNode* parent) {
    std::vector<xmlNode*> result;
    if (parent == nullptr) {
        return result;
    }
    for (xmlNode* c = parent->children; c != nullptr; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            result.push_back(c);
        }
    }
    return result;
}

xmlNode* insert_child(xmlNode* parent, std::string_view element_name, xmlNode* after) {
    xmlNode* node = make_element(parent, element_name);
    if (after == nullptr) {
        after = last_element(parent);
    }
    if (after != nullptr) {
        std::string sep = child_separator(parent);
        // Element first, then its indentation before it: libxml2 merges a text node added next
        // to another text node, so the text goes between two elements.
        xmlAddNextSibling(after, node);
        if (!sep.empty()) {
            xmlAddPrevSibling(node, new_text(parent->doc, sep));
        }
        return node;
    }
    // No element children yet: drop whitespace-only content and indent from the parent's depth.
    for (xmlNode* c = parent->children; c != nullptr;) {
        xmlNode* next = c->next;
        if (is_whitespace_text(c)) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        }
        c = next;
    }
    std::string indent = own_indent(parent);
    xmlAddChild(parent, new_text(parent->doc, "\n" + indent + "  "));
    xmlAddChild(parent, node);
    xmlAddChild(parent, new_text(parent->doc, "\n" + indent));
    return node;
}

xmlNode* insert_child_before(xmlNode* parent, std::string_view element_name, xmlNode* before) {
    if (before == nullptr) {
        return insert_child(parent, element_name, nullptr);
    }
    xmlNode* node = make_element(parent, element_name);
    std::string sep = child_separator(parent);
    xmlAddPrevSibling(before, node);
    if (!sep.empty()) {
        xmlAddPrevSibling(before, new_text(parent->doc, sep));
    }
    return node;
}

xmlNode* insert_child_ordered(xmlNode* parent, std::string_view element_name,
                              std::span<const std::string_view> order) {
    auto rank = [&](std::string_view n) -> std::ptrdiff_t {
        auto it = std::find(order.begin(), order.end(), n);
        return it == order.end() ? -1 : it - order.begin();
    };
    std::ptrdiff_t own = rank(element_name);
    if (own < 0) {
        own = static_cast<std::ptrdiff_t>(order.size());
    }
    xmlNode* after = nullptr;
    for (xmlNode* c : element_children(parent)) {
        std::ptrdiff_t r = rank(name(c));
        if (r >= 0 && r <= own) {
            after = c;
        }
    }
    if (after != nullptr) {
        return insert_child(parent, element_name, after);
    }
    xmlNode* first = first_element(parent);
    if (first != nullptr) {
        return insert_child_before(parent, element_name, first);
    }
    return insert_child(parent, element_name, nullptr);
}

xmlNode* ensure_child(xmlNode* parent, std::string_view element_name) {
    xmlNode* existing = first_child(parent, element_name);
    return existing != nullptr ? existing : insert_child(parent, element_name, nullptr);
}

void remove_node(xmlNode* node) {
    if (node == nullptr) {
        return;
    }
    xmlNode* parent = node->parent;
    if (is_whitespace_text(node->prev)) {
        xmlNode* ws = node->prev;
        xmlUnlinkNode(ws);
        xmlFreeNode(ws);
    }
    xmlUnlinkNode(node);
    xmlFreeNode(node);
    if (parent != nullptr && parent->type == XML_ELEMENT_NODE && first_element(parent) == nullptr) {
        for (xmlNode* c = parent->children; c != nullptr;) {
            xmlNode* next = c->next;
            if (is_whitespace_text(c)) {
                xmlUnlinkNode(c);
                xmlFreeNode(c);
            }
            c = next;
        }
    }
}

std::optional<unsigned long long> parse_unsigned(std::string_view text) {
    unsigned long long value = 0;
    if (text.empty()) {
        return std::nullopt;
    }
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

std::optional<long long> parse_signed(std::string_view text) {
    long long value = 0;
    if (text.empty()) {
        return std::nullopt;
    }
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

}  // namespace spicedesk::virt::xml
