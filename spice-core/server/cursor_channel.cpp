#include "spice-core/server/cursor_channel.hpp"

#include <fmt/format.h>

#include "spice-core/protocol/cursor.hpp"
#include "spice-core/protocol/spice_headers.hpp"
#include "spice-core/server/server_core.hpp"

namespace spicedesk::core {

CursorChannel::CursorChannel(CursorSource& source)
    : Channel(SPICE_CHANNEL_CURSOR, 0), source_(source) {}

CursorChannel::~CursorChannel() {
    stop();
}

void CursorChannel::start(ServerCore& core) {
    core_ = &core;
    if (!subscribed_) {
        source_.subscribe(this);
        subscribed_ = true;
    }
}

void CursorChannel::stop() {
    if (subscribed_) {
        source_.unsubscribe(this);
        subscribed_ = false;
    }
}

void CursorChannel::on_cursor_event(CursorEvent event) {
    if (core_ == nullptr) {
        return;
    }
    if (inbox_.push(std::move(event), kMaxPendingCursorEvents)) {
        asio::post(core_->io(), [this] { drain(); });
    }
}

void CursorChannel::drain() {
    auto batch = inbox_.take();
    auto client = client_.lock();
    if (!client) {
        return;
    }
    if (batch.overflowed) {
        client->resync_later();
    }
    for (auto& item : batch.items) {
        client->push(std::move(item));
    }
}

std::shared_ptr<ChannelClient> CursorChannel::create_client(ServerCore& core,
                                                            std::shared_ptr<Session> session,
                                                            std::unique_ptr<Stream> stream,
                                                            LinkMess link, bool mini_header) {
    auto client = std::make_shared<CursorChannelClient>(core, std::move(session), std::move(stream),
                                                        std::move(link), mini_header, *this);
    client_ = client;
    return client;
}

CursorChannelClient::CursorChannelClient(ServerCore& core, std::shared_ptr<Session> session,
                                         std::unique_ptr<Stream> stream, LinkMess link,
                                         bool mini_header, CursorChannel& channel)
    : ChannelClient(core, std::move(session), std::move(stream), std::move(link), mini_header),
      channel_(channel) {}

void CursorChannelClient::on_start() {
    enable_ack(core().config().ack_window);
    CursorState state = channel_.source().cursor_state();
    send(make_cursor_init(state.x, state.y, state.visible, state.shape.get()));
}

Status CursorChannelClient::on_message(const InMessage& msg) {
    return make_error(fmt::format("unknown cursor channel message type {}", msg.type));
}

void CursorChannelClient::push(CursorEvent event) {
    if (closed()) {
        return;
    }
    if (std::holds_alternative<CursorMoveEvent>(event) && !pending_.empty() &&
        std::holds_alternative<CursorMoveEvent>(pending_.back())) {
        pending_.back() = event;  // only the newest position matters
    } else if (pending_.size() >= kMaxPendingCursorEvents) {
        pending_.clear();
        resync_needed_ = true;
    } else {
        pending_.push_back(std::move(event));
    }
    pump();
}

void CursorChannelClient::resync_later() {
    pending_.clear();
    resync_needed_ = true;
    pump();
}

void CursorChannelClient::resync() {
    CursorState state = channel_.source().cursor_state();
    send(make_cursor_set(state.x, state.y, state.visible, state.shape.get()));
}

void CursorChannelClient::pump() {
    while (can_send()) {
        if (resync_needed_) {
            resync_needed_ = false;
            resync();
            continue;
        }
        if (pending_.empty()) {
            return;
        }
        CursorEvent event = std::move(pending_.front());
        pending_.pop_front();
        if (auto* set = std::get_if<CursorSetEvent>(&event)) {
            send(make_cursor_set(set->state.x, set->state.y, set->state.visible,
                                 set->state.shape.get()));
        } else if (auto* move = std::get_if<CursorMoveEvent>(&event)) {
            send(make_cursor_move(move->x, move->y));
        } else if (std::holds_alternative<CursorHideEvent>(event)) {
            send(make_cursor_hide());
        } else {
            send(make_cursor_reset());
        }
    }
}

}  // namespace spicedesk::core
