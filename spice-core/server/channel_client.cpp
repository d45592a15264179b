#include "spice-core/server/channel_client.hpp"

#include <fmt/format.h>

#include "common/log.hpp"
#include "spice-core/protocol/base.hpp"
#include "spice-core/protocol/spice_headers.hpp"
#include "spice-core/server/server_core.hpp"
#include "spice-core/server/session.hpp"

namespace spicedesk::core {

namespace {

constexpr size_t kMaxWriteBatch = 256 * 1024;

const char* channel_name(uint8_t type) {
    switch (type) {
        case SPICE_CHANNEL_MAIN:
            return "main";
        case SPICE_CHANNEL_DISPLAY:
            return "display";
        case SPICE_CHANNEL_INPUTS:
            return "inputs";
        case SPICE_CHANNEL_CURSOR:
            return "cursor";
        default:
            return "channel";
    }
}

}  // namespace

ChannelClient::ChannelClient(ServerCore& core, std::shared_ptr<Session> session,
                             std::unique_ptr<Stream> stream, LinkMess link, bool mini_header)
    : core_(core),
      session_(std::move(session)),
      stream_(std::move(stream)),
      link_(std::move(link)),
      framing_(mini_header) {
    ++core_.stats().live_channel_clients;
}

ChannelClient::~ChannelClient() {
    --core_.stats().live_channel_clients;
}

std::string ChannelClient::name() const {
    return fmt::format("{}:{} ({})", channel_name(link_.channel_type), link_.channel_id,
                       stream_ ? stream_->peer() : "?");
}

void ChannelClient::start() {
    on_start();
    read_header();
}

void ChannelClient::disconnect(const std::string& reason) {
    if (closed_) {
        return;
    }
    closed_ = true;
    if (close_timer_) {
        close_timer_->cancel();
    }
    log::info("spice-server", "{} closed: {}", name(), reason);
    stream_->close();
    send_queue_.clear();
    queued_bytes_ = 0;
    on_closed();
    core_.channel_closed(this);
}

void ChannelClient::close_gracefully(const std::string& reason, SpiceLinkErr code) {
    if (closed_ || closing_) {
        return;
    }
    using namespace std::chrono;
    send(make_disconnecting(
        static_cast<uint64_t>(
            duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()),
        code));
    closing_ = true;
    closing_reason_ = reason;
    if (!writing_ && send_queue_.empty()) {
        disconnect(reason);
        return;
    }
    close_timer_ = std::make_unique<asio::steady_timer>(core_.io(), kGracefulCloseTimeout);
    close_timer_->async_wait([self = shared_from_this()](std::error_code ec) {
        if (!ec) {
            self->disconnect(self->closing_reason_);
        }
    });
}

void ChannelClient::send_notify(SpiceNotifySeverity severity, std::string_view text) {
    send(make_notify(0, severity, 0, text));
}

void ChannelClient::read_header() {
    if (closed_) {
        return;
    }
    header_buf_.resize(framing_.header_size());
    stream_->async_read(
        asio::buffer(header_buf_), [self = shared_from_this()](std::error_code ec, size_t) {
            if (self->closed_) {
                return;
            }
            if (ec) {
                self->disconnect(ec == asio::error::eof ? "peer closed" : ec.message());
                return;
            }
            auto h = self->framing_.parse_header(self->header_buf_,
                                                 self->core_.config().max_client_message);
            if (!h) {
                ++self->core_.stats().bad_messages;
                log::warn("spice-server", "{}: {}", self->name(), h.message());
                self->disconnect("bad message header");
                return;
            }
            self->header_ = *h;
            self->read_body();
        });
}

void ChannelClient::read_body() {
    body_.resize(header_.size);
    if (header_.size == 0) {
        handle_message();
        return;
    }
    stream_->async_read(
        asio::buffer(body_), [self = shared_from_this()](std::error_code ec, size_t) {
            if (self->closed_) {
                return;
            }
            if (ec) {
                self->disconnect(ec == asio::error::eof ? "peer closed" : ec.message());
                return;
            }
            self->handle_message();
        });
}

void ChannelClient::handle_message() {
    InMessage msg{header_.type, std::span<const uint8_t>(body_)};
    if (header_.sub_list != 0) {  // clients never send sub-message lists
        msg.body = msg.body.first(header_.sub_list);
    }
    Status st = is_base_client_message(msg.type) ? handle_base(msg) : on_message(msg);
    if (!st) {
        ++core_.stats().bad_messages;
        log::warn("spice-server", "{}: {}", name(), st.message());
        disconnect("bad message");
        return;
    }
    read_header();
}

Status ChannelClient::handle_base(const InMessage& msg) {
    auto parsed = parse_base_client_message(msg);
    if (!parsed) {
        return parsed.error();
    }
    if (auto* sync = std::get_if<AckSync>(&*parsed)) {
        if (sync->generation == ack_generation_) {
            unacked_ = 0;
        }
    } else if (std::holds_alternative<Ack>(*parsed)) {
        unacked_ = unacked_ > ack_window_ ? unacked_ - ack_window_ : 0;
        if (can_send()) {
            on_window_open();
        }
    } else if (auto* pong = std::get_if<Pong>(&*parsed)) {
        on_pong(pong->id);
    } else if (auto* bye = std::get_if<ClientDisconnecting>(&*parsed)) {
        log::info("spice-server", "{}: client disconnecting (reason {})", name(), bye->reason);
    }
    return {};
}

void ChannelClient::send(const OutMessage& msg) {
    if (closed_ || closing_) {
        return;
    }
    std::vector<uint8_t> frame;
    frame.reserve(framing_.header_size() + msg.body.size());
    framing_.append(frame, msg.type, msg.body);
    queued_bytes_ += frame.size();
    core_.stats().bytes_sent += frame.size();
    if (link_.channel_type == SPICE_CHANNEL_DISPLAY) {
        core_.stats().display_bytes_sent += frame.size();
    }
    if (ack_window_ != 0) {
        ++unacked_;
    }
    send_queue_.push_back(std::move(frame));
    if (!writing_) {
        write_next();
    }
}

void ChannelClient::write_next() {
    if (closed_ || send_queue_.empty()) {
        writing_ = false;
        return;
    }
    writing_ = true;
    writing_buf_ = std::move(send_queue_.front());
    send_queue_.pop_front();
    while (!send_queue_.empty() &&
           writing_buf_.size() + send_queue_.front().size() <= kMaxWriteBatch) {
        auto& next = send_queue_.front();
        writing_buf_.insert(writing_buf_.end(), next.begin(), next.end());
        send_queue_.pop_front();
    }
    stream_->async_write(asio::buffer(writing_buf_),
                         [self = shared_from_this()](std::error_code ec, size_t n) {
                             if (self->closed_) {
                                 return;
                             }
                             if (ec) {
                                 self->disconnect("write failed: " + ec.message());
                                 return;
                             }
                             self->queued_bytes_ -= std::min(self->queued_bytes_, n);
                             self->writing_ = false;
                             self->write_next();
                             if (self->closing_ && !self->writing_) {
                                 self->disconnect(self->closing_reason_);
                                 return;
                             }
                             if (self->can_send()) {
                                 self->on_window_open();
                             }
                         });
}

void ChannelClient::enable_ack(uint32_t window) {
    ++ack_generation_;
    send(make_set_ack(ack_generation_, window));
    ack_window_ = window;
    unacked_ = 0;
}

bool ChannelClient::can_send() const {
    if (closed_) {
        return false;
    }
    if (ack_window_ != 0 && unacked_ >= 2ULL * ack_window_) {
        return false;
    }
    return queued_bytes_ < core_.config().max_send_queue_bytes;
}

}  // namespace spicedesk::core
