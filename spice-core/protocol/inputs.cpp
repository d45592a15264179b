#include "spice-core/protocol/inputs.hpp"

#include <fmt/format.h>

#include "spice-core/protocol/reader.hpp"
#include "spice-core/protocol/writer.hpp"

namespace spicedesk::core {

OutMessage make_inputs_init(uint16_t keyboard_modifiers) {
    Writer w(2);
    w.u16(keyboard_modifiers);
    return {SPICE_MSG_INPUTS_INIT, w.take()};
}

OutMessage make_inputs_key_modifiers(uint16_t modifiers) {
    Writer w(2);
    w.u16(modifiers);
    return {SPICE_MSG_INPUTS_KEY_MODIFIERS, w.take()};
}

OutMessage make_mouse_motion_ack() {
    return {SPICE_MSG_INPUTS_MOUSE_MOTION_ACK, {}};
}

namespace {

Status check_button(Reader& r, uint8_t button) {
    if (r.ok() && (button == SPICE_MOUSE_BUTTON_INVALID || button >= SPICE_MOUSE_BUTTON_ENUM_END)) {
        return make_error(fmt::format("mouse button {} out of range", button));
    }
    return {};
}

}  // namespace

Result<InputsClientMessage> parse_inputs_client_message(const InMessage& msg) {
    Reader r(msg.body);
    auto done = [&](const char* what, InputsClientMessage m) -> Result<InputsClientMessage> {
        if (auto st = r.finish_exact(what); !st) {
            return st.error();
        }
        return m;
    };
    switch (msg.type) {
        case SPICE_MSGC_INPUTS_KEY_DOWN:
            return done("KEY_DOWN", KeyDown{r.u32("code")});
        case SPICE_MSGC_INPUTS_KEY_UP:
            return done("KEY_UP", KeyUp{r.u32("code")});
        case SPICE_MSGC_INPUTS_KEY_MODIFIERS:
            return done("KEY_MODIFIERS", KeyModifiers{r.u16("modifiers")});
        case SPICE_MSGC_INPUTS_KEY_SCANCODE: {
            if (msg.body.empty() || msg.body.size() > kMaxScancodeBytes) {
                return make_error(fmt::format("malformed KEY_SCANCODE: {} bytes (1..{})",
                                              msg.body.size(), kMaxScancodeBytes));
            }
            return InputsClientMessage{KeyScancode{r.rest()}};
        }
        case SPICE_MSGC_INPUTS_MOUSE_MOTION: {
            MouseMotion m;
            m.dx = r.i32("dx");
            m.dy = r.i32("dy");
            m.buttons = r.u16("buttons_state");
            return done("MOUSE_MOTION", m);
        }
        case SPICE_MSGC_INPUTS_MOUSE_POSITION: {
            MousePosition m;
            m.x = r.u32("x");
            m.y = r.u32("y");
            m.buttons = r.u16("buttons_state");
            m.display_id = r.u8("display_id");
            return done("MOUSE_POSITION", m);
        }
        case SPICE_MSGC_INPUTS_MOUSE_PRESS:
        case SPICE_MSGC_INPUTS_MOUSE_RELEASE: {
            uint8_t button = r.u8("button");
            uint16_t buttons = r.u16("buttons_state");
            if (auto st = check_button(r, button); !st) {
                return st.error();
            }
            if (msg.type == SPICE_MSGC_INPUTS_MOUSE_PRESS) {
                return done("MOUSE_PRESS", MousePress{button, buttons});
            }
            return done("MOUSE_RELEASE", MouseRelease{button, buttons});
        }
        default:
            return make_error(fmt::format("unknown inputs channel message type {}", msg.type));
    }
}

OutMessage make_mouse_motion(int32_t dx, int32_t dy, uint16_t buttons) {
    Writer w(10);
    w.i32(dx);
    w.i32(dy);
    w.u16(buttons);
    return {SPICE_MSGC_INPUTS_MOUSE_MOTION, w.take()};
}

OutMessage make_mouse_position(uint32_t x, uint32_t y, uint16_t buttons, uint8_t display) {
    Writer w(11);
    w.u32(x);
    w.u32(y);
    w.u16(buttons);
    w.u8(display);
    return {SPICE_MSGC_INPUTS_MOUSE_POSITION, w.take()};
}

OutMessage make_key_down(uint32_t code) {
    Writer w(4);
    w.u32(code);
    return {SPICE_MSGC_INPUTS_KEY_DOWN, w.take()};
}

}  // namespace spicedesk::core
