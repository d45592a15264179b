#include "libvirt-driver/domain/domain_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "libvirt-driver/domain/convert.hpp"
#include "libvirt-driver/domain/disk_targets.hpp"
#include "libvirt-driver/domain/edit.hpp"
#include "libvirt-driver/domain/templates.hpp"
#include "libvirt-driver/domain/xml_util.hpp"

namespace spicedesk::virt {

namespace {

bool is_windows7_or_older(std::string_view variant) {
    return variant == "win7" || variant == "winvista" || variant == "winxp" ||
           variant == "win2k8" || variant == "win2k8r2" || variant == "win2k3";
}

std::string_view template_name(OsFamily family) {
    switch (family) {
        case OsFamily::kWindows:
            return "windows.xml";
        case OsFamily::kRhel6:
            return "rhel6-seed.xml";
        case OsFamily::kLinux:
            break;
    }
    return "linux.xml";
}

void drop_comments(xmlNode* node) {
    for (xmlNode* c = node->children; c != nullptr;) {
        xmlNode* next = c->next;
        if (c->type == XML_COMMENT_NODE) {
            xml::remove_node(c);
        } else if (c->type == XML_ELEMENT_NODE) {
            drop_comments(c);
        }
        c = next;
    }
}

std::string default_bus(OsFamily family, std::string_view device) {
    if (device == "cdrom") {
        return family == OsFamily::kRhel6 ? "ide" : "sata";
    }
    return family == OsFamily::kWindows ? "sata" : "virtio";
}

Status apply_disks(DomainXml& domain, const DomainSpec& spec) {
    if (spec.disks.empty()) {
        return {};
    }
    for (const Disk& d : domain.disks()) {
        domain.remove(d);
    }
    std::map<std::string, unsigned> next_index;
    for (const DiskSpec& ds : spec.disks) {
        if (ds.device != "disk" && ds.device != "cdrom") {
            return make_error(fmt::format("disk '{}': device must be disk or cdrom, not '{}'",
                                          ds.path, ds.device));
        }
        std::string bus = ds.bus.empty() ? default_bus(spec.os_family, ds.device) : ds.bus;
        if (ds.device == "cdrom" && bus == "virtio") {
            return make_error(
                fmt::format("disk '{}': a cdrom cannot be on the virtio bus", ds.path));
        }
        std::string type =
            ds.type.empty() ? (ds.path.starts_with("/dev/") ? "block" : "file") : ds.type;
        if (type != "file" && type != "block") {
            return make_error(
                fmt::format("disk '{}': type must be file or block, not '{}'", ds.path, ds.type));
        }
        Disk disk = domain.add_disk(type, ds.device);
        std::string format = ds.device == "cdrom" ? "raw" : ds.format;
        disk.set_driver("qemu", format.empty() ? "raw" : format);
        if (!ds.path.empty()) {
            disk.set_source(ds.path);
        }
        std::string prefix(disk_bus_prefix(bus));
        disk.set_target(disk_target_name(prefix, next_index[prefix]++), bus);
        if (ds.readonly || ds.device == "cdrom") {
            disk.set_readonly(true);
        }
    }
    return {};
}

Status apply_networks(DomainXml& domain, const DomainSpec& spec) {
    if (spec.networks.empty()) {
        return {};
    }
    for (const Interface& i : domain.interfaces()) {
        domain.remove(i);
    }
    for (const NetworkSpec& ns : spec.networks) {
        if (ns.kind == "none") {
            continue;
        }
        if (ns.kind != "bridge" && ns.kind != "network" && ns.kind != "user") {
            return make_error(fmt::format(
                "network: kind must be bridge, network, user or none, not '{}'", ns.kind));
        }
        if (ns.kind != "user" && ns.source.empty()) {
            return make_error(fmt::format("network: kind {} needs a source", ns.kind));
        }
        Interface iface = domain.add_interface(ns.kind, ns.kind == "user" ? "" : ns.source);
        std::string model = ns.model;
        if (model.empty()) {
            model = spec.os_family == OsFamily::kWindows ? "e1000" : "virtio";
        }
        iface.set_model(model);
    }
    return {};
}

Status apply_graphics(DomainXml& domain, const DomainSpec& spec) {
    const GraphicsSpec& gs = spec.graphics;
    if (gs.type != "spice" && gs.type != "vnc" && gs.type != "none") {
        return make_error(
            fmt::format("graphics: type must be spice, vnc or none, not '{}'", gs.type));
    }
    if (spec.spicevmc_channel && gs.type != "spice") {
        return make_error("channel spicevmc: needs --graphics spice");
    }
    if (gs.port != -1 && (gs.port < 5900 || gs.port > 65535)) {
        return make_error(
            fmt::format("graphics: port {} is outside 5900-65535 (or -1 for auto)", gs.port));
    }
    Status converted = gs.type == "spice" ? to_spice(domain) : to_vnc(domain);
    if (!converted) {
        return converted;
    }
    if (gs.type == "none") {
        for (const Graphics& g : domain.graphics()) {
            domain.remove(g);
        }
        return {};
    }
    Graphics g = domain.graphics().front();
    if (gs.port == -1) {
        g.set_port(std::nullopt);
        g.set_autoport(true);
    } else {
        g.set_port(gs.port);
        g.set_autoport(false);
    }
    g.set_listen(gs.listen);
    g.set_password(gs.password.empty() ? std::nullopt : std::optional<std::string>(gs.password));
    return {};
}

Status apply_video(DomainXml& domain, const DomainSpec& spec) {
    if (spec.video_model.empty()) {
        return {};
    }
    static constexpr std::array<std::string_view, 7> kModels = {
        "qxl", "vga", "virtio", "cirrus", "bochs", "ramfb", "none"};
    if (std::find(kModels.begin(), kModels.end(), spec.video_model) == kModels.end()) {
        return make_error(fmt::format("video: unknown model '{}'", spec.video_model));
    }
    if (spec.video_model == "qxl" && spec.graphics.type != "spice") {
        return make_error("video qxl: QEMU's qxl device needs --graphics spice");
    }
    auto videos = domain.videos();
    Video v = videos.empty() ? domain.add_video(spec.video_model) : videos.front();
    if (v.model() == spec.video_model) {
        return {};
    }
    v.set_model(spec.video_model);
    v.set_vram(spec.video_model == "vga" ? std::optional<unsigned>(16384) : std::nullopt);
    v.set_heads(1);
    if (spec.video_model == "qxl") {
        return to_spice(domain);  // fills in the explicit sizes
    }
    return {};
}

Status apply_sound(DomainXml& domain, const DomainSpec& spec) {
    std::string model = spec.sound_model;
    if (model.empty() && spec.os_family == OsFamily::kWindows &&
        !is_windows7_or_older(spec.os_variant)) {
        model = "ich9";  // Windows 8 and later: HDA on ich9
    }
    if (model.empty()) {
        return {};
    }
    if (model == "none") {
        for (const Sound& s : domain.sounds()) {
            domain.remove(s);
        }
        return {};
    }
    return set_sound(domain, model);
}

// Windows 8 and later have an xHCI driver: one qemu-xhci instead of virt-install's USB 2 set.
void apply_windows_usb(DomainXml& domain, const DomainSpec& spec) {
    if (spec.os_family != OsFamily::kWindows || is_windows7_or_older(spec.os_variant) ||
        spec.os_variant.empty()) {
        return;
    }
    for (const Controller& c : domain.controllers()) {
        if (c.type() == "usb") {
            domain.remove(c);
        }
    }
    Controller c = domain.add_controller("usb", 0, "qemu-xhci");
    c.set_attribute("ports", "15");
}

}  // namespace

OsFamily os_family_for_variant(std::string_view os_variant) {
    if (os_variant.starts_with("win")) {
        return OsFamily::kWindows;
    }
    if (os_variant.starts_with("rhel6") || os_variant.starts_with("centos6")) {
        return OsFamily::kRhel6;
    }
    return OsFamily::kLinux;
}

Result<std::string> domain_template(OsFamily family, std::string_view /*os_variant*/) {
    return template_text(template_name(family));
}

Result<DomainXml> make_domain(const DomainSpec& spec) {
    if (spec.name.empty()) {
        return make_error("install: the domain needs a name");
    }
    if (spec.memory_mib == 0 || spec.vcpus == 0) {
        return make_error("install: memory and vCPUs must be at least 1");
    }
    if (spec.domain_type != "qemu" && spec.domain_type != "kvm") {
        return make_error(
            fmt::format("install: domain type must be qemu or kvm, not '{}'", spec.domain_type));
    }
    auto text = domain_template(spec.os_family, spec.os_variant);
    if (!text) {
        return text.error();
    }
    auto parsed = DomainXml::parse(*text);
    if (!parsed) {
        return make_error(
            fmt::format("template {}: {}", template_name(spec.os_family), parsed.message()));
    }
    DomainXml domain = std::move(parsed).value();
    // The templates' comments document the templates, not the domain.
    for (xmlNode* c = domain.doc()->children; c != nullptr;) {
        xmlNode* next = c->next;
        if (c->type == XML_COMMENT_NODE) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        }
        c = next;
    }
    drop_comments(domain.root());
    domain.set_domain_type(spec.domain_type);
    domain.set_name(spec.name);
    domain.set_memory_kib(static_cast<unsigned long long>(spec.memory_mib) * 1024);
    domain.set_vcpus(spec.vcpus);
    apply_windows_usb(domain, spec);
    for (auto step : {apply_disks, apply_networks, apply_graphics, apply_video, apply_sound}) {
        if (auto s = step(domain, spec); !s) {
            return s.error();
        }
    }
    std::vector<std::string> boot = spec.boot_order;
    if (boot.empty()) {
        bool cdrom = false;
        for (const Disk& d : domain.disks()) {
            cdrom = cdrom || d.device() == "cdrom";
        }
        boot = cdrom ? std::vector<std::string>{"cdrom", "hd"} : std::vector<std::string>{"hd"};
    }
    domain.set_boot_order(boot);
    return domain;
}

}  // namespace spicedesk::virt
