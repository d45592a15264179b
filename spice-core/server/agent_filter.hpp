#pragma once

// Classifies the pieces of an agent message stream (client -> guest AGENT_DATA bodies, or the
// data of guest -> client VDI chunks) as libspice-server's agent message filter does: a piece
// either starts a message (20-byte VDAgentMessage header) or continues the current one, never
// both; clipboard and file-transfer messages are dropped when those are disabled; MONITORS_CONFIG
// is set apart when the QXL devices take client monitors configs (the server handles it).
// Thread: one owner (the server io thread).

#include <cstdint>
#include <span>

namespace spicedesk::core {

enum class AgentFilterResult {
    Forward,         // pass the piece on
    Discard,         // drop it
    MonitorsConfig,  // part of a MONITORS_CONFIG the server takes itself
    ProtocolError,   // malformed: close the peer
};

struct AgentFilterConfig {
    bool copy_paste = true;
    bool file_transfer = true;
    bool use_client_monitors_config = false;
};

class AgentMessageFilter {
  public:
    explicit AgentMessageFilter(AgentFilterConfig config = {}, bool discard_all = true)
        : config_(config), discard_all_(discard_all) {}

    AgentFilterResult process(std::span<const uint8_t> piece);

    void configure(AgentFilterConfig config) { config_ = config; }
    // Throws away everything (the current message included) until reset.
    void discard_all();
    // Starts or stops throwing away whole messages without losing the place in the stream (the
    // rest of a message already being discarded stays discarded).
    void set_discard_all(bool on);
    // A clean state that forwards again (a new client or a new agent).
    void reset(AgentFilterConfig config, bool discard_all);
    bool mid_message() const { return data_to_read_ != 0; }
    // The VD_AGENT_* type of the message the last piece belonged to.
    uint32_t message_type() const { return type_; }

  private:
    AgentFilterConfig config_;
    bool discard_all_;
    uint32_t data_to_read_ = 0;  // bytes of the current message still to come
    uint32_t type_ = 0;
    AgentFilterResult result_ = AgentFilterResult::Discard;
};

}  // namespace spicedesk::core
