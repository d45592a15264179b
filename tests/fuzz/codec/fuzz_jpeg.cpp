// libFuzzer: decode_jpeg and decode_jpeg_alpha. Input: mode (u8: even = JPEG, odd =
// JPEG_ALPHA with flags = mode >> 1), for JPEG_ALPHA jpeg_size (u32 LE), then the data.
#include <cstddef>
#include <cstdint>
#include <span>

#include "spice-core/codec/jpeg.hpp"

using namespace spicedesk::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) {
        return 0;
    }
    const uint8_t mode = data[0];
    if ((mode & 1) == 0) {
        (void)decode_jpeg(std::span<const uint8_t>(data + 1, size - 1));
        return 0;
    }
    if (size < 5) {
        return 0;
    }
    const uint32_t jpeg_size =
        data[1] | (uint32_t{data[2]} << 8) | (uint32_t{data[3]} << 16) | (uint32_t{data[4]} << 24);
    (void)decode_jpeg_alpha(std::span<const uint8_t>(data + 5, size - 5), jpeg_size,
                            static_cast<uint8_t>(mode >> 1));
    return 0;
}
