#pragma once

// SPICE <-> VNC conversion of a (not running) domain definition.

#include "common/result.hpp"
#include "libvirt-driver/domain/domain_xml.hpp"

namespace spicedesk::virt {

// Default qxl sizes to_spice writes when the domain has none (KiB; what libvirt/QEMU default to).
inline constexpr unsigned kQxlDefaultRamKib = 65536;
inline constexpr unsigned kQxlDefaultVramKib = 65536;
inline constexpr unsigned kQxlDefaultVgamemKib = 16384;

// Switches graphics to SPICE keeping listen/port/password settings (the first VNC graphics
// becomes SPICE; VNC graphics go when a SPICE one exists; none → SPICE with autoport); drops
// tlsPort='-1' (libvirt refuses to start it without spice_tls). Primary video → qxl with
// explicit ram/vram/vgamem and heads (other qxl devices get explicit sizes too); adds the
// spicevmc vdagent channel, a USB controller (qemu-xhci) when there is none or USB is disabled,
// a USB tablet, two USB redirectors; keeps the sound device or adds one (ich9 on q35, ich6
// otherwise); <audio type='none'> becomes type='spice'. Idempotent; the result starts on
// libvirt 9 / QEMU 7.2 (libvirt adds the virtio-serial controller and PCI addresses).
Status to_spice(DomainXml& domain);

// Switches graphics to VNC keeping listen/port/password, and removes every SPICE-only
// companion: spicevmc channels, spicevmc redirdevs, <audio type='spice'>, SPICE-only graphics
// children; qxl video becomes vga (secondary qxl heads are removed). Idempotent.
Status to_vnc(DomainXml& domain);

}  // namespace spicedesk::virt
