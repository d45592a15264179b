#pragma once

// The client's end of the guest agent link on the main channel, without networking (the main
// channel feeds it and sends what it asks; the unit tests and the fuzzer drive it alike).
//
// Flow control both ways, one token = one AGENT_DATA message:
//  - to the server: INIT / AGENT_CONNECTED_TOKENS give our budget, AGENT_TOKEN adds to it; each
//    piece we send spends one; pieces wait in a queue while the budget is 0;
//  - from the server: AGENT_START gives it kClientWindow tokens; we grant them back with
//    AGENT_TOKEN as we consume pieces (every kClientWindow / 2), so it never stalls on us.
//    (spice-gtk sends ~0 and never grants; a window is what libspice-server's token scheme is
//    for, and bounds what a server may push at us.)
// On (re)connection we send AGENT_START, then ANNOUNCE_CAPABILITIES with request = 1; the agent's
// own announcement is recorded (and answered when it asks). VD_AGENT_REPLY is reported. Anything
// malformed from the agent (a guest program: untrusted) disables the link until the agent
// reconnects; it never ends the session.
//
// Thread: the session thread (the main channel's).

#include <cstdint>
#include <deque>
#include <functional>
#include <span>
#include <vector>

#include "common/result.hpp"
#include "spice-core/client/session.hpp"
#include "spice-core/protocol/agent.hpp"

namespace spicedesk::core::client {

struct AgentLinkEvents {
    std::function<void(uint16_t type, std::vector<uint8_t> body)> send;  // a main-channel message
    std::function<void(const AgentState&)> state;                        // connected/caps changed
    std::function<void(uint32_t type, uint32_t error)> reply;            // VD_AGENT_REPLY
};

class AgentLink {
  public:
    static constexpr uint32_t kClientWindow = 10;  // AGENT_DATA the server may send unacknowledged
    static constexpr size_t kMaxQueuedPieces = 1024;  // beyond: oldest whole messages dropped

    explicit AgentLink(AgentLinkEvents events) : events_(std::move(events)) {}

    // MAIN_INIT's agent_connected / agent_tokens.
    void on_init(bool connected, uint32_t tokens);
    // AGENT_CONNECTED (tokens unset: keep the budget) and AGENT_CONNECTED_TOKENS.
    void on_connected(std::optional<uint32_t> tokens);
    void on_disconnected();
    void on_token(uint32_t tokens);
    // One AGENT_DATA body.
    void on_data(std::span<const uint8_t> piece);

    // VD_AGENT_MONITORS_CONFIG for these monitors; an error (and nothing sent) when the agent is
    // not connected or the request is empty or out of range.
    Status request_monitors(const std::vector<MonitorRequest>& monitors);

    const AgentState& state() const { return state_; }
    uint32_t server_tokens() const { return server_tokens_; }
    size_t queued_pieces() const { return queue_.size(); }

  private:
    struct Piece {
        std::vector<uint8_t> data;
        bool first = false;  // the first piece of a message
    };
    void start();
    void queue_message(uint32_t type, std::span<const uint8_t> data);
    void flush();
    void handle_message(const AgentMessage& msg);
    void announce(bool request);
    void notify();
    void fail(const std::string& why);

    AgentLinkEvents events_;
    AgentState state_;
    uint32_t server_tokens_ = 0;
    uint32_t consumed_ = 0;  // pieces received, not yet granted back
    bool broken_ = false;    // the agent sent garbage: ignore it until it reconnects
    AgentMessageAssembler assembler_;
    std::deque<Piece> queue_;
};

// Lays monitors out left to right in order of their requested position, as spice-gtk's default
// alignment does (y = 0, each x = the widths before it).
std::vector<MonitorRequest> align_monitors(const std::vector<MonitorRequest>& monitors);

}  // namespace spicedesk::core::client
