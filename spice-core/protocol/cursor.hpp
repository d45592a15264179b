#pragma once

// Cursor channel messages (spice.proto "channel CursorChannel"). The cursor channel has no
// client messages of its own (only the base ones).

#include <cstdint>
#include <vector>

#include "spice-core/protocol/message.hpp"
#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

struct CursorShape {
    uint64_t unique = 0;
    uint8_t type = SPICE_CURSOR_TYPE_ALPHA;
    uint16_t width = 0;
    uint16_t height = 0;
    uint16_t hot_x = 0;
    uint16_t hot_y = 0;
    std::vector<uint8_t> data;  // ALPHA: width * height ARGB pixels, little endian
};

// shape == nullptr sends a cursor with SPICE_CURSOR_FLAGS_NONE.
OutMessage make_cursor_init(int16_t x, int16_t y, bool visible, const CursorShape* shape);
OutMessage make_cursor_set(int16_t x, int16_t y, bool visible, const CursorShape* shape);
OutMessage make_cursor_move(int16_t x, int16_t y);
OutMessage make_cursor_hide();
OutMessage make_cursor_reset();

}  // namespace spicedesk::core
