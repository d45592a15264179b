// libFuzzer: decode_bitmap. Input: format (u8), top_down (u8), width (u8), height (u8),
// stride (u16 LE), palette entry count (u8), that many palette entries (u32 LE), pixel data.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "spice-core/codec/bitmap_decode.hpp"

using namespace spicedesk::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 7) {
        return 0;
    }
    const uint8_t format = data[0];
    const bool top_down = (data[1] & 1) != 0;
    const uint32_t width = data[2];
    const uint32_t height = data[3];
    const uint32_t stride = data[4] | (uint32_t{data[5]} << 8);
    const size_t entries = data[6];
    size_t pos = 7;
    std::vector<uint32_t> palette;
    for (size_t i = 0; i < entries && pos + 4 <= size; ++i, pos += 4) {
        palette.push_back(data[pos] | (uint32_t{data[pos + 1]} << 8) |
                          (uint32_t{data[pos + 2]} << 16) | (uint32_t{data[pos + 3]} << 24));
    }
    (void)decode_bitmap(std::span<const uint8_t>(data + pos, size - pos), format, width, height,
                        stride, top_down, palette);
    return 0;
}
