// libFuzzer: the base messages every channel receives and the inputs channel's server messages.
// Input: message type (u16 LE), body.
#include <cstddef>
#include <cstdint>
#include <span>

#include "spice-core/client/wire/base.hpp"
#include "spice-core/client/wire/cursor.hpp"

using namespace spicedesk::core::client;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) {
        return 0;
    }
    auto type = static_cast<uint16_t>(data[0] | (data[1] << 8));
    std::span<const uint8_t> body(data + 2, size - 2);
    if (wire::is_base_message(type)) {
        (void)wire::parse_base_message(type, body);
    } else {
        (void)wire::parse_inputs_message(type, body);
    }
    return 0;
}
