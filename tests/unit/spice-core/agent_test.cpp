#include "spice-core/protocol/agent.hpp"

#include <gtest/gtest.h>

namespace spicedesk::core {
namespace {

TEST(AgentProtocol, HeaderSizesMatchSpiceProtocol) {
    EXPECT_EQ(kAgentHeaderSize, sizeof(VDAgentMessage));
    EXPECT_EQ(kVdiChunkHeaderSize, sizeof(VDIChunkHeader));
    EXPECT_EQ(20U, sizeof(VDAgentMonConfig));
}

TEST(AgentProtocol, MonitorsConfigBytesAreLittleEndianInHeaderOrder) {
    AgentMonitorsConfig config{VD_AGENT_CONFIG_MONITORS_FLAG_USE_POS, {{1024, 768, 32, 5, -1}}};
    auto message = encode_agent_message(VD_AGENT_MONITORS_CONFIG, encode_monitors_config(config));
    const std::vector<uint8_t> expected = {
        1, 0, 0, 0, 2, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 28,   0,    0,    0,  // VDAgentMessage
        1, 0, 0, 0, 1, 0, 0, 0,                                                // count, flags
        0, 3, 0, 0, 0, 4, 0, 0, 32, 0, 0, 0, 5, 0, 0, 0, 0xff, 0xff, 0xff, 0xff};
    EXPECT_EQ(expected, message);

    AgentMessageAssembler assembler;
    std::vector<AgentMessage> out;
    for (uint8_t byte : message) {  // one byte per piece: reassembly across any split
        ASSERT_TRUE(assembler.feed(std::span(&byte, 1), out).ok());
    }
    ASSERT_EQ(1U, out.size());
    EXPECT_EQ(static_cast<uint32_t>(VD_AGENT_MONITORS_CONFIG), out[0].type);
    auto parsed = parse_monitors_config(out[0].data);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    ASSERT_EQ(1U, parsed.value().monitors.size());
    EXPECT_EQ(1024U, parsed.value().monitors[0].width);
    EXPECT_EQ(768U, parsed.value().monitors[0].height);
    EXPECT_EQ(-1, parsed.value().monitors[0].y);
}

TEST(AgentProtocol, LargeMessageSplitsIntoMaxSizedPiecesAndChunks) {
    std::vector<uint8_t> data(5000, 7);
    auto message = encode_agent_message(VD_AGENT_CLIPBOARD, data);
    auto pieces = split_agent_data(message);
    ASSERT_EQ(3U, pieces.size());
    EXPECT_EQ(2048U, pieces[0].size());
    EXPECT_EQ(message.size() - 4096, pieces[2].size());

    auto chunks = encode_vdi_chunks(VDP_CLIENT_PORT, message);
    EXPECT_EQ(message.size() + 3 * kVdiChunkHeaderSize, chunks.size());
    VdiChunkReader reader;
    AgentMessageAssembler assembler;
    std::vector<VdiChunk> parsed;
    std::vector<AgentMessage> messages;
    for (size_t pos = 0; pos < chunks.size(); pos += 1000) {  // reads split chunks anywhere
        auto part = std::span(chunks).subspan(pos, std::min<size_t>(1000, chunks.size() - pos));
        ASSERT_TRUE(reader.feed(part, parsed).ok());
    }
    ASSERT_EQ(3U, parsed.size());
    for (const auto& chunk : parsed) {
        EXPECT_EQ(static_cast<uint32_t>(VDP_CLIENT_PORT), chunk.port);
        ASSERT_TRUE(assembler.feed(chunk.data, messages).ok());
    }
    ASSERT_EQ(1U, messages.size());
    EXPECT_EQ(data, messages[0].data);
}

TEST(AgentProtocol, HostileInputIsRefused) {
    AgentMessageAssembler assembler(4096);
    std::vector<AgentMessage> out;
    auto wrong_protocol = encode_agent_message(VD_AGENT_REPLY, {});
    wrong_protocol[0] = 2;
    EXPECT_FALSE(assembler.feed(wrong_protocol, out).ok());
    EXPECT_FALSE(assembler.feed(encode_agent_message(VD_AGENT_REPLY, {}), out).ok());  // sticky

    AgentMessageAssembler small(100);
    std::vector<uint8_t> huge_header = encode_agent_message(VD_AGENT_CLIPBOARD, {});
    huge_header[16] = 0xff;  // size 255
    EXPECT_FALSE(small.feed(huge_header, out).ok());

    VdiChunkReader reader;
    std::vector<VdiChunk> chunks;
    const std::vector<uint8_t> bad_port = {9, 0, 0, 0, 0, 0, 0, 0};
    EXPECT_FALSE(reader.feed(bad_port, chunks).ok());
    VdiChunkReader reader2;
    const std::vector<uint8_t> too_big = {1, 0, 0, 0, 0x01, 0x08, 0, 0};  // 2049 bytes
    EXPECT_FALSE(reader2.feed(too_big, chunks).ok());

    std::vector<uint8_t> config = encode_monitors_config({0, {{640, 480, 32, 0, 0}}});
    config[0] = 2;  // claims two monitors, carries one
    EXPECT_FALSE(parse_monitors_config(config).ok());
    std::vector<uint8_t> many = {0x01, 0x01, 0, 0, 0, 0, 0, 0};  // 257 monitors
    EXPECT_FALSE(parse_monitors_config(many).ok());
    EXPECT_FALSE(parse_announce_capabilities(std::vector<uint8_t>{1, 0}).ok());
    EXPECT_FALSE(parse_agent_reply(std::vector<uint8_t>{1, 0, 0, 0}).ok());
}

TEST(AgentProtocol, CapabilitiesRoundTrip) {
    AgentCapabilities caps;
    caps.request = true;
    caps.caps.set(VD_AGENT_CAP_MONITORS_CONFIG).set(VD_AGENT_CAP_REPLY);
    auto bytes = encode_announce_capabilities(caps);
    EXPECT_EQ((std::vector<uint8_t>{1, 0, 0, 0, 6, 0, 0, 0}), bytes);
    auto parsed = parse_announce_capabilities(bytes);
    ASSERT_TRUE(parsed.ok());
    EXPECT_TRUE(parsed.value().request);
    EXPECT_TRUE(parsed.value().caps.has(VD_AGENT_CAP_MONITORS_CONFIG));
    EXPECT_FALSE(parsed.value().caps.has(VD_AGENT_CAP_CLIPBOARD));
}

}  // namespace
}  // namespace spicedesk::core
