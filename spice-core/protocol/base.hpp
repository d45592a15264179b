#pragma once

// Messages every channel shares (spice.proto "channel BaseChannel"): SET_ACK, PING, NOTIFY,
// DISCONNECTING from the server; ACK_SYNC, ACK, PONG, DISCONNECTING from the client.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>

#include "common/result.hpp"
#include "spice-core/protocol/message.hpp"
#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

OutMessage make_set_ack(uint32_t generation, uint32_t window);
OutMessage make_ping(uint32_t id, uint64_t timestamp, size_t data_size);
OutMessage make_notify(uint64_t timestamp, SpiceNotifySeverity severity, uint32_t what,
                       std::string_view text);
OutMessage make_disconnecting(uint64_t timestamp, SpiceLinkErr reason);

struct AckSync {
    uint32_t generation = 0;
};
struct Ack {};
struct Pong {
    uint32_t id = 0;
    uint64_t timestamp = 0;
};
struct ClientDisconnecting {
    uint64_t timestamp = 0;
    uint32_t reason = 0;
};
struct MigrateIgnored {};  // MIGRATE_FLUSH_MARK / MIGRATE_DATA: no migration here
using BaseClientMessage = std::variant<AckSync, Ack, Pong, ClientDisconnecting, MigrateIgnored>;

// True for the client message types up to SPICE_MSG_BASE_LAST (100).
bool is_base_client_message(uint16_t type);
Result<BaseClientMessage> parse_base_client_message(const InMessage& msg);

// Client-side helpers (tests, fuzz seeds).
OutMessage make_ack_sync(uint32_t generation);
OutMessage make_pong(uint32_t id, uint64_t timestamp);

}  // namespace spicedesk::core
