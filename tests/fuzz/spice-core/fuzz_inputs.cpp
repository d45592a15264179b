// libFuzzer: every client message of the inputs family. Input: message type (u16 LE), body.
#include <cstddef>
#include <cstdint>
#include <span>

#include "spice-core/protocol/inputs.hpp"

using namespace spicedesk::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) {
        return 0;
    }
    auto type = static_cast<uint16_t>(data[0] | (data[1] << 8));
    (void)parse_inputs_client_message(
        InMessage{type, std::span<const uint8_t>(data + 2, size - 2)});
    return 0;
}
