// The client's agent link (spice-core/client/agent_link): AGENT_START with our window and the
// capability announcement on every (re)connection, the server's token budget honoured (queue
// while out), tokens granted back as pieces are consumed, reassembly across pieces, the agent's
// caps and replies reported, garbage from the agent ignored until it reconnects, and the
// monitors config laid out and encoded as spice-gtk sends it.

#include "spice-core/client/agent_link.hpp"

#include <gtest/gtest.h>

#include "spice-core/protocol/reader.hpp"
#include "spice-core/protocol/spice_headers.hpp"
#include "spice-core/protocol/writer.hpp"

namespace spicedesk::core::client {
namespace {

struct Sent {
    uint16_t type;
    std::vector<uint8_t> body;
};

struct Harness {
    std::vector<Sent> sent;
    std::vector<AgentState> states;
    std::vector<std::pair<uint32_t, uint32_t>> replies;
    AgentLink link{
        AgentLinkEvents{.send =
                            [this](uint16_t t, std::vector<uint8_t> b) {
                                sent.push_back({t, std::move(b)});
                            },
                        .state = [this](const AgentState& s) { states.push_back(s); },
                        .reply = [this](uint32_t t, uint32_t e) { replies.emplace_back(t, e); }}};

    // The agent messages carried by the AGENT_DATA sent so far (reassembled as a server would).
    std::vector<AgentMessage> agent_messages() const {
        AgentMessageAssembler a;
        std::vector<AgentMessage> out;
        for (const auto& s : sent) {
            if (s.type == SPICE_MSGC_MAIN_AGENT_DATA) {
                EXPECT_LE(s.body.size(), size_t{VD_AGENT_MAX_DATA_SIZE});
                EXPECT_TRUE(a.feed(s.body, out).ok());
            }
        }
        return out;
    }
    size_t count(uint16_t type) const {
        size_t n = 0;
        for (const auto& s : sent) {
            n += s.type == type ? 1 : 0;
        }
        return n;
    }
};

uint32_t u32_of(const std::vector<uint8_t>& body) {
    Reader r(body);
    return r.u32();
}

std::vector<uint8_t> caps_message(bool request, std::initializer_list<unsigned> caps) {
    AgentCapabilities c;
    c.request = request;
    for (unsigned cap : caps) {
        c.caps.set(cap);
    }
    return encode_agent_message(VD_AGENT_ANNOUNCE_CAPABILITIES, encode_announce_capabilities(c));
}

TEST(AgentLink, NoAgentAtInitSendsNothing) {
    Harness h;
    h.link.on_init(false, 10);
    EXPECT_TRUE(h.sent.empty());
    EXPECT_FALSE(h.link.state().connected);
    EXPECT_FALSE(h.link.request_monitors({{0, 0, 800, 600}}).ok());
    EXPECT_TRUE(h.sent.empty());
}

TEST(AgentLink, StartAnnouncesCapsWithRequest) {
    Harness h;
    h.link.on_init(true, 10);
    ASSERT_GE(h.sent.size(), 2U);
    EXPECT_EQ(h.sent[0].type, SPICE_MSGC_MAIN_AGENT_START);
    EXPECT_EQ(u32_of(h.sent[0].body), AgentLink::kClientWindow);
    auto msgs = h.agent_messages();
    ASSERT_EQ(msgs.size(), 1U);
    EXPECT_EQ(msgs[0].type, uint32_t{VD_AGENT_ANNOUNCE_CAPABILITIES});
    auto caps = parse_announce_capabilities(msgs[0].data);
    ASSERT_TRUE(caps.ok());
    EXPECT_TRUE(caps->request);
    EXPECT_TRUE(caps->caps.has(VD_AGENT_CAP_MONITORS_CONFIG));
    EXPECT_TRUE(caps->caps.has(VD_AGENT_CAP_REPLY));
    EXPECT_EQ(h.link.server_tokens(), 9U);
    ASSERT_EQ(h.states.size(), 1U);
    EXPECT_TRUE(h.states[0].connected);
    EXPECT_FALSE(h.states[0].caps_received);
}

TEST(AgentLink, RecordsAgentCapsAndAnswersItsRequest) {
    Harness h;
    h.link.on_connected(10u);
    h.sent.clear();
    auto msg =
        caps_message(true, {VD_AGENT_CAP_MONITORS_CONFIG, VD_AGENT_CAP_SPARSE_MONITORS_CONFIG});
    h.link.on_data(msg);
    ASSERT_TRUE(h.link.state().caps_received);
    EXPECT_TRUE(h.link.state().has(VD_AGENT_CAP_MONITORS_CONFIG));
    EXPECT_TRUE(h.link.state().has(VD_AGENT_CAP_SPARSE_MONITORS_CONFIG));
    EXPECT_FALSE(h.link.state().has(VD_AGENT_CAP_CLIPBOARD));
    EXPECT_TRUE(h.states.back().caps_received);
    auto answer = h.agent_messages();
    ASSERT_EQ(answer.size(), 1U);
    auto caps = parse_announce_capabilities(answer[0].data);
    ASSERT_TRUE(caps.ok());
    EXPECT_FALSE(caps->request);  // an answer never asks back (no ping-pong)
}

TEST(AgentLink, ReassemblesAcrossPiecesAndGrantsTokensBack) {
    Harness h;
    h.link.on_connected(10u);
    h.sent.clear();
    // Caps then a reply in one stream, cut into 1-byte pieces: 20 + 12 + 20 + 8 bytes.
    auto stream = caps_message(false, {VD_AGENT_CAP_MONITORS_CONFIG});
    auto reply = encode_agent_message(
        VD_AGENT_REPLY, encode_agent_reply({VD_AGENT_MONITORS_CONFIG, VD_AGENT_SUCCESS}));
    stream.insert(stream.end(), reply.begin(), reply.end());
    for (uint8_t b : stream) {
        h.link.on_data(std::span<const uint8_t>(&b, 1));
    }
    EXPECT_TRUE(h.link.state().caps_received);
    ASSERT_EQ(h.replies.size(), 1U);
    EXPECT_EQ(h.replies[0].first, uint32_t{VD_AGENT_MONITORS_CONFIG});
    EXPECT_EQ(h.replies[0].second, uint32_t{VD_AGENT_SUCCESS});
    // Every piece's token came back (in batches of half the window).
    uint32_t granted = 0;
    for (const auto& s : h.sent) {
        if (s.type == SPICE_MSGC_MAIN_AGENT_TOKEN) {
            granted += u32_of(s.body);
        }
    }
    EXPECT_EQ(granted,
              stream.size() / (AgentLink::kClientWindow / 2) * (AgentLink::kClientWindow / 2));
    EXPECT_GE(granted + AgentLink::kClientWindow / 2, stream.size());
}

TEST(AgentLink, HonoursServerTokensAndQueues) {
    Harness h;
    h.link.on_init(true, 1);  // one token: the announcement takes it
    EXPECT_EQ(h.count(SPICE_MSGC_MAIN_AGENT_DATA), 1U);
    ASSERT_TRUE(h.link.request_monitors({{0, 0, 1024, 768}}).ok());
    ASSERT_TRUE(h.link.request_monitors({{0, 0, 800, 600}}).ok());
    EXPECT_EQ(h.count(SPICE_MSGC_MAIN_AGENT_DATA), 1U);
    EXPECT_EQ(h.link.queued_pieces(), 2U);
    h.link.on_token(1);
    EXPECT_EQ(h.count(SPICE_MSGC_MAIN_AGENT_DATA), 2U);
    h.link.on_token(5);
    EXPECT_EQ(h.count(SPICE_MSGC_MAIN_AGENT_DATA), 3U);
    EXPECT_EQ(h.link.server_tokens(), 4U);
    auto msgs = h.agent_messages();
    ASSERT_EQ(msgs.size(), 3U);
    auto second = parse_monitors_config(msgs[2].data);
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(second->monitors[0].width, 800U);
}

TEST(AgentLink, MonitorsConfigAsSpiceGtkSendsIt) {
    Harness h;
    h.link.on_init(true, 10);
    h.sent.clear();
    // Two heads given right one first: laid out left to right by requested x.
    ASSERT_TRUE(h.link.request_monitors({{900, 40, 640, 480}, {0, 0, 800, 600}}).ok());
    auto msgs = h.agent_messages();
    ASSERT_EQ(msgs.size(), 1U);
    EXPECT_EQ(msgs[0].type, uint32_t{VD_AGENT_MONITORS_CONFIG});
    auto config = parse_monitors_config(msgs[0].data);
    ASSERT_TRUE(config.ok()) << config.message();
    EXPECT_EQ(config->flags, uint32_t{VD_AGENT_CONFIG_MONITORS_FLAG_USE_POS});
    ASSERT_EQ(config->monitors.size(), 2U);
    EXPECT_EQ(config->monitors[0].width, 640U);
    EXPECT_EQ(config->monitors[0].height, 480U);
    EXPECT_EQ(config->monitors[0].depth, 32U);
    EXPECT_EQ(config->monitors[0].x, 800);
    EXPECT_EQ(config->monitors[0].y, 0);
    EXPECT_EQ(config->monitors[1].x, 0);
    EXPECT_EQ(config->monitors[1].width, 800U);
}

TEST(AgentLink, RefusesBadMonitorRequests) {
    Harness h;
    h.link.on_init(true, 10);
    EXPECT_FALSE(h.link.request_monitors({}).ok());
    EXPECT_FALSE(h.link.request_monitors({{0, 0, 0, 0}}).ok());
    EXPECT_FALSE(h.link.request_monitors({{0, 0, 800, 0}}).ok());
    EXPECT_FALSE(h.link.request_monitors({{0, 0, -5, 600}}).ok());
    EXPECT_FALSE(h.link.request_monitors({{0, 0, 100000, 600}}).ok());
    EXPECT_FALSE(h.link.request_monitors(std::vector<MonitorRequest>(300, {0, 0, 64, 64})).ok());
    // A disabled head beside an enabled one is fine (zero size).
    EXPECT_TRUE(h.link.request_monitors({{0, 0, 800, 600}, {0, 0, 0, 0}}).ok());
}

TEST(AgentLink, DisconnectDropsUnsentMessagesAndReconnectRestarts) {
    Harness h;
    h.link.on_init(true, 1);
    ASSERT_TRUE(h.link.request_monitors({{0, 0, 1024, 768}}).ok());
    EXPECT_EQ(h.link.queued_pieces(), 1U);
    h.link.on_disconnected();
    EXPECT_FALSE(h.link.state().connected);
    EXPECT_FALSE(h.states.back().connected);
    EXPECT_EQ(h.link.queued_pieces(), 0U);
    EXPECT_FALSE(h.link.request_monitors({{0, 0, 1024, 768}}).ok());
    h.sent.clear();
    h.link.on_connected(10u);
    EXPECT_TRUE(h.link.state().connected);
    ASSERT_FALSE(h.sent.empty());
    EXPECT_EQ(h.sent[0].type, SPICE_MSGC_MAIN_AGENT_START);
    EXPECT_EQ(h.agent_messages().size(), 1U);  // the announcement again
}

TEST(AgentLink, GarbageFromTheAgentIsIgnoredUntilItReconnects) {
    Harness h;
    h.link.on_init(true, 10);
    Writer bad;
    bad.u32(VD_AGENT_PROTOCOL + 1);  // wrong protocol
    bad.u32(VD_AGENT_ANNOUNCE_CAPABILITIES);
    bad.u64(0);
    bad.u32(4);
    bad.u32(0);
    h.link.on_data(bad.take());
    EXPECT_TRUE(h.link.state().connected);  // the session goes on
    h.link.on_data(caps_message(false, {VD_AGENT_CAP_MONITORS_CONFIG}));
    EXPECT_FALSE(h.link.state().caps_received);
    // A malformed reply or caps (valid framing) disables it the same way.
    h.link.on_connected(std::nullopt);
    h.link.on_data(encode_agent_message(VD_AGENT_REPLY, std::vector<uint8_t>(3)));
    EXPECT_TRUE(h.replies.empty());
    h.link.on_data(caps_message(false, {VD_AGENT_CAP_MONITORS_CONFIG}));
    EXPECT_FALSE(h.link.state().caps_received);
    h.link.on_connected(std::nullopt);
    h.link.on_data(caps_message(false, {VD_AGENT_CAP_MONITORS_CONFIG}));
    EXPECT_TRUE(h.link.state().caps_received);
    // A piece larger than AGENT_DATA allows.
    h.link.on_data(std::vector<uint8_t>(VD_AGENT_MAX_DATA_SIZE + 1, 0));
    h.link.on_data(caps_message(false, {}));
    EXPECT_TRUE(h.link.state().has(VD_AGENT_CAP_MONITORS_CONFIG));  // the second was ignored
}

TEST(AgentLink, QueueIsBounded) {
    Harness h;
    h.link.on_init(true, 0);  // a server that never grants a token
    for (int i = 0; i < 3000; ++i) {
        ASSERT_TRUE(h.link.request_monitors({{0, 0, 640 + i % 100, 480}}).ok());
    }
    EXPECT_LE(h.link.queued_pieces(), AgentLink::kMaxQueuedPieces);
    EXPECT_EQ(h.count(SPICE_MSGC_MAIN_AGENT_DATA), 0U);
}

TEST(AgentLink, TokensSaturate) {
    Harness h;
    h.link.on_init(true, 0xfffffff0U);
    h.link.on_token(0xffffffffU);
    EXPECT_EQ(h.link.server_tokens(), 0xffffffffU);
}

}  // namespace
}  // namespace spicedesk::core::client
