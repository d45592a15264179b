#include "spice-core/client/wire/base.hpp"

#include <fmt/format.h>

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

bool is_base_message(uint16_t type) {
    return type < SPICE_MSG_BASE_LAST;
}

Result<BaseMessage> parse_base_message(uint16_t type, std::span<const uint8_t> body) {
    Reader r(body);
    const char* what = "base message";
    switch (type) {
        case SPICE_MSG_MIGRATE:
            what = "MIGRATE";
            return finish_msg<BaseMessage>(r, what, Migrate{r.u32("flags")});
        case SPICE_MSG_MIGRATE_DATA:
            return BaseMessage(MigrateData{});
        case SPICE_MSG_SET_ACK: {
            what = "SET_ACK";
            SetAck m;
            m.generation = r.u32("generation");
            m.window = r.u32("window");
            return finish_msg<BaseMessage>(r, what, m);
        }
        case SPICE_MSG_PING: {
            what = "PING";
            Ping m;
            m.id = r.u32("id");
            m.timestamp = r.u64("timestamp");
            (void)r.rest();  // padding data the server measures bandwidth with
            return finish_msg<BaseMessage>(r, what, m);
        }
        case SPICE_MSG_WAIT_FOR_CHANNELS: {
            what = "WAIT_FOR_CHANNELS";
            WaitForChannels m;
            uint8_t n = r.u8("wait_count");
            if (uint64_t{n} * 10 > r.remaining()) {
                return make_error(fmt::format("malformed {}: {} waits do not fit", what, n));
            }
            m.wait_list.resize(n);
            for (auto& w : m.wait_list) {
                w.channel_type = r.u8("channel_type");
                w.channel_id = r.u8("channel_id");
                w.message_serial = r.u64("message_serial");
            }
            return finish_msg<BaseMessage>(r, what, std::move(m));
        }
        case SPICE_MSG_DISCONNECTING: {
            what = "DISCONNECTING";
            Disconnecting m;
            m.time_stamp = r.u64("time_stamp");
            m.reason = r.u32("reason");
            return finish_msg<BaseMessage>(r, what, m);
        }
        case SPICE_MSG_NOTIFY: {
            what = "NOTIFY";
            Notify m;
            m.time_stamp = r.u64("time_stamp");
            m.severity = r.u32("severity");
            m.visibility = r.u32("visibility");
            m.what = r.u32("what");
            uint32_t len = r.u32("message_len");
            auto text = r.bytes(len, "message");
            m.message.assign(text.begin(), text.end());
            while (!m.message.empty() && m.message.back() == '\0') {
                m.message.pop_back();
            }
            (void)r.rest();  // spice-server sends a trailing NUL after message_len
            return finish_msg<BaseMessage>(r, what, std::move(m));
        }
        case SPICE_MSG_LIST:
            return BaseMessage(SubMessageList{});
        default:
            return make_error(fmt::format("unknown base message type {}", type));
    }
}

}  // namespace spicedesk::core::client::wire
