#pragma once

// Messages every server channel may send (spice.proto "channel BaseChannel", server part).

#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "common/result.hpp"
#include "spice-core/client/wire/display.hpp"

namespace spicedesk::core::client::wire {

struct Migrate {
    uint32_t flags = 0;
};
struct MigrateData {};
struct SetAck {
    uint32_t generation = 0;
    uint32_t window = 0;
};
struct Ping {
    uint32_t id = 0;
    uint64_t timestamp = 0;
};
struct WaitForChannels {
    std::vector<WaitForChannel> wait_list;
};
struct Disconnecting {
    uint64_t time_stamp = 0;
    uint32_t reason = 0;
};
struct Notify {
    uint64_t time_stamp = 0;
    uint32_t severity = 0;
    uint32_t visibility = 0;
    uint32_t what = 0;
    std::string message;
};
struct SubMessageList {};  // SPICE_MSG_LIST: only with the full header, which we never use
using BaseMessage = std::variant<Migrate, MigrateData, SetAck, Ping, WaitForChannels, Disconnecting,
                                 Notify, SubMessageList>;

// True for types below SPICE_MSG_BASE_LAST (101).
bool is_base_message(uint16_t type);
Result<BaseMessage> parse_base_message(uint16_t type, std::span<const uint8_t> body);

}  // namespace spicedesk::core::client::wire
