#pragma once

// What `spicedesk-cli install` (virt-install style) and the wizard fill in; make_domain()
// instantiates the family's template from xml-templates/ and applies the spec through the model.

#include <string>
#include <vector>

#include "common/result.hpp"
#include "libvirt-driver/domain/domain_xml.hpp"

namespace spicedesk::virt {

enum class OsFamily { kLinux, kWindows, kRhel6 };

struct DiskSpec {
    std::string path;
    std::string device = "disk";  // or "cdrom"
    std::string bus;              // "" = family default (virtio; sata for Windows; ide/sata cdrom)
    std::string format = "qcow2";
    bool readonly = false;
    // "file" or "block"; "" = "block" for /dev/ paths (QEMU cannot lock /dev/null & co. as a
    // file; a host cdrom is a block device), "file" otherwise.
    std::string type;
};

struct NetworkSpec {
    std::string kind;  // "bridge", "network", "user", "none"
    std::string source;
    std::string model;  // "" = family default (virtio; e1000 for Windows)
};

struct GraphicsSpec {
    std::string type = "spice";  // spice|vnc|none
    int port = -1;               // -1 = autoport
    std::string listen;
    std::string password;
};

struct DomainSpec {
    std::string name;
    unsigned memory_mib = 1024;
    unsigned vcpus = 1;
    std::string domain_type = "qemu";  // or "kvm"
    OsFamily os_family = OsFamily::kLinux;
    std::string os_variant;  // e.g. "win7", "win10", "debian12", "rhel6"
    std::vector<DiskSpec> disks;
    std::vector<NetworkSpec> networks;
    GraphicsSpec graphics;
    std::string video_model;  // "" = template default; "qxl", "vga", "virtio", ...
    bool spicevmc_channel = false;
    std::string sound_model;              // "" = template default
    std::vector<std::string> boot_order;  // "cdrom", "hd", "network"
};

// The family a virt-install style --os-variant belongs to ("win7" → kWindows, "rhel6*" → kRhel6).
OsFamily os_family_for_variant(std::string_view os_variant);

// The template text for a family (embedded at build time; SPICEDESK_TEMPLATE_DIR overrides).
Result<std::string> domain_template(OsFamily family, std::string_view os_variant = {});

Result<DomainXml> make_domain(const DomainSpec& spec);

}  // namespace spicedesk::virt
