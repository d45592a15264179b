#pragma once

// SPICE_IMAGE_TYPE_LZ_RGB and SPICE_IMAGE_TYPE_LZ_PLT (SpiceLZRGBData / SpiceLZPLTData's data):
// spice-common's LZ format — a big-endian header (magic "  ZL", version, LZ image type, width,
// height, stride, top_down) then an LZ77 stream of literal runs and back references within the
// image. Types: PLT1_LE/BE, PLT4_LE/BE, PLT8 (palette indices, expanded through `palette`;
// an index beyond it is an error), RGB16, RGB24, RGB32, RGBA (RGB32 then the alpha plane, has
// alpha), XXXA (the alpha plane alone: pixel = a << 24, has_alpha). Corrupt or truncated data is
// an error for that image.

#include <cstdint>
#include <span>

#include "common/result.hpp"
#include "spice-core/codec/decoded_image.hpp"

namespace spicedesk::core {

// palette: SpicePalette's entries for LZ_PLT (the palette the LZ_PLT message carries or the
// cached one it names); ignored for the RGB types.
Result<DecodedImage> decode_lz(std::span<const uint8_t> data,
                               std::span<const uint32_t> palette = {});

}  // namespace spicedesk::core
