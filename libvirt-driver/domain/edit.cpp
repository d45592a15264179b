#include "libvirt-driver/domain/edit.hpp"

#include <fmt/format.h>

#include <array>
#include <vector>

#include "libvirt-driver/domain/qxl_limits.hpp"

namespace spicedesk::virt {

namespace {

// libvirt's <sound model> values QEMU 7.2 has devices for.
constexpr std::array<std::string_view, 8> kSoundModels = {"ac97",   "ich6", "ich7",  "ich9",
                                                          "es1370", "sb16", "pcspk", "usb"};

}  // namespace

Status set_video(DomainXml& domain, std::optional<unsigned> vram_kib,
                 std::optional<unsigned> heads) {
    auto videos = domain.videos();
    Video* target = nullptr;
    for (Video& v : videos) {
        if (v.model() == "qxl" && (target == nullptr || v.primary().value_or(false))) {
            target = &v;
        }
    }
    if (target == nullptr) {
        return make_error(
            "video: the domain has no qxl video device (convert it with to-spice first)");
    }
    if (vram_kib) {
        if (auto problem = qxl_vram_problem(*vram_kib)) {
            return make_error("video model='qxl': " + *problem);
        }
        if (auto v64 = target->vram64()) {
            if (auto problem = qxl_vram64_problem(*v64, vram_kib)) {
                return make_error("video model='qxl': " + *problem);
            }
        }
    }
    if (heads) {
        if (auto problem = qxl_heads_problem(*heads)) {
            return make_error("video model='qxl': " + *problem);
        }
    }
    if (vram_kib) {
        target->set_vram(*vram_kib);
    }
    if (heads) {
        target->set_heads(*heads);
    }
    return {};
}

Status set_monitors(DomainXml& domain, unsigned monitors, MonitorLayout layout) {
    if (auto problem = qxl_heads_problem(monitors)) {
        return make_error(fmt::format("monitors: {} monitors is outside {}..{}", monitors,
                                      kQxlMinHeads, kQxlMaxHeads));
    }
    auto videos = domain.videos();
    if (videos.empty() || videos.front().model() != "qxl") {
        return make_error(
            "monitors: the domain's primary video is not qxl (convert it with to-spice first)");
    }
    Video primary = videos.front();
    std::vector<Video> secondaries;
    for (size_t i = 1; i < videos.size(); ++i) {
        if (videos[i].model() == "qxl") {
            secondaries.push_back(videos[i]);
        }
    }
    const unsigned wanted_secondaries = layout == MonitorLayout::kHeads ? 0 : monitors - 1;
    primary.set_heads(layout == MonitorLayout::kHeads ? monitors : 1);
    while (secondaries.size() > wanted_secondaries) {
        domain.remove(secondaries.back());
        secondaries.pop_back();
    }
    for (size_t i = secondaries.size(); i < wanted_secondaries; ++i) {
        Video added = domain.add_video("qxl");
        added.set_ram(primary.ram());
        added.set_vram(primary.vram());
        added.set_vgamem(primary.vgamem());
        added.set_heads(1);
    }
    return {};
}

Status set_sound(DomainXml& domain, std::string_view model) {
    bool known = false;
    for (std::string_view m : kSoundModels) {
        known = known || m == model;
    }
    if (!known) {
        return make_error(fmt::format(
            "sound: unknown model '{}' (ac97, ich6, ich7, ich9, es1370, sb16, pcspk, usb)", model));
    }
    auto sounds = domain.sounds();
    if (sounds.empty()) {
        domain.add_sound(model);
        return {};
    }
    if (sounds.front().model() != model) {
        sounds.front().set_model(model);
        // The old device's PCI/USB address may not suit the new bus (usb vs pci).
        sounds.front().remove_address();
    }
    return {};
}

}  // namespace spicedesk::virt
