#include "spice-core/protocol/cursor.hpp"

#include "spice-core/protocol/writer.hpp"

namespace spicedesk::core {

namespace {

void write_cursor(Writer& w, const CursorShape* shape) {
    if (shape == nullptr) {
        w.u16(SPICE_CURSOR_FLAGS_NONE);
        return;
    }
    w.u16(0);
    w.u64(shape->unique);
    w.u8(shape->type);
    w.u16(shape->width);
    w.u16(shape->height);
    w.u16(shape->hot_x);
    w.u16(shape->hot_y);
    w.bytes(shape->data);
}

}  // namespace

OutMessage make_cursor_init(int16_t x, int16_t y, bool visible, const CursorShape* shape) {
    Writer w(32 + (shape ? shape->data.size() : 0));
    w.i16(x);
    w.i16(y);
    w.u16(0);  // trail_length
    w.u16(0);  // trail_frequency
    w.u8(visible ? 1 : 0);
    write_cursor(w, shape);
    return {SPICE_MSG_CURSOR_INIT, w.take()};
}

OutMessage make_cursor_set(int16_t x, int16_t y, bool visible, const CursorShape* shape) {
    Writer w(32 + (shape ? shape->data.size() : 0));
    w.i16(x);
    w.i16(y);
    w.u8(visible ? 1 : 0);
    write_cursor(w, shape);
    return {SPICE_MSG_CURSOR_SET, w.take()};
}

OutMessage make_cursor_move(int16_t x, int16_t y) {
    Writer w(4);
    w.i16(x);
    w.i16(y);
    return {SPICE_MSG_CURSOR_MOVE, w.take()};
}

OutMessage make_cursor_hide() {
    return {SPICE_MSG_CURSOR_HIDE, {}};
}
OutMessage make_cursor_reset() {
    return {SPICE_MSG_CURSOR_RESET, {}};
}

}  // namespace spicedesk::core
