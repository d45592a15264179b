// libFuzzer: a whole display channel byte stream applied to a DisplayState (surfaces, caches,
// every draw through the canvas, every decoder, streams). Input: optionally the recording magic
// "SPDREC1\n" (tests/fixtures/spice-streams), then messages as u16 type, u32 size, body (all
// little endian) -- the mini header. Surfaces and images are bounded small to keep runs fast.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "spice-core/client/display_state.hpp"

using namespace spicedesk::core::client;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    DisplayLimits limits;
    limits.max_surface_side = 2048;
    limits.max_surface_pixels = 4 * 1024 * 1024;
    limits.max_image_pixels = 1024 * 1024;
    DisplayState state({}, limits);
    size_t pos = 0;
    if (size >= 8 && std::memcmp(data, "SPDREC1\n", 8) == 0) {
        pos = 8;
    }
    int messages = 0;
    while (size - pos >= 6 && messages++ < 4096) {
        auto type = static_cast<uint16_t>(data[pos] | (data[pos + 1] << 8));
        uint32_t len = uint32_t{data[pos + 2]} | uint32_t{data[pos + 3]} << 8 |
                       uint32_t{data[pos + 4]} << 16 | uint32_t{data[pos + 5]} << 24;
        pos += 6;
        if (len > size - pos) {
            break;
        }
        if (type >= 101) {  // base messages are the channel's business
            (void)state.handle(type, std::span<const uint8_t>(data + pos, len));
        }
        pos += len;
    }
    (void)state.take_dirty();
    return 0;
}
