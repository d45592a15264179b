#pragma once

// Where the cursor channel takes the pointer shape and position from.

#include <cstdint>
#include <memory>
#include <variant>

#include "spice-core/protocol/cursor.hpp"

namespace spicedesk::core {

struct CursorState {
    int16_t x = 0;
    int16_t y = 0;
    bool visible = false;
    std::shared_ptr<const CursorShape> shape;  // null: no cursor
};

struct CursorSetEvent {
    CursorState state;
};
struct CursorMoveEvent {
    int16_t x = 0;
    int16_t y = 0;
};
struct CursorHideEvent {};
struct CursorResetEvent {};
using CursorEvent =
    std::variant<CursorSetEvent, CursorMoveEvent, CursorHideEvent, CursorResetEvent>;

// Called from the source's thread; must not block.
class CursorSink {
  public:
    virtual ~CursorSink() = default;
    virtual void on_cursor_event(CursorEvent event) = 0;
};

class CursorSource {
  public:
    virtual ~CursorSource() = default;
    virtual CursorState cursor_state() = 0;
    virtual void subscribe(CursorSink* sink) = 0;
    virtual void unsubscribe(CursorSink* sink) = 0;
};

}  // namespace spicedesk::core
