// libFuzzer: decode_zlib_glz. Input: glz_data_size (u32 LE), zlib data.
#include <cstddef>
#include <cstdint>
#include <span>

#include "spice-core/codec/zlib_glz.hpp"

using namespace spicedesk::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 4) {
        return 0;
    }
    const uint32_t glz_size =
        data[0] | (uint32_t{data[1]} << 8) | (uint32_t{data[2]} << 16) | (uint32_t{data[3]} << 24);
    GlzWindow window(1 << 20);
    (void)decode_zlib_glz(std::span<const uint8_t>(data + 4, size - 4), glz_size, window);
    return 0;
}
