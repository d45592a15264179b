#pragma once

// SPICE_IMAGE_TYPE_BITMAP (SpiceBitmap): uncompressed pixels in any SpiceBitmapFmt, decoded to
// DecodedImage.
//   1BIT_LE/BE, 4BIT_LE/BE, 8BIT  palette indices (LE: first pixel in the low bits of a byte);
//                                 each pixel is palette[index] (0x00RRGGBB); an index beyond the
//                                 palette is an error. A 1-bit bitmap without a palette is a mask:
//                                 set bits 0xFFFFFFFF, clear bits 0x00000000 (has_alpha).
//   16BIT   x1r5g5b5 little endian, expanded to 8 bits per channel (v << 3 | v >> 2)
//   24BIT   B, G, R bytes
//   32BIT   B, G, R, x bytes (xRGB)          RGBA  B, G, R, A bytes (premultiplied, has_alpha)
//   8BIT_A  one alpha byte: pixel = a << 24 (has_alpha)
// Rows are `stride` bytes apart in `data`; bottom-up unless top_down (SPICE_BITMAP_FLAGS_TOP_DOWN).
// Errors: unknown format, zero or oversized dimensions, a stride shorter than a row, data
// shorter than stride * (height - 1) + row bytes, a missing palette or index beyond it.

#include <cstdint>
#include <span>

#include "common/result.hpp"
#include "spice-core/codec/decoded_image.hpp"

namespace spicedesk::core {

// format: SPICE_BITMAP_FMT_*; stride in bytes; palette: SpicePalette's entries (may be empty
// for the non-palette formats).
Result<DecodedImage> decode_bitmap(std::span<const uint8_t> data, uint8_t format, uint32_t width,
                                   uint32_t height, uint32_t stride, bool top_down,
                                   std::span<const uint32_t> palette = {});

}  // namespace spicedesk::core
