#include "spice-core/client/wire/cursor.hpp"

#include <fmt/format.h>

#include "spice-core/client/wire/common.hpp"
#include "spice-core/protocol/reader.hpp"

namespace spicedesk::core::client::wire {

namespace {

template <typename V, typename T>
Result<V> finish_msg(const Reader& r, const char* what, T&& msg) {
    if (auto st = r.finish(what); !st) {
        return st.error();
    }
    return V(std::forward<T>(msg));
}

}  // namespace

namespace {

WireCursor read_cursor(Reader& r) {
    WireCursor c;
    c.flags = r.u16("cursor.flags");
    if (!(c.flags & SPICE_CURSOR_FLAGS_NONE)) {
        c.unique = r.u64("cursor.unique");
        c.type = r.u8("cursor.type");
        c.width = r.u16("cursor.width");
        c.height = r.u16("cursor.height");
        c.hot_x = r.u16("cursor.hot_spot_x");
        c.hot_y = r.u16("cursor.hot_spot_y");
    }
    c.data = r.rest();
    return c;
}

}  // namespace

Result<CursorMessage> parse_cursor_message(uint16_t type, std::span<const uint8_t> body) {
    Reader r(body);
    const char* what = "cursor message";
    switch (type) {
        case SPICE_MSG_CURSOR_INIT: {
            what = "CURSOR_INIT";
            CursorInit m;
            m.position = read_point16(r);
            m.trail_length = r.u16("trail_length");
            m.trail_frequency = r.u16("trail_frequency");
            m.visible = r.u8("visible") != 0;
            m.cursor = read_cursor(r);
            return finish_msg<CursorMessage>(r, what, m);
        }
        case SPICE_MSG_CURSOR_RESET:
            return CursorMessage(CursorReset{});
        case SPICE_MSG_CURSOR_SET: {
            what = "CURSOR_SET";
            CursorSet m;
            m.position = read_point16(r);
            m.visible = r.u8("visible") != 0;
            m.cursor = read_cursor(r);
            return finish_msg<CursorMessage>(r, what, m);
        }
        case SPICE_MSG_CURSOR_MOVE:
            what = "CURSOR_MOVE";
            return finish_msg<CursorMessage>(r, what, CursorMove{read_point16(r)});
        case SPICE_MSG_CURSOR_HIDE:
            return CursorMessage(CursorHide{});
        case SPICE_MSG_CURSOR_TRAIL: {
            what = "CURSOR_TRAIL";
            CursorTrail m;
            m.length = r.u16("length");
            m.frequency = r.u16("frequency");
            return finish_msg<CursorMessage>(r, what, m);
        }
        case SPICE_MSG_CURSOR_INVAL_ONE:
            what = "CURSOR_INVAL_ONE";
            return finish_msg<CursorMessage>(r, what, CursorInvalOne{r.u64("id")});
        case SPICE_MSG_CURSOR_INVAL_ALL:
            return CursorMessage(CursorInvalAll{});
        default:
            return make_error(fmt::format("unknown cursor message type {}", type));
    }
}

Result<InputsMessage> parse_inputs_message(uint16_t type, std::span<const uint8_t> body) {
    Reader r(body);
    const char* what = "inputs message";
    switch (type) {
        case SPICE_MSG_INPUTS_INIT:
            what = "INPUTS_INIT";
            return finish_msg<InputsMessage>(r, what, InputsInit{r.u16("keyboard_modifiers")});
        case SPICE_MSG_INPUTS_KEY_MODIFIERS:
            what = "INPUTS_KEY_MODIFIERS";
            return finish_msg<InputsMessage>(r, what, InputsKeyModifiers{r.u16("modifiers")});
        case SPICE_MSG_INPUTS_MOUSE_MOTION_ACK:
            return InputsMessage(InputsMotionAck{});
        default:
            return make_error(fmt::format("unknown inputs message type {}", type));
    }
}

}  // namespace spicedesk::core::client::wire
