#include "spice-core/protocol/main.hpp"

#include <fmt/format.h>

#include "spice-core/protocol/reader.hpp"
#include "spice-core/protocol/writer.hpp"

namespace spicedesk::core {

OutMessage make_main_init(const MainInit& init) {
    Writer w(32);
    w.u32(init.session_id);
    w.u32(init.display_channels_hint);
    w.u32(init.supported_mouse_modes);
    w.u32(init.current_mouse_mode);
    w.u32(init.agent_connected);
    w.u32(init.agent_tokens);
    w.u32(init.multi_media_time);
    w.u32(init.ram_hint);
    return {SPICE_MSG_MAIN_INIT, w.take()};
}

OutMessage make_channels_list(std::span<const ChannelId> channels) {
    Writer w(4 + 2 * channels.size());
    w.u32(static_cast<uint32_t>(channels.size()));
    for (const auto& c : channels) {
        w.u8(c.type);
        w.u8(c.id);
    }
    return {SPICE_MSG_MAIN_CHANNELS_LIST, w.take()};
}

OutMessage make_mouse_mode(uint16_t supported, uint16_t current) {
    Writer w(4);
    w.u16(supported);
    w.u16(current);
    return {SPICE_MSG_MAIN_MOUSE_MODE, w.take()};
}

OutMessage make_multi_media_time(uint32_t time) {
    Writer w(4);
    w.u32(time);
    return {SPICE_MSG_MAIN_MULTI_MEDIA_TIME, w.take()};
}

OutMessage make_agent_connected() {
    return {SPICE_MSG_MAIN_AGENT_CONNECTED, {}};
}

OutMessage make_agent_connected_tokens(uint32_t num_tokens) {
    Writer w(4);
    w.u32(num_tokens);
    return {SPICE_MSG_MAIN_AGENT_CONNECTED_TOKENS, w.take()};
}

OutMessage make_agent_disconnected(uint32_t error_code) {
    Writer w(4);
    w.u32(error_code);
    return {SPICE_MSG_MAIN_AGENT_DISCONNECTED, w.take()};
}

OutMessage make_agent_data(std::span<const uint8_t> piece) {
    return {SPICE_MSG_MAIN_AGENT_DATA, {piece.begin(), piece.end()}};
}

OutMessage make_agent_token(uint32_t num_tokens) {
    Writer w(4);
    w.u32(num_tokens);
    return {SPICE_MSG_MAIN_AGENT_TOKEN, w.take()};
}

Result<MainClientMessage> parse_main_client_message(const InMessage& msg) {
    Reader r(msg.body);
    auto done = [&](const char* what, MainClientMessage m) -> Result<MainClientMessage> {
        if (auto st = r.finish_exact(what); !st) {
            return st.error();
        }
        return m;
    };
    switch (msg.type) {
        case SPICE_MSGC_MAIN_CLIENT_INFO:
            return done("CLIENT_INFO", ClientInfo{r.u64("cache_size")});
        case SPICE_MSGC_MAIN_ATTACH_CHANNELS:
            return done("ATTACH_CHANNELS", AttachChannels{});
        case SPICE_MSGC_MAIN_MOUSE_MODE_REQUEST:
            return done("MOUSE_MODE_REQUEST", MouseModeRequest{r.u16("mode")});
        case SPICE_MSGC_MAIN_AGENT_START:
            return done("AGENT_START", AgentStart{r.u32("num_tokens")});
        case SPICE_MSGC_MAIN_AGENT_DATA:
            return MainClientMessage{AgentData{r.rest()}};
        case SPICE_MSGC_MAIN_AGENT_TOKEN:
            return done("AGENT_TOKEN", AgentToken{r.u32("num_tokens")});
        case SPICE_MSGC_MAIN_MIGRATE_CONNECTED:
        case SPICE_MSGC_MAIN_MIGRATE_CONNECT_ERROR:
        case SPICE_MSGC_MAIN_MIGRATE_END:
        case SPICE_MSGC_MAIN_MIGRATE_CONNECTED_SEAMLESS:
            return done("migration message", MainIgnored{msg.type});
        case SPICE_MSGC_MAIN_MIGRATE_DST_DO_SEAMLESS:
            (void)r.u32("src_version");
            return done("MIGRATE_DST_DO_SEAMLESS", MainIgnored{msg.type});
        case SPICE_MSGC_MAIN_QUALITY_INDICATOR:
            return MainClientMessage{MainIgnored{msg.type}};
        default:
            return make_error(fmt::format("unknown main channel message type {}", msg.type));
    }
}

OutMessage make_mouse_mode_request(uint16_t mode) {
    Writer w(2);
    w.u16(mode);
    return {SPICE_MSGC_MAIN_MOUSE_MODE_REQUEST, w.take()};
}

OutMessage make_client_agent_start(uint32_t num_tokens) {
    Writer w(4);
    w.u32(num_tokens);
    return {SPICE_MSGC_MAIN_AGENT_START, w.take()};
}

OutMessage make_client_agent_data(std::span<const uint8_t> piece) {
    return {SPICE_MSGC_MAIN_AGENT_DATA, {piece.begin(), piece.end()}};
}

OutMessage make_client_agent_token(uint32_t num_tokens) {
    Writer w(4);
    w.u32(num_tokens);
    return {SPICE_MSGC_MAIN_AGENT_TOKEN, w.take()};
}

}  // namespace spicedesk::core
