// The cursor path: CURSOR commands, the cursor state and its sinks (the cursor channel).

#include "spice-core/server/qxl/worker.hpp"

namespace spicedesk::core::qxl {

Status Worker::handle_cursor(const ParseContext& ctx, uint64_t addr) {
    auto c = parse_cursor_command(ctx, addr);
    if (!c) {
        return c.error();
    }
    ++stats_.cursor_commands;
    std::lock_guard lock(mutex_);
    switch (c->type) {
        case QXL_CURSOR_SET:
            cursor_.x = c->x;
            cursor_.y = c->y;
            cursor_.visible = c->visible;
            cursor_.shape = c->shape;
            emit_cursor_locked(CursorSetEvent{cursor_});
            break;
        case QXL_CURSOR_MOVE:
            cursor_.x = c->x;
            cursor_.y = c->y;
            cursor_.visible = true;
            emit_cursor_locked(CursorMoveEvent{c->x, c->y});
            break;
        case QXL_CURSOR_HIDE:
            cursor_.visible = false;
            emit_cursor_locked(CursorHideEvent{});
            break;
        default:  // TRAIL: nothing a SPICE client shows
            break;
    }
    return {};
}

void Worker::emit_cursor_locked(const CursorEvent& event) {
    for (auto* sink : cursor_sinks_) {
        sink->on_cursor_event(event);
    }
}

void Worker::reset_cursor() {
    call([this] {
        std::lock_guard lock(mutex_);
        cursor_ = CursorState{};
        emit_cursor_locked(CursorResetEvent{});
    });
}

CursorState Worker::cursor_state() {
    std::lock_guard lock(mutex_);
    return cursor_;
}

void Worker::subscribe(CursorSink* sink) {
    std::lock_guard lock(mutex_);
    cursor_sinks_.push_back(sink);
}

void Worker::unsubscribe(CursorSink* sink) {
    std::lock_guard lock(mutex_);
    std::erase(cursor_sinks_, sink);
}

}  // namespace spicedesk::core::qxl
