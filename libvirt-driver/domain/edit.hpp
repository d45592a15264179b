#pragma once

// Single-purpose edits the CLI and the details editor apply to a definition.

#include <optional>
#include <string_view>

#include "common/result.hpp"
#include "libvirt-driver/domain/domain_xml.hpp"

namespace spicedesk::virt {

// Sets vram (KiB) and/or heads on the primary qxl video device. Refuses (and leaves the domain
// untouched) when there is no qxl video or the values are outside what QEMU accepts.
Status set_video(DomainXml& domain, std::optional<unsigned> vram_kib,
                 std::optional<unsigned> heads);

// How a guest gets several monitors over SPICE (PEERS.md): Linux's qxl DRM driver uses heads='N'
// on one qxl device; Windows' qxldod drives one head per device, so N monitors need N qxl
// <video> devices, the first one primary (each becomes its own SPICE display channel).
enum class MonitorLayout { kHeads, kDevices };

// 1–4 monitors on the domain's qxl video. kHeads: the primary gets heads=N, secondary qxl
// devices go. kDevices: the primary gets heads=1 and N-1 secondary qxl devices (sizes copied
// from the primary) are added or removed. Refuses without a qxl primary; leaves the domain
// untouched on error.
Status set_monitors(DomainXml& domain, unsigned monitors, MonitorLayout layout);

// Sets the model of the first <sound> (adds one when there is none). Accepted models: ac97,
// ich6, ich7, ich9, es1370, sb16, pcspk, usb.
Status set_sound(DomainXml& domain, std::string_view model);

}  // namespace spicedesk::virt
