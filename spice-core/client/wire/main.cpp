#include "spice-core/client/wire/main.hpp"

#include <fmt/format.h>

#include "spice-core/protocol/reader.hpp"

namespace spicedesk::core::client::wire {

namespace {

template <typename V, typename T>
Result<V> finish_msg(const Reader& r, const char* what, T&& msg) {
    if (auto st = r.finish(what); !st) {
        return st.error();
    }
    return V(std::forward<T>(msg));
}

}  // namespace

Result<MainMessage> parse_main_message(uint16_t type, std::span<const uint8_t> body) {
    Reader r(body);
    const char* what = "main message";
    switch (type) {
        case SPICE_MSG_MAIN_INIT: {
            what = "MAIN_INIT";
            MainInitMsg m;
            m.init.session_id = r.u32("session_id");
            m.init.display_channels_hint = r.u32("display_channels_hint");
            m.init.supported_mouse_modes = r.u32("supported_mouse_modes");
            m.init.current_mouse_mode = r.u32("current_mouse_mode");
            m.init.agent_connected = r.u32("agent_connected");
            m.init.agent_tokens = r.u32("agent_tokens");
            m.init.multi_media_time = r.u32("multi_media_time");
            m.init.ram_hint = r.u32("ram_hint");
            return finish_msg<MainMessage>(r, what, m);
        }
        case SPICE_MSG_MAIN_CHANNELS_LIST: {
            what = "CHANNELS_LIST";
            ChannelsList m;
            uint32_t n = r.u32("num_of_channels");
            if (n > kMaxChannels || uint64_t{n} * 2 > r.remaining()) {
                return make_error(fmt::format("malformed {}: {} channels", what, n));
            }
            m.channels.resize(n);
            for (auto& c : m.channels) {
                c.type = r.u8("channel type");
                c.id = r.u8("channel id");
            }
            return finish_msg<MainMessage>(r, what, std::move(m));
        }
        case SPICE_MSG_MAIN_MOUSE_MODE: {
            what = "MOUSE_MODE";
            MouseModeMsg m;
            m.supported = r.u16("supported_modes");
            m.current = r.u16("current_mode");
            return finish_msg<MainMessage>(r, what, m);
        }
        case SPICE_MSG_MAIN_MULTI_MEDIA_TIME:
            what = "MULTI_MEDIA_TIME";
            return finish_msg<MainMessage>(r, what, MultiMediaTime{r.u32("time")});
        case SPICE_MSG_MAIN_MIGRATE_BEGIN:
        case SPICE_MSG_MAIN_MIGRATE_BEGIN_SEAMLESS:
            (void)r.rest();
            return MainMessage(MigrateBegin{type == SPICE_MSG_MAIN_MIGRATE_BEGIN_SEAMLESS});
        case SPICE_MSG_MAIN_AGENT_CONNECTED:
            what = "AGENT_CONNECTED";
            return finish_msg<MainMessage>(r, what, AgentConnectedMsg{});
        case SPICE_MSG_MAIN_AGENT_CONNECTED_TOKENS:
            what = "AGENT_CONNECTED_TOKENS";
            return finish_msg<MainMessage>(r, what, AgentConnectedMsg{r.u32("num_tokens")});
        case SPICE_MSG_MAIN_AGENT_DISCONNECTED:
            what = "AGENT_DISCONNECTED";
            return finish_msg<MainMessage>(r, what, AgentDisconnectedMsg{r.u32("error_code")});
        case SPICE_MSG_MAIN_AGENT_TOKEN:
            what = "AGENT_TOKEN";
            return finish_msg<MainMessage>(r, what, AgentTokenMsg{r.u32("num_tokens")});
        case SPICE_MSG_MAIN_AGENT_DATA:
            // The body is the piece; its size is checked where it is reassembled.
            return MainMessage(AgentDataMsg{body});
        case SPICE_MSG_MAIN_MIGRATE_CANCEL:
        case SPICE_MSG_MAIN_MIGRATE_SWITCH_HOST:
        case SPICE_MSG_MAIN_MIGRATE_END:
        case SPICE_MSG_MAIN_NAME:
        case SPICE_MSG_MAIN_UUID:
        case SPICE_MSG_MAIN_MIGRATE_DST_SEAMLESS_ACK:
        case SPICE_MSG_MAIN_MIGRATE_DST_SEAMLESS_NACK:
            return MainMessage(MainIgnoredMsg{type});
        default:
            return make_error(fmt::format("unknown main message type {}", type));
    }
}

}  // namespace spicedesk::core::client::wire
