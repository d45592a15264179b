#include "libvirt-driver/domain/devices/storage_net.hpp"

#include <array>

#include "libvirt-driver/domain/xml_util.hpp"

namespace spicedesk::virt {

namespace {

// Child order as libvirt formats <disk>.
constexpr std::array<std::string_view, 6> kDiskChildOrder = {"driver", "source",   "backingStore",
                                                             "target", "readonly", "address"};

}  // namespace

std::string Disk::type() const {
    return attribute("type").value_or("");
}
std::string Disk::device() const {
    return attribute("device").value_or("disk");
}
std::string Disk::driver_name() const {
    return child_attribute("driver", "name").value_or("");
}
std::string Disk::driver_type() const {
    return child_attribute("driver", "type").value_or("");
}

void Disk::set_driver(std::string_view name, std::string_view type) {
    xmlNode* d = xml::first_child(node_, "driver");
    if (d == nullptr) {
        d = xml::insert_child_ordered(node_, "driver", kDiskChildOrder);
    }
    xml::set_attr(d, "name", name);
    xml::set_attr(d, "type", type);
}

std::string Disk::source() const {
    xmlNode* s = xml::first_child(node_, "source");
    for (std::string_view a : {"file", "dev", "dir", "name", "volume"}) {
        if (auto v = xml::attr(s, a)) {
            return *v;
        }
    }
    return {};
}

void Disk::set_source(std::string_view path) {
    xmlNode* s = xml::first_child(node_, "source");
    if (s == nullptr) {
        s = xml::insert_child_ordered(node_, "source", kDiskChildOrder);
    }
    xml::set_attr(s, type() == "block" ? "dev" : "file", path);
}

std::string Disk::target_dev() const {
    return child_attribute("target", "dev").value_or("");
}
std::string Disk::target_bus() const {
    return child_attribute("target", "bus").value_or("");
}

void Disk::set_target(std::string_view dev, std::string_view bus) {
    xmlNode* t = xml::first_child(node_, "target");
    if (t == nullptr) {
        t = xml::insert_child_ordered(node_, "target", kDiskChildOrder);
    }
    xml::set_attr(t, "dev", dev);
    xml::set_attr(t, "bus", bus);
}

bool Disk::readonly() const {
    return xml::first_child(node_, "readonly") != nullptr;
}

void Disk::set_readonly(bool readonly) {
    xmlNode* r = xml::first_child(node_, "readonly");
    if (readonly && r == nullptr) {
        xml::insert_child_ordered(node_, "readonly", kDiskChildOrder);
    } else if (!readonly && r != nullptr) {
        xml::remove_node(r);
    }
}

std::string Interface::type() const {
    return attribute("type").value_or("");
}

std::string Interface::source() const {
    xmlNode* s = xml::first_child(node_, "source");
    for (std::string_view a : {"bridge", "network", "dev"}) {
        if (auto v = xml::attr(s, a)) {
            return *v;
        }
    }
    return {};
}

std::string Interface::model() const {
    return child_attribute("model", "type").value_or("");
}

void Interface::set_model(std::string_view model) {
    if (xml::first_child(node_, "model") != nullptr) {
        set_child_attribute("model", "type", model);
        return;
    }
    // libvirt order: mac, source, ..., model, ..., address
    static constexpr std::array<std::string_view, 8> kOrder = {
        "mac", "source", "virtualport", "ip", "route", "script", "target", "model"};
    xmlNode* m = xml::insert_child_ordered(node_, "model", kOrder);
    xml::set_attr(m, "type", model);
}

std::string Interface::mac() const {
    return child_attribute("mac", "address").value_or("");
}

}  // namespace spicedesk::virt
