#pragma once

// Inputs channel messages (spice.proto "channel InputsChannel").

#include <cstdint>
#include <span>
#include <variant>

#include "common/result.hpp"
#include "spice-core/protocol/message.hpp"
#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

OutMessage make_inputs_init(uint16_t keyboard_modifiers);
OutMessage make_inputs_key_modifiers(uint16_t modifiers);
OutMessage make_mouse_motion_ack();

struct KeyDown {
    uint32_t code = 0;
};
struct KeyUp {
    uint32_t code = 0;
};
struct KeyModifiers {
    uint16_t modifiers = 0;
};
struct KeyScancode {
    std::span<const uint8_t> bytes;  // raw PC XT scancode bytes, in order
};
struct MouseMotion {
    int32_t dx = 0;
    int32_t dy = 0;
    uint16_t buttons = 0;
};
struct MousePosition {
    uint32_t x = 0;
    uint32_t y = 0;
    uint16_t buttons = 0;
    uint8_t display_id = 0;
};
struct MousePress {
    uint8_t button = 0;
    uint16_t buttons = 0;
};
struct MouseRelease {
    uint8_t button = 0;
    uint16_t buttons = 0;
};
using InputsClientMessage = std::variant<KeyDown, KeyUp, KeyModifiers, KeyScancode, MouseMotion,
                                         MousePosition, MousePress, MouseRelease>;

// Largest KEY_SCANCODE payload accepted (spice-gtk sends 2 or 4 bytes).
inline constexpr size_t kMaxScancodeBytes = 64;

Result<InputsClientMessage> parse_inputs_client_message(const InMessage& msg);

// Client side, for tests and fuzz seeds.
OutMessage make_mouse_motion(int32_t dx, int32_t dy, uint16_t buttons);
OutMessage make_mouse_position(uint32_t x, uint32_t y, uint16_t buttons, uint8_t display);
OutMessage make_key_down(uint32_t code);

}  // namespace spicedesk::core
