// libFuzzer: the cursor channel's messages and the cursor shape conversion to ARGB. Input:
// message type (u16 LE), body.
#include <cstddef>
#include <cstdint>
#include <span>

#include "spice-core/client/cursor_image.hpp"
#include "spice-core/client/wire/cursor.hpp"

using namespace spicedesk::core::client;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) {
        return 0;
    }
    auto type = static_cast<uint16_t>(data[0] | (data[1] << 8));
    auto msg = wire::parse_cursor_message(type, std::span<const uint8_t>(data + 2, size - 2));
    if (!msg) {
        return 0;
    }
    if (auto* init = std::get_if<wire::CursorInit>(&*msg)) {
        (void)convert_cursor(init->cursor);
    } else if (auto* set = std::get_if<wire::CursorSet>(&*msg)) {
        (void)convert_cursor(set->cursor);
    }
    return 0;
}
