#pragma once

// Message framing after the link stage: the mini header (type u16, size u32) when both
// sides advertised SPICE_COMMON_CAP_MINI_HEADER, else the full SpiceDataHeader (serial u64,
// type u16, size u32, sub_list u32).

#include <cstdint>
#include <span>
#include <vector>

#include "common/result.hpp"

namespace spicedesk::core {

inline constexpr size_t kMiniHeaderSize = 6;
inline constexpr size_t kFullHeaderSize = 18;

struct MessageHeader {
    uint64_t serial = 0;  // full header only
    uint16_t type = 0;
    uint32_t size = 0;
    uint32_t sub_list = 0;  // full header only
};

class Framing {
  public:
    explicit Framing(bool mini) : mini_(mini) {}

    bool mini() const { return mini_; }
    size_t header_size() const { return mini_ ? kMiniHeaderSize : kFullHeaderSize; }

    // Parses a header of header_size() bytes; rejects bodies above max_body.
    Result<MessageHeader> parse_header(std::span<const uint8_t> data, uint32_t max_body) const;

    // Appends one framed message (header + body) to out; assigns the next serial.
    void append(std::vector<uint8_t>& out, uint16_t type, std::span<const uint8_t> body);
    // Only the header, for a caller that sends the body from its own buffer.
    std::vector<uint8_t> header(uint16_t type, uint32_t body_size);

  private:
    bool mini_;
    uint64_t next_serial_ = 1;
};

}  // namespace spicedesk::core
