// libFuzzer: every server→client display message parser. Input: message type (u16 LE), body.
#include <cstddef>
#include <cstdint>
#include <span>

#include "spice-core/client/wire/display.hpp"

using namespace spicedesk::core::client;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) {
        return 0;
    }
    auto type = static_cast<uint16_t>(data[0] | (data[1] << 8));
    (void)wire::parse_display_message(type, std::span<const uint8_t>(data + 2, size - 2));
    return 0;
}
