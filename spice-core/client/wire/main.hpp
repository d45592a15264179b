#pragma once

// Main channel messages from the server (spice.proto "channel MainChannel", server part).

#include <cstdint>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "common/result.hpp"
#include "spice-core/protocol/main.hpp"

namespace spicedesk::core::client::wire {

struct MainInitMsg {
    MainInit init;
};
struct ChannelsList {
    std::vector<ChannelId> channels;
};
struct MouseModeMsg {
    uint32_t supported = 0;
    uint32_t current = 0;
};
struct MultiMediaTime {
    uint32_t time = 0;
};
// Migration begins (plain or seamless): we refuse them (MIGRATE_CONNECT_ERROR).
struct MigrateBegin {
    bool seamless = false;
};
// The guest agent: AGENT_CONNECTED (tokens unset) and AGENT_CONNECTED_TOKENS.
struct AgentConnectedMsg {
    std::optional<uint32_t> tokens;
};
struct AgentDisconnectedMsg {
    uint32_t error = 0;
};
// AGENT_TOKEN: more AGENT_DATA messages we may send.
struct AgentTokenMsg {
    uint32_t tokens = 0;
};
// AGENT_DATA: one piece of the agent's stream (points into the message body).
struct AgentDataMsg {
    std::span<const uint8_t> data;
};
// Name, uuid, the other migration messages: parsed, not acted on.
struct MainIgnoredMsg {
    uint16_t type = 0;
};
using MainMessage = std::variant<MainInitMsg, ChannelsList, MouseModeMsg, MultiMediaTime,
                                 MigrateBegin, AgentConnectedMsg, AgentDisconnectedMsg,
                                 AgentTokenMsg, AgentDataMsg, MainIgnoredMsg>;

inline constexpr uint32_t kMaxChannels = 256;

Result<MainMessage> parse_main_message(uint16_t type, std::span<const uint8_t> body);

}  // namespace spicedesk::core::client::wire
