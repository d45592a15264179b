#include "spice-core/protocol/link.hpp"

#include <gtest/gtest.h>

#include "spice-core/protocol/reader.hpp"
#include "spice-core/protocol/spice_headers.hpp"
#include "spice-core/protocol/writer.hpp"

namespace spicedesk::core {
namespace {

LinkMess sample() {
    LinkMess m;
    m.connection_id = 0x11223344;
    m.channel_type = SPICE_CHANNEL_DISPLAY;
    m.channel_id = 2;
    m.common_caps.set(SPICE_COMMON_CAP_PROTOCOL_AUTH_SELECTION)
        .set(SPICE_COMMON_CAP_AUTH_SPICE)
        .set(SPICE_COMMON_CAP_MINI_HEADER);
    m.channel_caps.set(SPICE_DISPLAY_CAP_LZ4_COMPRESSION).set(40);
    return m;
}

TEST(Link, MessRoundTrips) {
    auto bytes = write_link_mess(sample());
    ASSERT_GE(bytes.size(), kLinkHeaderSize);
    auto header = parse_link_header(std::span(bytes).first(kLinkHeaderSize));
    ASSERT_TRUE(header.ok()) << header.message();
    EXPECT_EQ(header->magic, SPICE_MAGIC);
    EXPECT_EQ(header->major_version, 2U);
    EXPECT_EQ(header->minor_version, 2U);
    EXPECT_EQ(header->size, bytes.size() - kLinkHeaderSize);
    EXPECT_EQ(validate_link_header(*header), SPICE_LINK_ERR_OK);
    auto mess = parse_link_mess(std::span(bytes).subspan(kLinkHeaderSize));
    ASSERT_TRUE(mess.ok()) << mess.message();
    EXPECT_EQ(mess->connection_id, 0x11223344U);
    EXPECT_EQ(mess->channel_type, SPICE_CHANNEL_DISPLAY);
    EXPECT_EQ(mess->channel_id, 2);
    EXPECT_TRUE(mess->common_caps.has(SPICE_COMMON_CAP_MINI_HEADER));
    EXPECT_FALSE(mess->common_caps.has(SPICE_COMMON_CAP_AUTH_SASL));
    EXPECT_TRUE(mess->channel_caps.has(SPICE_DISPLAY_CAP_LZ4_COMPRESSION));
    EXPECT_TRUE(mess->channel_caps.has(40));
    EXPECT_EQ(mess->channel_caps.words().size(), 2U);
}

TEST(Link, HeaderValidation) {
    LinkHeader h{SPICE_MAGIC, SPICE_VERSION_MAJOR, SPICE_VERSION_MINOR, 30};
    EXPECT_EQ(validate_link_header(h), SPICE_LINK_ERR_OK);
    h.magic = 0x12345678;
    EXPECT_EQ(validate_link_header(h), SPICE_LINK_ERR_INVALID_MAGIC);
    h.magic = SPICE_MAGIC;
    h.major_version = 1;
    EXPECT_EQ(validate_link_header(h), SPICE_LINK_ERR_VERSION_MISMATCH);
    h.major_version = 2;
    h.size = kMaxLinkMessSize + 1;
    EXPECT_EQ(validate_link_header(h), SPICE_LINK_ERR_INVALID_DATA);
    h.size = kLinkMessFixedSize - 1;
    EXPECT_EQ(validate_link_header(h), SPICE_LINK_ERR_INVALID_DATA);
}

std::vector<uint8_t> mess_body(uint32_t num_common, uint32_t num_channel, uint32_t offset,
                               size_t cap_words_present) {
    Writer w;
    w.u32(0);
    w.u8(SPICE_CHANNEL_MAIN);
    w.u8(0);
    w.u32(num_common);
    w.u32(num_channel);
    w.u32(offset);
    for (size_t i = 0; i < cap_words_present; ++i) {
        w.u32(0xffffffff);
    }
    return w.take();
}

TEST(Link, RejectsBadCapsLayouts) {
    EXPECT_TRUE(parse_link_mess(mess_body(1, 1, 18, 2)).ok());
    EXPECT_FALSE(parse_link_mess(mess_body(1, 2, 18, 2)).ok());  // one word missing
    EXPECT_FALSE(parse_link_mess(mess_body(1, 0, 10, 2)).ok());  // overlaps the fixed part
    EXPECT_FALSE(parse_link_mess(mess_body(1, 0, 9999, 2)).ok());
    EXPECT_FALSE(parse_link_mess(mess_body(0xffffffff, 0xffffffff, 18, 2)).ok());
    EXPECT_FALSE(parse_link_mess(mess_body(kMaxLinkCapsWords + 1, 0, 18, 70)).ok());
    auto body = mess_body(0, 0, 18, 0);
    body.pop_back();
    EXPECT_FALSE(parse_link_mess(body).ok());
}

TEST(Link, ReplyRoundTripsWithTheKeySize) {
    std::vector<uint8_t> key(SPICE_TICKET_PUBKEY_BYTES, 0x5a);
    Caps common;
    common.set(SPICE_COMMON_CAP_AUTH_SPICE);
    Caps channel;
    channel.set(SPICE_INPUTS_CAP_KEY_SCANCODE);
    auto bytes = write_link_reply(SPICE_LINK_ERR_OK, key, common, channel);
    auto header = parse_link_header(std::span(bytes).first(kLinkHeaderSize));
    ASSERT_TRUE(header.ok());
    EXPECT_EQ(header->size, 4U + SPICE_TICKET_PUBKEY_BYTES + 12U + 8U);
    auto reply = parse_link_reply(std::span(bytes).subspan(kLinkHeaderSize));
    ASSERT_TRUE(reply.ok()) << reply.message();
    EXPECT_EQ(reply->error, static_cast<uint32_t>(SPICE_LINK_ERR_OK));
    EXPECT_EQ(reply->pub_key, key);
    EXPECT_TRUE(reply->common_caps.has(SPICE_COMMON_CAP_AUTH_SPICE));
    EXPECT_TRUE(reply->channel_caps.has(SPICE_INPUTS_CAP_KEY_SCANCODE));
}

TEST(Link, ErrorReplyHasZeroKey) {
    auto bytes = write_link_reply(SPICE_LINK_ERR_NEED_SECURED, {}, Caps{}, Caps{});
    auto reply = parse_link_reply(std::span(bytes).subspan(kLinkHeaderSize));
    ASSERT_TRUE(reply.ok());
    EXPECT_EQ(reply->error, static_cast<uint32_t>(SPICE_LINK_ERR_NEED_SECURED));
    EXPECT_EQ(reply->pub_key, std::vector<uint8_t>(SPICE_TICKET_PUBKEY_BYTES, 0));
}

TEST(Link, ResultAndAuthMechanism) {
    auto result = write_link_result(SPICE_LINK_ERR_PERMISSION_DENIED);
    EXPECT_EQ(result, (std::vector<uint8_t>{7, 0, 0, 0}));
    std::vector<uint8_t> mech = {1, 0, 0, 0};
    auto m = parse_auth_mechanism(mech);
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(*m, static_cast<uint32_t>(SPICE_COMMON_CAP_AUTH_SPICE));
    mech.pop_back();
    EXPECT_FALSE(parse_auth_mechanism(mech).ok());
}

}  // namespace
}  // namespace spicedesk::core
