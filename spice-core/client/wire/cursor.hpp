#pragma once

// Cursor channel messages from the server (spice.proto "channel CursorChannel") and inputs
// channel messages from the server (spice.proto "channel InputsChannel", server part).

#include <cstdint>
#include <span>
#include <variant>

#include "common/result.hpp"
#include "spice-core/canvas/types.hpp"
#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core::client::wire {

// spice.proto "struct Cursor": flags, the header unless NONE, then the data (the rest of the
// message; points into the body).
struct WireCursor {
    uint16_t flags = SPICE_CURSOR_FLAGS_NONE;
    uint64_t unique = 0;
    uint8_t type = 0;
    uint16_t width = 0;
    uint16_t height = 0;
    uint16_t hot_x = 0;
    uint16_t hot_y = 0;
    std::span<const uint8_t> data;
};

struct CursorInit {
    canvas::Point16 position;
    uint16_t trail_length = 0;
    uint16_t trail_frequency = 0;
    bool visible = false;
    WireCursor cursor;
};
struct CursorReset {};
struct CursorSet {
    canvas::Point16 position;
    bool visible = false;
    WireCursor cursor;
};
struct CursorMove {
    canvas::Point16 position;
};
struct CursorHide {};
struct CursorTrail {
    uint16_t length = 0;
    uint16_t frequency = 0;
};
struct CursorInvalOne {
    uint64_t id = 0;
};
struct CursorInvalAll {};
using CursorMessage = std::variant<CursorInit, CursorReset, CursorSet, CursorMove, CursorHide,
                                   CursorTrail, CursorInvalOne, CursorInvalAll>;

Result<CursorMessage> parse_cursor_message(uint16_t type, std::span<const uint8_t> body);

struct InputsInit {
    uint16_t modifiers = 0;
};
struct InputsKeyModifiers {
    uint16_t modifiers = 0;
};
struct InputsMotionAck {};
using InputsMessage = std::variant<InputsInit, InputsKeyModifiers, InputsMotionAck>;

Result<InputsMessage> parse_inputs_message(uint16_t type, std::span<const uint8_t> body);

}  // namespace spicedesk::core::client::wire
