#include "libvirt-driver/domain/serialize.hpp"

#include <string_view>

namespace spicedesk::virt::xml {

namespace {

std::string_view view(const xmlChar* s) {
    return s != nullptr ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view{};
}

void escape(std::string& out, std::string_view text, bool attribute) {
    for (char c : text) {
        switch (c) {
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '&':
                out += "&amp;";
                break;
            case '\'':
                out += "&apos;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\r':
                out += "&#13;";
                break;
            case '\n':
                out += attribute ? "&#10;" : "\n";
                break;
            case '\t':
                out += attribute ? "&#9;" : "\t";
                break;
            default:
                out += c;
        }
    }
}

void qualified_name(std::string& out, const xmlNs* ns, const xmlChar* name) {
    if (ns != nullptr && ns->prefix != nullptr) {
        out += view(ns->prefix);
        out += ':';
    }
    out += view(name);
}

void write_node(std::string& out, const xmlNode* node);

void write_children(std::string& out, const xmlNode* node) {
    for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
        write_node(out, c);
    }
}

void write_element(std::string& out, const xmlNode* node) {
    out += '<';
    qualified_name(out, node->ns, node->name);
    for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
        out += ' ';
        qualified_name(out, a->ns, a->name);
        out += "='";
        // The attribute's own text nodes (xmlNodeListGetString would escape twice).
        for (const xmlNode* t = a->children; t != nullptr; t = t->next) {
            if (t->type == XML_TEXT_NODE) {
                escape(out, view(t->content), true);
            } else if (t->type == XML_ENTITY_REF_NODE) {
                out += '&';
                out += view(t->name);
                out += ';';
            }
        }
        out += '\'';
    }
    for (const xmlNs* ns = node->nsDef; ns != nullptr; ns = ns->next) {
        out += " xmlns";
        if (ns->prefix != nullptr) {
            out += ':';
            out += view(ns->prefix);
        }
        out += "='";
        escape(out, view(ns->href), true);
        out += '\'';
    }
    if (node->children == nullptr) {
        out += "/>";
        return;
    }
    out += '>';
    write_children(out, node);
    out += "</";
    qualified_name(out, node->ns, node->name);
    out += '>';
}

void write_node(std::string& out, const xmlNode* node) {
    switch (node->type) {
        case XML_ELEMENT_NODE:
            write_element(out, node);
            break;
        case XML_TEXT_NODE:
            escape(out, view(node->content), false);
            break;
        case XML_CDATA_SECTION_NODE:
            out += "<![CDATA[";
            out += view(node->content);
            out += "]]>";
            break;
        case XML_COMMENT_NODE:
            out += "<!--";
            out += view(node->content);
            out += "-->";
            break;
        case XML_PI_NODE:
            out += "<?";
            out += view(node->name);
            if (node->content != nullptr && *node->content != 0) {
                out += ' ';
                out += view(node->content);
            }
            out += "?>";
            break;
        case XML_ENTITY_REF_NODE:
            out += '&';
            out += view(node->name);
            out += ';';
            break;
        case XML_DTD_NODE: {
            xmlBuffer* buffer = xmlBufferCreate();
            xmlNodeDump(buffer, node->doc, const_cast<xmlNode*>(node), 0, 0);
            out += view(xmlBufferContent(buffer));
            xmlBufferFree(buffer);
            break;
        }
        default:
            break;  // entity declarations etc. live inside the DTD
    }
}

}  // namespace

std::string serialize(const xmlNode* node) {
    std::string out;
    if (node == nullptr) {
        return out;
    }
    write_node(out, node);
    return out;
}

std::string serialize(const xmlDoc* doc) {
    std::string out;
    if (doc == nullptr) {
        return out;  // a moved-from DomainXml
    }
    for (const xmlNode* c = doc->children; c != nullptr; c = c->next) {
        write_node(out, c);
        out += '\n';
    }
    return out;
}

}  // namespace spicedesk::virt::xml
