#pragma once

// One message body ready for framing, and the client message as received.

#include <cstdint>
#include <span>
#include <vector>

namespace spicedesk::core {

struct OutMessage {
    uint16_t type = 0;
    std::vector<uint8_t> body;
};

struct InMessage {
    uint16_t type = 0;
    std::span<const uint8_t> body;
};

}  // namespace spicedesk::core
