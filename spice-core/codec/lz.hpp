#pragma once

// SPICE_IMAGE_TYPE_LZ_RGB and SPICE_IMAGE_TYPE_LZ_PLT (SpiceLZRGBData / SpiceLZPLTData's data):
// spice-common's LZ format — a big-endian header (magic "  ZL", version, LZ image type, width,
// height, stride, top_down) then an LZ77 stream of literal runs and back references within the
// image. Types: PLT1_LE/BE, PLT4_LE/BE, PLT8 (palette indices, expanded through `palette`; an
// index beyond it is an error; the stride must be the row's bytes), RGB16, RGB24, RGB32 (stride
// width * bytes per pixel), RGBA (RGB then the alpha plane, has_alpha), XXXA and A8 (an alpha
// plane alone: pixel = a << 24, has_alpha). Corrupt or truncated data is an error for that image.

#include <cstdint>
#include <span>

#include "common/result.hpp"
#include "spice-core/codec/decoded_image.hpp"

namespace spicedesk::core {

// LZ image types as the LZ and GLZ headers carry them (spice-common's lz_common.h numbering; the
// spice-protocol headers do not define them).
enum class LzImageType : uint8_t {
    kInvalid = 0,
    kPlt1Le = 1,
    kPlt1Be = 2,
    kPlt4Le = 3,
    kPlt4Be = 4,
    kPlt8 = 5,
    kRgb16 = 6,
    kRgb24 = 7,
    kRgb32 = 8,
    kRgba = 9,
    kXxxa = 10,
    kA8 = 11,
};

// What the LZ header said, for callers that check it (JPEG_ALPHA's alpha plane).
struct LzHeader {
    LzImageType type = LzImageType::kInvalid;
    uint32_t width = 0;
    uint32_t height = 0;
    uint32_t stride = 0;
    bool top_down = false;
};

// palette: SpicePalette's entries for LZ_PLT (the palette the LZ_PLT message carries or the
// cached one it names); ignored for the RGB types.
Result<DecodedImage> decode_lz(std::span<const uint8_t> data,
                               std::span<const uint32_t> palette = {});

// As decode_lz, also reporting the header.
Result<DecodedImage> decode_lz_with_header(std::span<const uint8_t> data,
                                           std::span<const uint32_t> palette, LzHeader& header);

}  // namespace spicedesk::core
