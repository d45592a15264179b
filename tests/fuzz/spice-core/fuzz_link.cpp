// libFuzzer: the link stage as the server reads it (header, SpiceLinkMess, auth mechanism).
#include <cstddef>
#include <cstdint>
#include <span>

#include "spice-core/protocol/link.hpp"

using namespace spicedesk::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::span<const uint8_t> in(data, size);
    if (in.size() < kLinkHeaderSize) {
        (void)parse_link_header(in);
        return 0;
    }
    auto header = parse_link_header(in.first(kLinkHeaderSize));
    if (!header || validate_link_header(*header) != SPICE_LINK_ERR_OK) {
        return 0;
    }
    auto rest = in.subspan(kLinkHeaderSize);
    auto body = rest.first(std::min<size_t>(rest.size(), header->size));
    auto mess = parse_link_mess(body);
    if (mess) {
        (void)mess->common_caps.has(SPICE_COMMON_CAP_MINI_HEADER);
        (void)mess->channel_caps.has(2047);
    }
    if (rest.size() >= header->size + 4) {
        (void)parse_auth_mechanism(rest.subspan(header->size, 4));
    }
    (void)parse_link_reply(rest);
    return 0;
}
