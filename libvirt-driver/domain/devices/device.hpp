#pragma once

// Base of the typed device views (CONVENTIONS.md lesson 1): a view holds a pointer to its element
// in the DomainXml's live libxml2 tree and reads/writes attributes there; it never copies. A view
// is valid while its DomainXml lives and the element has not been removed.

#include <libxml/tree.h>

#include <optional>
#include <string>
#include <string_view>

namespace spicedesk::virt {

class DeviceView {
  public:
    explicit DeviceView(xmlNode* node) : node_(node) {}

    xmlNode* node() const { return node_; }
    std::string element_name() const;

    std::optional<std::string> attribute(std::string_view name) const;
    void set_attribute(std::string_view name, std::string_view value);
    void remove_attribute(std::string_view name);

    // Attribute `name` of the first child element `child`; nullopt when either is absent.
    std::optional<std::string> child_attribute(std::string_view child, std::string_view name) const;
    // Creates the child when missing. Removing the last attribute of a child removes the child.
    void set_child_attribute(std::string_view child, std::string_view name, std::string_view value);
    void remove_child_attribute(std::string_view child, std::string_view name);

    std::optional<unsigned long long> unsigned_attribute(std::string_view name) const;
    std::optional<unsigned long long> unsigned_child_attribute(std::string_view child,
                                                               std::string_view name) const;

    // The device's PCI/USB/... address (the <address> child) is dropped, e.g. after a model change.
    void remove_address();

  protected:
    xmlNode* node_;
};

}  // namespace spicedesk::virt
