#include "spice-core/protocol/base.hpp"

#include <fmt/format.h>

#include "spice-core/protocol/reader.hpp"
#include "spice-core/protocol/writer.hpp"

namespace spicedesk::core {

OutMessage make_set_ack(uint32_t generation, uint32_t window) {
    Writer w(8);
    w.u32(generation);
    w.u32(window);
    return {SPICE_MSG_SET_ACK, w.take()};
}

OutMessage make_ping(uint32_t id, uint64_t timestamp, size_t data_size) {
    Writer w(12 + data_size);
    w.u32(id);
    w.u64(timestamp);
    w.zeros(data_size);
    return {SPICE_MSG_PING, w.take()};
}

OutMessage make_notify(uint64_t timestamp, SpiceNotifySeverity severity, uint32_t what,
                       std::string_view text) {
    Writer w(24 + text.size() + 1);
    w.u64(timestamp);
    w.u32(severity);
    w.u32(SPICE_NOTIFY_VISIBILITY_HIGH);
    w.u32(what);
    w.u32(static_cast<uint32_t>(text.size() + 1));
    w.bytes({reinterpret_cast<const uint8_t*>(text.data()), text.size()});  // our own text
    w.u8(0);
    return {SPICE_MSG_NOTIFY, w.take()};
}

OutMessage make_disconnecting(uint64_t timestamp, SpiceLinkErr reason) {
    Writer w(12);
    w.u64(timestamp);
    w.u32(reason);
    return {SPICE_MSG_DISCONNECTING, w.take()};
}

bool is_base_client_message(uint16_t type) {
    return type <= SPICE_MSG_BASE_LAST;
}

Result<BaseClientMessage> parse_base_client_message(const InMessage& msg) {
    Reader r(msg.body);
    switch (msg.type) {
        case SPICE_MSGC_ACK_SYNC: {
            AckSync m{r.u32("generation")};
            if (auto st = r.finish_exact("ACK_SYNC"); !st) {
                return st.error();
            }
            return BaseClientMessage{m};
        }
        case SPICE_MSGC_ACK:
            if (auto st = r.finish_exact("ACK"); !st) {
                return st.error();
            }
            return BaseClientMessage{Ack{}};
        case SPICE_MSGC_PONG: {
            Pong m;
            m.id = r.u32("id");
            m.timestamp = r.u64("timestamp");
            if (auto st = r.finish_exact("PONG"); !st) {
                return st.error();
            }
            return BaseClientMessage{m};
        }
        case SPICE_MSGC_DISCONNECTING: {
            ClientDisconnecting m;
            m.timestamp = r.u64("time_stamp");
            m.reason = r.u32("reason");
            if (auto st = r.finish_exact("DISCONNECTING"); !st) {
                return st.error();
            }
            return BaseClientMessage{m};
        }
        case SPICE_MSGC_MIGRATE_FLUSH_MARK:
        case SPICE_MSGC_MIGRATE_DATA:
            return BaseClientMessage{MigrateIgnored{}};
        default:
            return make_error(fmt::format("unknown base message type {}", msg.type));
    }
}

OutMessage make_ack_sync(uint32_t generation) {
    Writer w(4);
    w.u32(generation);
    return {SPICE_MSGC_ACK_SYNC, w.take()};
}

OutMessage make_pong(uint32_t id, uint64_t timestamp) {
    Writer w(12);
    w.u32(id);
    w.u64(timestamp);
    return {SPICE_MSGC_PONG, w.take()};
}

}  // namespace spicedesk::core
