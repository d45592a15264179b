#include "libvirt-driver/domain/add_hardware.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "libvirt-driver/domain/disk_targets.hpp"
#include "libvirt-driver/domain/edit.hpp"

namespace spicedesk::virt {
namespace {

bool has_spice_graphics(const DomainXml& domain) {
    const auto graphics = domain.graphics();
    return std::any_of(graphics.begin(), graphics.end(),
                       [](const Graphics& g) { return g.type() == "spice"; });
}

Status add_disk(DomainXml& domain, const std::string& path) {
    if (path.empty() || path.front() != '/') {
        return make_error(fmt::format("disk: '{}' is not an absolute path", path));
    }
    for (const auto& disk : domain.disks()) {
        if (disk.source() == path) {
            return make_error(
                fmt::format("disk: {} is already attached as {}", path, disk.target_dev()));
        }
    }
    const bool cdrom = path.ends_with(".iso");
    const std::string bus = cdrom ? "sata" : "virtio";
    const std::string target = next_free_disk_target(domain, bus);
    Disk disk =
        domain.add_disk(path.starts_with("/dev/") ? "block" : "file", cdrom ? "cdrom" : "disk");
    disk.set_driver("qemu", path.ends_with(".qcow2") ? "qcow2" : "raw");
    disk.set_source(path);
    disk.set_target(target, bus);
    if (cdrom) {
        disk.set_readonly(true);
    }
    return {};
}

Status add_video(DomainXml& domain) {
    const auto videos = domain.videos();
    if (videos.empty()) {
        domain.add_video("qxl");
        return {};
    }
    if (videos.front().model() != "qxl") {
        return make_error(fmt::format(
            "video: QEMU adds secondary video devices only behind a qxl primary; this one is {}",
            videos.front().model()));
    }
    if (videos.size() >= 4) {
        return make_error("video: 4 QXL devices (4 monitors) is the most spicedesk offers");
    }
    return set_monitors(domain, static_cast<unsigned>(videos.size()) + 1, MonitorLayout::kDevices);
}

}  // namespace

Status add_hardware(DomainXml& domain, const HardwareRequest& request) {
    switch (request.kind) {
        case HardwareKind::kDisk:
            return add_disk(domain, request.disk_path);
        case HardwareKind::kNetwork: {
            const bool user = request.network.empty();
            Interface nic = domain.add_interface(user ? "user" : "network", request.network);
            nic.set_model("virtio");
            return {};
        }
        case HardwareKind::kSound:
            domain.add_sound(request.sound_model);
            return {};
        case HardwareKind::kVideo:
            return add_video(domain);
        case HardwareKind::kGraphics: {
            if (has_spice_graphics(domain)) {
                return make_error("graphics: the machine already has SPICE graphics");
            }
            Graphics graphics = domain.add_graphics("spice");
            graphics.set_autoport(true);
            graphics.set_listen("127.0.0.1");
            return {};
        }
        case HardwareKind::kSpiceAgent: {
            if (!has_spice_graphics(domain)) {
                return make_error("channel: the SPICE agent channel needs SPICE graphics");
            }
            const auto channels = domain.channels();
            if (std::any_of(channels.begin(), channels.end(),
                            [](const Channel& c) { return c.is_spice_agent(); })) {
                return make_error("channel: the machine already has the SPICE agent channel");
            }
            domain.add_spice_agent_channel();
            return {};
        }
        case HardwareKind::kUsbRedirector: {
            if (!has_spice_graphics(domain)) {
                return make_error("redirdev: USB redirection goes over SPICE: add SPICE graphics");
            }
            const auto controllers = domain.controllers();
            const bool has_usb = std::any_of(
                controllers.begin(), controllers.end(),
                [](const Controller& c) { return c.type() == "usb" && c.model() != "none"; });
            if (!has_usb) {
                domain.add_controller("usb", 0, "qemu-xhci");
            }
            domain.add_redirdev("usb", "spicevmc");
            return {};
        }
        case HardwareKind::kTablet: {
            const auto inputs = domain.inputs();
            if (std::any_of(inputs.begin(), inputs.end(),
                            [](const Input& i) { return i.type() == "tablet"; })) {
                return make_error("input: the machine already has a tablet");
            }
            domain.add_input("tablet", "usb");
            return {};
        }
    }
    return make_error("unknown kind of hardware");
}

}  // namespace spicedesk::virt
