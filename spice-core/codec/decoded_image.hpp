#pragma once

// What every SPICE image decoder (codec/*) hands its caller: 32-bit pixels, native-endian
// 0xAARRGGBB (pixman's a8r8g8b8 / x8r8g8b8), stride == width, rows top-down (each decoder honours
// its format's top-down flag). has_alpha: the top byte is alpha (RGBA, 8BIT_A, JPEG_ALPHA, LZ
// RGBA/XXXA/A8, QUIC RGBA, LZ4 RGBA, a palette-less 1-bit mask); otherwise the image is opaque
// xRGB and the top byte is 0. Alpha is passed on as sent: SPICE's RGBA pixels are premultiplied,
// as pixman wants them.

#include <cstdint>
#include <vector>

namespace spicedesk::core {

struct DecodedImage {
    uint32_t width = 0;
    uint32_t height = 0;
    bool has_alpha = false;
    std::vector<uint32_t> pixels;  // width * height
};

// The largest image a decoder accepts (width * height), whatever the size fields say: 64 Mpixel
// (256 MiB of pixels), above any SPICE surface a real server creates.
inline constexpr uint64_t kMaxDecodedPixels = uint64_t{64} * 1024 * 1024;

}  // namespace spicedesk::core
