#pragma once

// One linked channel connection: framing, the read loop, the send queue, ACK-window flow
// control and PING/PONG. Subclasses implement the channel's own messages.
// Thread: everything runs on the server io thread; instances are owned by shared_ptr
// (the session and in-flight handlers).

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "spice-core/net/stream.hpp"
#include "spice-core/protocol/framing.hpp"
#include "spice-core/protocol/link.hpp"
#include "spice-core/protocol/message.hpp"
#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

class ServerCore;
class Session;

inline constexpr std::chrono::milliseconds kGracefulCloseTimeout{500};

class ChannelClient : public std::enable_shared_from_this<ChannelClient> {
  public:
    ChannelClient(ServerCore& core, std::shared_ptr<Session> session,
                  std::unique_ptr<Stream> stream, LinkMess link, bool mini_header);
    virtual ~ChannelClient();
    ChannelClient(const ChannelClient&) = delete;
    ChannelClient& operator=(const ChannelClient&) = delete;

    void start();
    // Closes the connection (idempotent) and logs why.
    void disconnect(const std::string& reason);
    // Sends DISCONNECTING with the reason code, then closes once it is written (at most
    // kGracefulCloseTimeout later). Nothing else is sent meanwhile.
    void close_gracefully(const std::string& reason, SpiceLinkErr code);
    void send_notify(SpiceNotifySeverity severity, std::string_view text);
    bool closed() const { return closed_; }
    uint8_t channel_type() const { return link_.channel_type; }
    uint8_t channel_id() const { return link_.channel_id; }
    const LinkMess& link() const { return link_; }
    std::string name() const;
    const std::shared_ptr<Session>& session() const { return session_; }

  protected:
    virtual void on_start() = 0;
    // A channel message (type > SPICE_MSG_BASE_LAST). An error closes the connection.
    virtual Status on_message(const InMessage& msg) = 0;
    // The send window reopened (an ACK arrived or the queue drained).
    virtual void on_window_open() {}
    virtual void on_closed() {}
    virtual void on_pong(uint32_t /*id*/) {}

    void send(const OutMessage& msg);
    // Sends SET_ACK and starts counting messages against the window.
    void enable_ack(uint32_t window);
    // True while unacknowledged messages stay within two windows and the send queue is
    // below its byte limit.
    bool can_send() const;
    size_t queued_bytes() const { return queued_bytes_; }
    ServerCore& core() { return core_; }

  private:
    void read_header();
    void read_body();
    void handle_message();
    void write_next();
    Status handle_base(const InMessage& msg);

    ServerCore& core_;
    std::shared_ptr<Session> session_;
    std::unique_ptr<Stream> stream_;
    LinkMess link_;
    Framing framing_;
    bool closed_ = false;
    bool closing_ = false;
    std::string closing_reason_;
    std::unique_ptr<asio::steady_timer> close_timer_;

    std::vector<uint8_t> header_buf_;
    MessageHeader header_;
    std::vector<uint8_t> body_;

    std::deque<std::vector<uint8_t>> send_queue_;
    size_t queued_bytes_ = 0;
    bool writing_ = false;
    std::vector<uint8_t> writing_buf_;

    uint32_t ack_window_ = 0;  // 0: flow control off
    uint32_t ack_generation_ = 0;
    uint64_t unacked_ = 0;
};

}  // namespace spicedesk::core
