#pragma once

// Add Hardware (virt-manager's dialog of that name): one new device of a kind, with the defaults
// a new device of that kind gets, refused with a reason where the definition cannot take it
// (the domain is then untouched).

#include <string>

#include "common/result.hpp"
#include "libvirt-driver/domain/domain_xml.hpp"

namespace spicedesk::virt {

enum class HardwareKind {
    kDisk,           // an existing image file or block device
    kNetwork,        // a NIC: a libvirt network, or user-mode networking
    kSound,          // a sound card
    kVideo,          // a QXL video device (a secondary one when there is already a primary)
    kGraphics,       // SPICE graphics, autoport, on 127.0.0.1
    kSpiceAgent,     // the spicevmc agent channel
    kUsbRedirector,  // a spicevmc USB redirector (and a USB controller if there is none)
    kTablet,         // a USB tablet (absolute pointer: client mouse mode)
};

struct HardwareRequest {
    HardwareKind kind = HardwareKind::kSound;
    // kDisk: an absolute path; ".iso" becomes a read-only SATA CD-ROM, ".qcow2" a qcow2 disk,
    // anything else a raw disk, both on virtio.
    std::string disk_path;
    // kNetwork: the libvirt network's name; empty = user-mode networking.
    std::string network;
    // kSound: the model.
    std::string sound_model = "ac97";
};

Status add_hardware(DomainXml& domain, const HardwareRequest& request);

}  // namespace spicedesk::virt
