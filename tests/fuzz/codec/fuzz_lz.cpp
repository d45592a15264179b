// libFuzzer: decode_lz. Input: palette entry count (u8), that many entries (u32 LE), LZ data.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "spice-core/codec/lz.hpp"

using namespace spicedesk::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) {
        return 0;
    }
    size_t pos = 1;
    std::vector<uint32_t> palette;
    for (size_t i = 0; i < data[0] && pos + 4 <= size; ++i, pos += 4) {
        palette.push_back(data[pos] | (uint32_t{data[pos + 1]} << 8) |
                          (uint32_t{data[pos + 2]} << 16) | (uint32_t{data[pos + 3]} << 24));
    }
    (void)decode_lz(std::span<const uint8_t>(data + pos, size - pos), palette);
    return 0;
}
