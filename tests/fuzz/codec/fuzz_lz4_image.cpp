// libFuzzer: decode_lz4_image. Input: width (u8), height (u8), LZ4 image data.
#include <cstddef>
#include <cstdint>
#include <span>

#include "spice-core/codec/lz4_image.hpp"

using namespace spicedesk::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) {
        return 0;
    }
    (void)decode_lz4_image(std::span<const uint8_t>(data + 2, size - 2), data[0], data[1]);
    return 0;
}
