#pragma once

// Main channel messages (spice.proto "channel MainChannel").

#include <cstdint>
#include <span>
#include <utility>
#include <variant>
#include <vector>

#include "common/result.hpp"
#include "spice-core/protocol/message.hpp"
#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

struct MainInit {
    uint32_t session_id = 0;
    uint32_t display_channels_hint = 1;
    uint32_t supported_mouse_modes = SPICE_MOUSE_MODE_SERVER;
    uint32_t current_mouse_mode = SPICE_MOUSE_MODE_SERVER;
    uint32_t agent_connected = 0;
    uint32_t agent_tokens = 0;
    uint32_t multi_media_time = 0;
    uint32_t ram_hint = 0;
};

struct ChannelId {
    uint8_t type = 0;
    uint8_t id = 0;
};

OutMessage make_main_init(const MainInit& init);
OutMessage make_channels_list(std::span<const ChannelId> channels);
OutMessage make_mouse_mode(uint16_t supported, uint16_t current);
OutMessage make_multi_media_time(uint32_t time);
// The guest agent's state and data (server -> client). AGENT_CONNECTED_TOKENS also resets the
// client's tokens for AGENT_DATA to num_tokens; AGENT_TOKEN returns tokens the server freed.
OutMessage make_agent_connected();
OutMessage make_agent_connected_tokens(uint32_t num_tokens);
OutMessage make_agent_disconnected(uint32_t error_code);
OutMessage make_agent_data(std::span<const uint8_t> piece);
OutMessage make_agent_token(uint32_t num_tokens);

struct ClientInfo {
    uint64_t cache_size = 0;
};
struct AttachChannels {};
struct MouseModeRequest {
    uint16_t mode = 0;
};
struct AgentStart {
    uint32_t num_tokens = 0;
};
struct AgentData {
    std::span<const uint8_t> data;
};
struct AgentToken {
    uint32_t num_tokens = 0;
};
struct MainIgnored {  // migration messages and the quality indicator: accepted, not acted on
    uint16_t type = 0;
};
using MainClientMessage = std::variant<ClientInfo, AttachChannels, MouseModeRequest, AgentStart,
                                       AgentData, AgentToken, MainIgnored>;

Result<MainClientMessage> parse_main_client_message(const InMessage& msg);

// Client side, for tests and the fuzzer's seeds.
OutMessage make_mouse_mode_request(uint16_t mode);
OutMessage make_client_agent_start(uint32_t num_tokens);
OutMessage make_client_agent_data(std::span<const uint8_t> piece);
OutMessage make_client_agent_token(uint32_t num_tokens);

}  // namespace spicedesk::core
