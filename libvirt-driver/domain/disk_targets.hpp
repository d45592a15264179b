#pragma once

// Disk target names as libvirt and virt-install give them: a prefix per bus ("vd" virtio, "sd"
// sata/scsi/usb, "hd" ide, "fd" fdc) and a letter suffix (a … z, aa …).

#include <string>
#include <string_view>

#include "libvirt-driver/domain/domain_xml.hpp"

namespace spicedesk::virt {

std::string_view disk_bus_prefix(std::string_view bus);
// "vda", "sdb", "hdc": the target name of the n-th disk (from 0) on a bus prefix.
std::string disk_target_name(std::string_view prefix, unsigned index);
// The first target on `bus` that no disk of `domain` uses.
std::string next_free_disk_target(const DomainXml& domain, std::string_view bus);

}  // namespace spicedesk::virt
