#pragma once

// Runs the link stage on one connection (protocol 2.2): header, SpiceLinkMess, the reply
// with a fresh RSA key, the auth mechanism, the encrypted ticket, the link result; then hands
// the stream to ServerCore::attach. A link that does not finish within the configured
// link timeout (ServerConfig::link_timeout) is closed. Thread: server io thread; owned by its own
// in-flight handlers.

#include <asio.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <vector>

#include "spice-core/net/stream.hpp"
#include "spice-core/net/ticket_auth.hpp"
#include "spice-core/protocol/link.hpp"

namespace spicedesk::core {

class ServerCore;

class LinkHandler : public std::enable_shared_from_this<LinkHandler> {
  public:
    LinkHandler(ServerCore& core, std::unique_ptr<Stream> stream);
    ~LinkHandler();
    void start();

  private:
    void read_mess();
    void send_reply();
    void send_reply_with_key();
    void read_auth_mechanism();
    void read_ticket();
    void check_ticket();
    // Sends an error (as a link reply before the reply was sent, else as the link result)
    // and closes.
    void refuse(SpiceLinkErr error, const std::string& reason);
    void fail(const std::string& reason);
    void write(std::vector<uint8_t> data, std::function<void()> then);

    ServerCore& core_;
    std::unique_ptr<Stream> stream_;
    asio::steady_timer timer_;
    std::vector<uint8_t> buf_;
    std::vector<uint8_t> out_;
    LinkMess link_;
    std::optional<TicketKey> key_;
    bool reply_sent_ = false;
    bool done_ = false;
};

}  // namespace spicedesk::core
