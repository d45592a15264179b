#pragma once

// The server's shared state on its io thread: configuration, ticket, channel registry,
// the current session, and the hand-off from a completed link to a channel client.
// Thread: server io thread only (the Server facade posts into it).

#include <asio.hpp>
#include <cstdint>
#include <memory>
#include <random>

#include "spice-core/net/stream.hpp"
#include "spice-core/net/ticket_auth.hpp"
#include "spice-core/net/ticket_key_pool.hpp"
#include "spice-core/protocol/link.hpp"
#include "spice-core/server/channel.hpp"
#include "spice-core/server/config.hpp"
#include "spice-core/server/stats.hpp"

namespace spicedesk::core {

class AgentRelay;
class ChannelClient;
class InputSink;
class Session;

class ServerCore {
  public:
    ServerCore(asio::io_context& io, ServerConfig config, ServerStats& stats,
               std::unique_ptr<AgentRelay> agent);
    ~ServerCore();

    asio::io_context& io() { return io_; }
    const ServerConfig& config() const { return config_; }
    ServerStats& stats() { return stats_; }
    ChannelRegistry& registry() { return registry_; }
    const Ticket& ticket() const { return config_.ticket; }
    void set_ticket(Ticket ticket) { config_.ticket = std::move(ticket); }
    InputSink* input_sink() const { return input_sink_; }
    void set_input_sink(InputSink* sink) { input_sink_ = sink; }
    TicketKeyPool& key_pool() { return *key_pool_; }
    void set_key_pool(TicketKeyPool* pool) { key_pool_ = pool; }
    // The guest agent's relay (always there; without an agent port it reports no agent).
    AgentRelay& agent() { return *agent_; }

    // Runs the link stage on a fresh connection (plain or after the TLS handshake).
    void accept(std::unique_ptr<Stream> stream);

    // Link-stage checks that do not need the ticket: the channel exists, its security mode
    // allows this transport, and a non-main channel names the current session.
    SpiceLinkErr check_link(const LinkMess& link, bool secure) const;
    Caps channel_caps(const LinkMess& link) const;
    // The link succeeded: builds and starts the channel client.
    void attach(std::unique_ptr<Stream> stream, LinkMess link, bool mini_header);
    void channel_closed(ChannelClient* client);
    std::shared_ptr<Session> session() const { return session_; }
    // Ends the current session at once (server stop).
    void disconnect_all(const std::string& reason);
    // Tracks live link handlers so stop() can close them.
    void link_started() { ++links_in_progress_; }
    void link_finished() { --links_in_progress_; }

  private:
    asio::io_context& io_;
    ServerConfig config_;
    ServerStats& stats_;
    ChannelRegistry registry_;
    InputSink* input_sink_ = nullptr;
    TicketKeyPool* key_pool_ = nullptr;
    std::unique_ptr<AgentRelay> agent_;
    std::shared_ptr<Session> session_;
    std::mt19937 rng_;
    int links_in_progress_ = 0;
};

}  // namespace spicedesk::core
