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

// Sets the model of the first <sound> (adds one when there is none). Accepted models: ac97,
// ich6, ich7, ich9, es1370, sb16, pcspk, usb.
Status set_sound(DomainXml& domain, std::string_view model);

}  // namespace spicedesk::virt
