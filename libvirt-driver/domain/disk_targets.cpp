#include "libvirt-driver/domain/disk_targets.hpp"

#include <fmt/format.h>

#include <set>

namespace spicedesk::virt {

std::string_view disk_bus_prefix(std::string_view bus) {
    if (bus == "virtio") {
        return "vd";
    }
    if (bus == "ide") {
        return "hd";
    }
    if (bus == "fdc") {
        return "fd";
    }
    return "sd";  // sata, scsi, usb
}

std::string disk_target_name(std::string_view prefix, unsigned index) {
    std::string suffix;
    unsigned i = index;
    do {
        suffix.insert(suffix.begin(), static_cast<char>('a' + i % 26));
        i = i / 26;
    } while (i-- > 0);
    return fmt::format("{}{}", prefix, suffix);
}

std::string next_free_disk_target(const DomainXml& domain, std::string_view bus) {
    std::set<std::string> used;
    for (const auto& disk : domain.disks()) {
        used.insert(disk.target_dev());
    }
    const std::string_view prefix = disk_bus_prefix(bus);
    for (unsigned index = 0;; ++index) {
        std::string name = disk_target_name(prefix, index);
        if (!used.contains(name)) {
            return name;
        }
    }
}

}  // namespace spicedesk::virt
