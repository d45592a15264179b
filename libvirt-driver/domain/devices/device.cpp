#include "libvirt-driver/domain/devices/device.hpp"

#include "libvirt-driver/domain/xml_util.hpp"

namespace spicedesk::virt {

std::string DeviceView::element_name() const {
    return std::string(xml::name(node_));
}

std::optional<std::string> DeviceView::attribute(std::string_view name) const {
    return xml::attr(node_, name);
}

void DeviceView::set_attribute(std::string_view name, std::string_view value) {
    xml::set_attr(node_, name, value);
}

void DeviceView::remove_attribute(std::string_view name) {
    xml::remove_attr(node_, name);
}

std::optional<std::string> DeviceView::child_attribute(std::string_view child,
                                                       std::string_view name) const {
    return xml::attr(xml::first_child(node_, child), name);
}

void DeviceView::set_child_attribute(std::string_view child, std::string_view name,
                                     std::string_view value) {
    xml::set_attr(xml::ensure_child(node_, child), name, value);
}

void DeviceView::remove_child_attribute(std::string_view child, std::string_view name) {
    xmlNode* c = xml::first_child(node_, child);
    if (c == nullptr) {
        return;
    }
    xml::remove_attr(c, name);
    if (c->properties == nullptr && c->children == nullptr) {
        xml::remove_node(c);
    }
}

std::optional<unsigned long long> DeviceView::unsigned_attribute(std::string_view name) const {
    auto value = attribute(name);
    return value ? xml::parse_unsigned(*value) : std::nullopt;
}

std::optional<unsigned long long> DeviceView::unsigned_child_attribute(
    std::string_view child, std::string_view name) const {
    auto value = child_attribute(child, name);
    return value ? xml::parse_unsigned(*value) : std::nullopt;
}

void DeviceView::remove_address() {
    xml::remove_node(xml::first_child(node_, "address"));
}

}  // namespace spicedesk::virt
