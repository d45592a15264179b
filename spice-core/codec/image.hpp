#pragma once

// A view of 32-bit xRGB pixels (SPICE_SURFACE_FMT_32_xRGB / SPICE_BITMAP_FMT_32BIT, little
// endian 0x00RRGGBB), rows top-down, as the codecs take them.

#include <cstdint>
#include <span>

namespace spicedesk::core {

struct PixelView {
    std::span<const uint32_t> pixels;
    uint32_t width = 0;
    uint32_t height = 0;
    uint32_t stride = 0;  // in pixels
};

}  // namespace spicedesk::core
