#include "spice-core/protocol/link.hpp"

#include <fmt/format.h>

#include "spice-core/protocol/reader.hpp"
#include "spice-core/protocol/writer.hpp"

namespace spicedesk::core {

Result<LinkHeader> parse_link_header(std::span<const uint8_t> data) {
    Reader r(data);
    LinkHeader h;
    h.magic = r.u32("magic");
    h.major_version = r.u32("major_version");
    h.minor_version = r.u32("minor_version");
    h.size = r.u32("size");
    if (auto st = r.finish_exact("link header"); !st) {
        return st.error();
    }
    return h;
}

SpiceLinkErr validate_link_header(const LinkHeader& header) {
    if (header.magic != SPICE_MAGIC) {
        return SPICE_LINK_ERR_INVALID_MAGIC;
    }
    if (header.major_version != SPICE_VERSION_MAJOR) {
        return SPICE_LINK_ERR_VERSION_MISMATCH;
    }
    if (header.size < kLinkMessFixedSize || header.size > kMaxLinkMessSize) {
        return SPICE_LINK_ERR_INVALID_DATA;
    }
    return SPICE_LINK_ERR_OK;
}

namespace {

Result<Caps> read_caps(Reader& r, uint32_t count, std::string_view what) {
    if (count > kMaxLinkCapsWords) {
        return make_error(
            fmt::format("{}: {} capability words (limit {})", what, count, kMaxLinkCapsWords));
    }
    std::vector<uint32_t> words(count);
    for (auto& w : words) {
        w = r.u32(what);
    }
    if (!r.ok()) {
        return make_error(fmt::format("{}: {}", what, r.error()));
    }
    return Caps(std::move(words));
}

void write_caps(Writer& w, const Caps& caps) {
    for (uint32_t word : caps.words()) {
        w.u32(word);
    }
}

}  // namespace

Result<LinkMess> parse_link_mess(std::span<const uint8_t> data) {
    Reader r(data);
    LinkMess m;
    m.connection_id = r.u32("connection_id");
    m.channel_type = r.u8("channel_type");
    m.channel_id = r.u8("channel_id");
    uint32_t num_common = r.u32("num_common_caps");
    uint32_t num_channel = r.u32("num_channel_caps");
    uint32_t caps_offset = r.u32("caps_offset");
    if (auto st = r.finish("link message"); !st) {
        return st.error();
    }
    if (caps_offset < kLinkMessFixedSize) {
        return make_error(
            fmt::format("link message: caps_offset {} overlaps the fixed part", caps_offset));
    }
    Reader caps = r.at(caps_offset, "caps_offset");
    auto common = read_caps(caps, num_common, "common caps");
    if (!common) {
        return make_error("link message: " + common.message());
    }
    auto channel = read_caps(caps, num_channel, "channel caps");
    if (!channel) {
        return make_error("link message: " + channel.message());
    }
    m.common_caps = std::move(*common);
    m.channel_caps = std::move(*channel);
    return m;
}

std::vector<uint8_t> write_link_header(uint32_t size) {
    Writer w(kLinkHeaderSize);
    w.u32(SPICE_MAGIC);
    w.u32(SPICE_VERSION_MAJOR);
    w.u32(SPICE_VERSION_MINOR);
    w.u32(size);
    return w.take();
}

std::vector<uint8_t> write_link_mess(const LinkMess& mess) {
    Writer body;
    body.u32(mess.connection_id);
    body.u8(mess.channel_type);
    body.u8(mess.channel_id);
    body.u32(static_cast<uint32_t>(mess.common_caps.words().size()));
    body.u32(static_cast<uint32_t>(mess.channel_caps.words().size()));
    body.u32(kLinkMessFixedSize);
    write_caps(body, mess.common_caps);
    write_caps(body, mess.channel_caps);
    auto out = write_link_header(static_cast<uint32_t>(body.size()));
    out.insert(out.end(), body.data().begin(), body.data().end());
    return out;
}

std::vector<uint8_t> write_link_reply(SpiceLinkErr error, std::span<const uint8_t> pub_key,
                                      const Caps& common_caps, const Caps& channel_caps) {
    constexpr uint32_t kFixed = 4 + SPICE_TICKET_PUBKEY_BYTES + 12;
    Writer body;
    body.u32(error);
    if (pub_key.size() == SPICE_TICKET_PUBKEY_BYTES) {
        body.bytes(pub_key);
    } else {
        body.zeros(SPICE_TICKET_PUBKEY_BYTES);
    }
    body.u32(static_cast<uint32_t>(common_caps.words().size()));
    body.u32(static_cast<uint32_t>(channel_caps.words().size()));
    body.u32(kFixed);
    write_caps(body, common_caps);
    write_caps(body, channel_caps);
    auto out = write_link_header(static_cast<uint32_t>(body.size()));
    out.insert(out.end(), body.data().begin(), body.data().end());
    return out;
}

Result<LinkReply> parse_link_reply(std::span<const uint8_t> body) {
    Reader r(body);
    LinkReply reply;
    reply.error = r.u32("error");
    auto key = r.bytes(SPICE_TICKET_PUBKEY_BYTES, "pub_key");
    reply.pub_key.assign(key.begin(), key.end());
    uint32_t num_common = r.u32("num_common_caps");
    uint32_t num_channel = r.u32("num_channel_caps");
    uint32_t caps_offset = r.u32("caps_offset");
    if (auto st = r.finish("link reply"); !st) {
        return st.error();
    }
    Reader caps = r.at(caps_offset, "caps_offset");
    auto common = read_caps(caps, num_common, "common caps");
    if (!common) {
        return common.error();
    }
    auto channel = read_caps(caps, num_channel, "channel caps");
    if (!channel) {
        return channel.error();
    }
    reply.common_caps = std::move(*common);
    reply.channel_caps = std::move(*channel);
    return reply;
}

std::vector<uint8_t> write_link_result(SpiceLinkErr error) {
    Writer w(4);
    w.u32(error);
    return w.take();
}

Result<uint32_t> parse_auth_mechanism(std::span<const uint8_t> data) {
    Reader r(data);
    uint32_t mech = r.u32("auth_mechanism");
    if (auto st = r.finish_exact("auth mechanism"); !st) {
        return st.error();
    }
    return mech;
}

}  // namespace spicedesk::core
