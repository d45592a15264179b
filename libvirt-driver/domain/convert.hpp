#pragma once

// SPICE <-> VNC conversion of a (not running) domain definition.

#include "common/result.hpp"
#include "libvirt-driver/domain/domain_xml.hpp"

namespace spicedesk::virt {

// Default qxl sizes to_spice writes when the domain has none (KiB; what libvirt/QEMU default to).
inline constexpr unsigned kQxlDefaultRamKib = 65536;
inline constexpr unsigned kQxlDefaultVramKib = 65536;
inline constexpr unsigned kQxlDefaultVgamemKib = 16384;

// Switches the first graphics to SPICE keeping listen/port/password settings (other graphics
// are removed); qxl video with explicit ram/vram/vgamem and heads; spicevmc agent channel; two
// USB redirectors; a USB controller and a USB tablet when missing; keeps the sound or adds ich9
// (ich6 for machines without PCIe… see convert.cpp). Idempotent. Never writes tlsPort='-1'.
Status to_spice(DomainXml& domain);

// Switches graphics to VNC keeping listen/port/password, and removes every SPICE-only
// companion: spicevmc channels, spicevmc redirdevs, <audio type='spice'>, SPICE-only graphics
// children; qxl video becomes vga (secondary qxl heads are removed). Idempotent.
Status to_vnc(DomainXml& domain);

}  // namespace spicedesk::virt
