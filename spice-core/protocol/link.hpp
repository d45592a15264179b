#pragma once

// The link stage of SPICE protocol 2.2 (docs/spice_protocol.txt, "Link stage"): the
// client's SpiceLinkHeader + SpiceLinkMess, the server's reply, the auth mechanism choice
// and the 4-byte link result. Pure parsing and serialisation; the server drives it.

#include <cstdint>
#include <span>
#include <vector>

#include "common/result.hpp"
#include "spice-core/protocol/caps.hpp"
#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

inline constexpr size_t kLinkHeaderSize = 16;
inline constexpr size_t kLinkMessFixedSize = 18;
// Largest SpiceLinkMess we accept (caps included); spice-gtk sends well under 100 bytes.
inline constexpr uint32_t kMaxLinkMessSize = 4096;
inline constexpr uint32_t kMaxLinkCapsWords = 64;
inline constexpr size_t kEncryptedTicketSize = SPICE_TICKET_KEY_PAIR_LENGTH / 8;

struct LinkHeader {
    uint32_t magic = 0;
    uint32_t major_version = 0;
    uint32_t minor_version = 0;
    uint32_t size = 0;
};

// Parses the 16-byte header (always succeeds on 16 bytes; validate separately).
Result<LinkHeader> parse_link_header(std::span<const uint8_t> data);
// SPICE_LINK_ERR_OK, or the error to answer with (INVALID_MAGIC, VERSION_MISMATCH,
// INVALID_DATA for a size out of range).
SpiceLinkErr validate_link_header(const LinkHeader& header);

struct LinkMess {
    uint32_t connection_id = 0;
    uint8_t channel_type = 0;
    uint8_t channel_id = 0;
    Caps common_caps;
    Caps channel_caps;
};

Result<LinkMess> parse_link_mess(std::span<const uint8_t> data);
std::vector<uint8_t> write_link_mess(const LinkMess& mess);  // the client side, for tests
std::vector<uint8_t> write_link_header(uint32_t size);

// Header + SpiceLinkReply. pub_key must be SPICE_TICKET_PUBKEY_BYTES (zeros on error).
std::vector<uint8_t> write_link_reply(SpiceLinkErr error, std::span<const uint8_t> pub_key,
                                      const Caps& common_caps, const Caps& channel_caps);

struct LinkReply {
    uint32_t error = 0;
    std::vector<uint8_t> pub_key;
    Caps common_caps;
    Caps channel_caps;
};
Result<LinkReply> parse_link_reply(std::span<const uint8_t> body);  // for tests and clients

std::vector<uint8_t> write_link_result(SpiceLinkErr error);
Result<uint32_t> parse_auth_mechanism(std::span<const uint8_t> data);

}  // namespace spicedesk::core
