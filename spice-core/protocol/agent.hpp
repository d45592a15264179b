#pragma once

// The guest agent's messages (spice-protocol <spice/vd_agent.h>), shared by the client, the
// server and guest-side agents. A VDAgentMessage (20-byte header + data) travels
//  - between client and server as the body of main-channel AGENT_DATA messages, cut into pieces
//    of at most VD_AGENT_MAX_DATA_SIZE bytes, one agent token each;
//  - between server and guest on the virtio port "com.redhat.spice.0" as VDIChunkHeader-framed
//    chunks (port + size, data at most VD_AGENT_MAX_DATA_SIZE), port VDP_CLIENT_PORT for what the
//    client sent and VDP_SERVER_PORT for the server's own messages.
// Everything read here is untrusted: sizes are checked against the data and against limits.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "common/result.hpp"
#include "spice-core/protocol/caps.hpp"

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"  // zero-length arrays; only constants are used
#endif
#include <spice/vd_agent.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace spicedesk::core {

inline constexpr size_t kAgentHeaderSize = 20;    // VDAgentMessage without data
inline constexpr size_t kVdiChunkHeaderSize = 8;  // VDIChunkHeader
// Far above any message we act on.
inline constexpr size_t kAgentMaxMessageSize = size_t{1024} * 1024;

struct AgentMessage {
    uint32_t type = 0;
    uint64_t opaque = 0;
    std::vector<uint8_t> data;
};

class Reader;

// The VDAgentMessage header (the size is the data's, which follows it).
struct AgentHeader {
    uint32_t protocol = 0;
    uint32_t type = 0;
    uint64_t opaque = 0;
    uint32_t size = 0;
};
// Reads the kAgentHeaderSize header bytes (the reader fails when fewer remain); checks nothing.
AgentHeader parse_agent_header(Reader& r);
// A header (protocol VD_AGENT_PROTOCOL) announcing size data bytes.
std::vector<uint8_t> encode_agent_header(uint32_t type, uint32_t size, uint64_t opaque = 0);

// A whole VDAgentMessage (header and data).
std::vector<uint8_t> encode_agent_message(uint32_t type, std::span<const uint8_t> data,
                                          uint64_t opaque = 0);
// The AGENT_DATA bodies that carry one encoded message, each at most VD_AGENT_MAX_DATA_SIZE.
std::vector<std::vector<uint8_t>> split_agent_data(std::span<const uint8_t> message);

// Reassembles VDAgentMessages from the pieces they arrived in (AGENT_DATA bodies, or the data of
// VDI chunks of one port). A piece may end one message and start the next. A wrong protocol
// number or a size above the limit is an error; the assembler is then unusable (close the peer).
class AgentMessageAssembler {
  public:
    explicit AgentMessageAssembler(size_t max_message_size = kAgentMaxMessageSize)
        : max_size_(max_message_size) {}
    Status feed(std::span<const uint8_t> piece, std::vector<AgentMessage>& out);
    // True between pieces of one message.
    bool mid_message() const { return !pending_.empty(); }

  private:
    size_t max_size_;
    std::vector<uint8_t> pending_;
    bool failed_ = false;
};

// VDI chunks on the guest port.
struct VdiChunk {
    uint32_t port = 0;
    std::vector<uint8_t> data;
};
// The chunks that carry message bytes to/from the guest, each data part at most
// VD_AGENT_MAX_DATA_SIZE.
std::vector<uint8_t> encode_vdi_chunks(uint32_t port, std::span<const uint8_t> message);
// Parses chunks out of a byte stream read from the port (reads may split chunks anywhere).
class VdiChunkReader {
  public:
    Status feed(std::span<const uint8_t> bytes, std::vector<VdiChunk>& out);

  private:
    std::vector<uint8_t> pending_;
    bool failed_ = false;
};

// VD_AGENT_ANNOUNCE_CAPABILITIES.
struct AgentCapabilities {
    bool request = false;  // the sender wants the peer's capabilities back
    Caps caps;
};
std::vector<uint8_t> encode_announce_capabilities(const AgentCapabilities& caps);
Result<AgentCapabilities> parse_announce_capabilities(std::span<const uint8_t> data);

// VD_AGENT_MONITORS_CONFIG (the client's wish for the guest's monitors).
struct AgentMonitor {
    uint32_t width = 0;
    uint32_t height = 0;
    uint32_t depth = 32;
    int32_t x = 0;
    int32_t y = 0;
};
struct AgentMonitorsConfig {
    uint32_t flags = 0;  // VD_AGENT_CONFIG_MONITORS_FLAG_*
    std::vector<AgentMonitor> monitors;
};
inline constexpr uint32_t kAgentMaxMonitors = 256;  // as libspice-server limits them
std::vector<uint8_t> encode_monitors_config(const AgentMonitorsConfig& config);
Result<AgentMonitorsConfig> parse_monitors_config(std::span<const uint8_t> data);

// VD_AGENT_REPLY (the agent's answer to MONITORS_CONFIG and DISPLAY_CONFIG).
struct AgentReply {
    uint32_t type = 0;
    uint32_t error = VD_AGENT_SUCCESS;
};
std::vector<uint8_t> encode_agent_reply(const AgentReply& reply);
Result<AgentReply> parse_agent_reply(std::span<const uint8_t> data);

}  // namespace spicedesk::core
