#pragma once

// One SPICE channel connection on the client side: TCP (or TLS) connect, the link stage
// (SpiceLinkMess / SpiceLinkReply, AUTH_SPICE ticket encrypted with RSA-OAEP under the server's
// key, the link result), NEED_SECURED → the same channel again on the TLS port, then framed
// messages (mini header when both sides have it) with the base protocol handled here: SET_ACK /
// ACK_SYNC / ACK window, PING / PONG, NOTIFY, DISCONNECTING, WAIT_FOR_CHANNELS, MIGRATE.
// Subclasses (main, display, inputs, cursor; later playback, record, usbredir) get their own
// messages through handle(); an error from handle() closes the channel with that reason.
//
// Thread: everything runs on the session thread (the io_context's); send() too — the session
// posts calls from other threads there. Lifetime: shared_ptr, kept alive by its pending
// handlers and by the session's channel table.

#include <asio.hpp>
#include <asio/ssl.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "spice-core/protocol/caps.hpp"
#include "spice-core/protocol/framing.hpp"

namespace spicedesk::core::client {

class SessionImpl;

class Channel : public std::enable_shared_from_this<Channel> {
  public:
    // Largest message body accepted from a server (a full-screen 32-bit bitmap is 16 MiB at
    // 2048x2048; allow 4 times that).
    static constexpr uint32_t kMaxMessageBody = 64 * 1024 * 1024;
    static constexpr std::chrono::seconds kLinkTimeout{15};

    Channel(SessionImpl& session, uint8_t type, uint8_t id);
    virtual ~Channel();
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    uint8_t type() const { return type_; }
    uint8_t id() const { return id_; }
    bool linked() const { return linked_; }
    bool closed() const { return closed_; }
    bool secure() const { return tls_ != nullptr; }

    // Connects on the plain port (or the TLS port when there is no plain one).
    void start();
    // Closes the connection; why.ok() when we close it on purpose. Idempotent.
    void close(Status why);
    // Queues one message (type + body) for sending.
    void send(uint16_t type, std::vector<uint8_t> body);

    static const char* type_name(uint8_t type);
    std::string name() const;

  protected:
    virtual Caps channel_caps() const { return {}; }
    // Linked: send the channel's first messages.
    virtual void on_linked() {}
    // One message of this channel's own family (base messages never get here).
    virtual Status handle(uint16_t type, std::span<const uint8_t> body) = 0;
    // After each batch of messages read in one go.
    virtual void on_batch_end() {}
    virtual void on_closed(const Status& why) { (void)why; }

    const Caps& remote_channel_caps() const { return remote_channel_caps_; }
    SessionImpl& session_;

  private:
    void connect(bool tls);
    void on_connected(bool tls);
    void send_link();
    void read_link_reply();
    void on_link_reply(std::span<const uint8_t> body, bool tls);
    void read_link_result();
    void start_reading();
    void on_read(size_t n);
    Status dispatch(uint16_t type, std::span<const uint8_t> body);
    Status handle_base(uint16_t type, std::span<const uint8_t> body);
    void write_next();
    void fail(const std::string& what, const std::error_code& ec);

    template <typename Fn>
    void with_stream(Fn&& fn) {
        if (tls_) {
            fn(*tls_);
        } else {
            fn(*tcp_);
        }
    }

    uint8_t type_;
    uint8_t id_;
    std::optional<asio::ip::tcp::socket> tcp_;
    std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket>> tls_;
    asio::ip::tcp::resolver resolver_;
    asio::steady_timer link_timer_;
    bool tried_tls_ = false;
    bool linked_ = false;
    bool closed_ = false;
    std::vector<uint8_t> link_buf_;
    Caps remote_common_caps_;
    Caps remote_channel_caps_;
    std::optional<Framing> framing_;
    std::vector<uint8_t> in_;
    size_t in_len_ = 0;
    std::deque<std::vector<uint8_t>> out_;
    bool writing_ = false;
    uint32_t ack_window_ = 0;
    uint32_t ack_count_ = 0;
    uint32_t disconnect_reason_ = 0;
};

}  // namespace spicedesk::core::client
