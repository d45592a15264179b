#pragma once

// Small helpers over libxml2 nodes shared by the domain model: attribute access, finding child
// elements, and inserting/removing elements so that the surrounding whitespace stays as libvirt
// writes it (a new element is indented like its siblings; a removed one takes its indentation
// with it). Every pointer returned here stays owned by its xmlDoc.

#include <libxml/tree.h>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace spicedesk::virt::xml {

struct DocFree {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

// libxml2's global initialisation, once per process, before any thread parses (libvirt in the
// same process may parse concurrently on its own threads).
void ensure_initialized();

// Silences libxml2's generic (thread-local) error output for its lifetime: errors that carry no
// parser context (encoding conversion, schema internals) would otherwise go to stderr. Our
// callers collect errors through structured handlers instead.
class QuietGenericErrors {
  public:
    QuietGenericErrors();
    ~QuietGenericErrors();
    QuietGenericErrors(const QuietGenericErrors&) = delete;
    QuietGenericErrors& operator=(const QuietGenericErrors&) = delete;

  private:
    xmlGenericErrorFunc previous_;
    void* previous_context_;
};

// Element name as std::string_view (empty for non-element nodes).
std::string_view name(const xmlNode* node);
bool is_element(const xmlNode* node, std::string_view element_name);

std::optional<std::string> attr(const xmlNode* node, std::string_view attr_name);
void set_attr(xmlNode* node, std::string_view attr_name, std::string_view value);
void remove_attr(xmlNode* node, std::string_view attr_name);
// Like set_attr, but a new attribute is placed before the first existing one that comes later
// in `order` (libvirt's attribute order), so edited elements read like libvirt wrote them.
void set_attr_ordered(xmlNode* node, std::string_view attr_name, std::string_view value,
                      std::span<const std::string_view> order);
// Sets the attribute when `value` holds a value, removes it otherwise.
void assign_attr(xmlNode* node, std::string_view attr_name,
                 const std::optional<std::string>& value);

std::string text(const xmlNode* node);
void set_text(xmlNode* node, std::string_view value);

// Child elements (direct children only).
xmlNode* first_child(const xmlNode* parent, std::string_view element_name);
std::vector<xmlNode*> children(const xmlNode* parent, std::string_view element_name);
std::vector<xmlNode*> element_children(const xmlNode* parent);

// Inserts a new empty element `element_name` into `parent`. When `after` is given the new element
// goes right after it, otherwise at the end of parent's element children. The indentation is
// copied from the neighbouring siblings (or derived from the parent's depth).
xmlNode* insert_child(xmlNode* parent, std::string_view element_name, xmlNode* after = nullptr);
// Like insert_child, but before `before`.
xmlNode* insert_child_before(xmlNode* parent, std::string_view element_name, xmlNode* before);
// Inserts a new element so that children named in `order` keep that order: after the last
// child whose name comes at or before `element_name` in `order` (unknown names are skipped),
// else before the first element child, else as the only child.
xmlNode* insert_child_ordered(xmlNode* parent, std::string_view element_name,
                              std::span<const std::string_view> order);
// The first child named `element_name`, created at the end when missing.
xmlNode* ensure_child(xmlNode* parent, std::string_view element_name);

// Unlinks and frees `node` together with the whitespace text node that indents it. When it was
// the parent's last element child, the parent collapses to an empty element.
void remove_node(xmlNode* node);

// Parses attribute text as an unsigned / signed decimal; nullopt when absent or malformed.
std::optional<unsigned long long> parse_unsigned(std::string_view text);
std::optional<long long> parse_signed(std::string_view text);

}  // namespace spicedesk::virt::xml
