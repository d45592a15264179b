// The server's side of the guest agent: the agent message filter on hand-made pieces, then the
// whole server on a loopback port with a fake agent port and fake QXL devices, driven by a small
// blocking client: INIT's agent fields, AGENT_START / AGENT_DATA / AGENT_TOKEN flow control both
// ways, MONITORS_CONFIG to the devices or to the agent, hostile clients closed alone, the guest
// told when the client goes, the client told when the guest opens and closes its port.

#include "spice-core/server/agent_relay.hpp"

#include <gtest/gtest.h>

#include <asio.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "spice-core/net/ticket_auth.hpp"
#include "spice-core/protocol/agent.hpp"
#include "spice-core/protocol/base.hpp"
#include "spice-core/protocol/framing.hpp"
#include "spice-core/protocol/link.hpp"
#include "spice-core/protocol/main.hpp"
#include "spice-core/protocol/reader.hpp"
#include "spice-core/protocol/writer.hpp"
#include "spice-core/server/agent_filter.hpp"
#include "spice-core/server/server.hpp"
#include "tests/support/qxl_device_stub.hpp"

namespace spicedesk::core {
namespace {

using asio::ip::tcp;
using namespace std::chrono_literals;

// ---- the filter ----

std::vector<uint8_t> message(uint32_t type, size_t data_size) {
    return encode_agent_message(type, std::vector<uint8_t>(data_size, 0x5a));
}

TEST(AgentFilter, DiscardsEverythingUntilStarted) {
    AgentMessageFilter filter;
    EXPECT_EQ(filter.process(message(VD_AGENT_MONITORS_CONFIG, 4)), AgentFilterResult::Discard);
    filter.reset({}, false);
    EXPECT_EQ(filter.process(message(VD_AGENT_MONITORS_CONFIG, 4)), AgentFilterResult::Forward);
}

TEST(AgentFilter, OneMessagePerPieceAndContinuations) {
    AgentMessageFilter filter({}, false);
    auto m = message(VD_AGENT_CLIPBOARD, 100);
    EXPECT_EQ(filter.process(std::span(m).first(60)), AgentFilterResult::Forward);
    EXPECT_TRUE(filter.mid_message());
    EXPECT_EQ(filter.process(std::span(m).subspan(60)), AgentFilterResult::Forward);
    EXPECT_FALSE(filter.mid_message());
    // Two messages in one piece: the second runs past the first's size.
    auto two = message(VD_AGENT_REPLY, 8);
    auto second = message(VD_AGENT_REPLY, 8);
    two.insert(two.end(), second.begin(), second.end());
    EXPECT_EQ(filter.process(two), AgentFilterResult::ProtocolError);
}

TEST(AgentFilter, RejectsMalformedPieces) {
    AgentMessageFilter filter({}, false);
    EXPECT_EQ(filter.process(std::vector<uint8_t>(19, 0)), AgentFilterResult::ProtocolError);
    auto wrong_protocol = message(VD_AGENT_REPLY, 8);
    wrong_protocol[0] = 7;
    EXPECT_EQ(filter.process(wrong_protocol), AgentFilterResult::ProtocolError);
    std::vector<uint8_t> too_large(VD_AGENT_MAX_DATA_SIZE + 1, 0);
    EXPECT_EQ(filter.process(too_large), AgentFilterResult::ProtocolError);
}

TEST(AgentFilter, SwitchingDiscardKeepsThePlaceInTheStream) {
    AgentMessageFilter filter({}, true);
    auto m = message(VD_AGENT_CLIPBOARD, 100);
    EXPECT_EQ(filter.process(std::span(m).first(60)), AgentFilterResult::Discard);
    filter.set_discard_all(false);  // a client arrives mid-message
    EXPECT_EQ(filter.process(std::span(m).subspan(60)), AgentFilterResult::Discard);
    EXPECT_EQ(filter.process(message(VD_AGENT_REPLY, 8)), AgentFilterResult::Forward);
}

TEST(AgentFilter, ClipboardFileTransferAndMonitorsConfig) {
    AgentFilterConfig config;
    config.copy_paste = false;
    config.file_transfer = false;
    config.use_client_monitors_config = true;
    AgentMessageFilter filter(config, false);
    EXPECT_EQ(filter.process(message(VD_AGENT_CLIPBOARD_GRAB, 8)), AgentFilterResult::Discard);
    EXPECT_EQ(filter.process(message(VD_AGENT_FILE_XFER_DATA, 8)), AgentFilterResult::Discard);
    EXPECT_EQ(filter.process(message(VD_AGENT_MONITORS_CONFIG, 28)),
              AgentFilterResult::MonitorsConfig);
    EXPECT_EQ(filter.process(message(VD_AGENT_MOUSE_STATE, 13)), AgentFilterResult::Forward);
}

// ---- the server over sockets ----

// The guest's end of the port, driven by the test thread.
class FakePort final : public AgentPort {
  public:
    explicit FakePort(size_t capacity = 1 << 20) : capacity_(capacity) {}

    void open() {
        std::lock_guard lock(mutex_);
        open_ = true;
        if (listener_ != nullptr) {
            listener_->agent_port_opened();
        }
    }
    void close() {
        std::lock_guard lock(mutex_);
        open_ = false;
        if (listener_ != nullptr) {
            listener_->agent_port_closed();
        }
    }
    void guest_write(std::span<const uint8_t> bytes) {
        std::lock_guard lock(mutex_);
        to_server_.insert(to_server_.end(), bytes.begin(), bytes.end());
        if (listener_ != nullptr) {
            listener_->agent_port_wakeup();
        }
    }
    void set_capacity(size_t capacity) {
        std::lock_guard lock(mutex_);
        capacity_ = capacity;
        if (listener_ != nullptr) {
            listener_->agent_port_wakeup();
        }
    }
    // Waits until the server wrote chunks carrying at least `count` complete messages.
    std::vector<std::pair<uint32_t, AgentMessage>> wait_messages(size_t count) {
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, 5s, [&] { return parsed_locked().size() >= count; });
        return parsed_locked();
    }
    bool server_connected() {
        std::lock_guard lock(mutex_);
        return server_connected_;
    }

    void attach(AgentPortListener* listener) override {
        std::lock_guard lock(mutex_);
        listener_ = listener;
        if (listener_ != nullptr && open_) {
            listener_->agent_port_opened();
        }
    }
    void state(bool connected) override {
        std::lock_guard lock(mutex_);
        server_connected_ = connected;
    }
    size_t write(std::span<const uint8_t> bytes) override {
        std::lock_guard lock(mutex_);
        const size_t n = std::min(bytes.size(), capacity_ - std::min(capacity_, written_.size()));
        written_.insert(written_.end(), bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(n));
        cv_.notify_all();
        return n;
    }
    size_t read(std::span<uint8_t> buffer) override {
        std::lock_guard lock(mutex_);
        const size_t n = std::min(buffer.size(), to_server_.size());
        std::copy_n(to_server_.begin(), n, buffer.begin());
        to_server_.erase(to_server_.begin(), to_server_.begin() + static_cast<ptrdiff_t>(n));
        return n;
    }

  private:
    // (VDI port, message) for every complete message written so far.
    std::vector<std::pair<uint32_t, AgentMessage>> parsed_locked() {
        VdiChunkReader reader;
        std::vector<VdiChunk> chunks;
        EXPECT_TRUE(reader.feed(written_, chunks).ok());
        AgentMessageAssembler client_port;
        AgentMessageAssembler server_port;
        std::vector<std::pair<uint32_t, AgentMessage>> out;
        for (const auto& chunk : chunks) {
            std::vector<AgentMessage> messages;
            auto& assembler = chunk.port == VDP_CLIENT_PORT ? client_port : server_port;
            EXPECT_TRUE(assembler.feed(chunk.data, messages).ok());
            for (auto& m : messages) {
                out.emplace_back(chunk.port, std::move(m));
            }
        }
        return out;
    }

    std::mutex mutex_;
    std::condition_variable cv_;
    size_t capacity_;
    AgentPortListener* listener_ = nullptr;
    bool open_ = false;
    bool server_connected_ = false;
    std::vector<uint8_t> written_;
    std::vector<uint8_t> to_server_;
};

// A QXL device that only answers client monitors configs.
class FakeDevice final : public qxl::test::QxlDeviceStub {
  public:
    explicit FakeDevice(bool accepts) : accepts_(accepts) {}
    std::vector<std::vector<qxl::ClientMonitor>> configs() {
        std::lock_guard lock(mutex_);
        return configs_;
    }
    bool client_monitors_config(std::span<const qxl::ClientMonitor> monitors) override {
        if (accepts_ && !monitors.empty()) {
            std::lock_guard lock(mutex_);
            configs_.emplace_back(monitors.begin(), monitors.end());
        }
        return accepts_;
    }

  private:
    bool accepts_;
    std::mutex mutex_;
    std::vector<std::vector<qxl::ClientMonitor>> configs_;
};

class MainClient {
  public:
    MainClient(uint16_t port, bool connected_tokens_cap = true) : socket_(io_) {
        socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        LinkMess mess;
        mess.channel_type = SPICE_CHANNEL_MAIN;
        mess.common_caps.set(SPICE_COMMON_CAP_PROTOCOL_AUTH_SELECTION)
            .set(SPICE_COMMON_CAP_AUTH_SPICE)
            .set(SPICE_COMMON_CAP_MINI_HEADER);
        if (connected_tokens_cap) {
            mess.channel_caps.set(SPICE_MAIN_CAP_AGENT_CONNECTED_TOKENS);
        }
        asio::write(socket_, asio::buffer(write_link_mess(mess)));
        std::vector<uint8_t> header(kLinkHeaderSize);
        asio::read(socket_, asio::buffer(header));
        auto h = parse_link_header(header);
        std::vector<uint8_t> body(h->size);
        asio::read(socket_, asio::buffer(body));
        auto reply = parse_link_reply(body);
        std::vector<uint8_t> mech = {SPICE_COMMON_CAP_AUTH_SPICE, 0, 0, 0};
        asio::write(socket_, asio::buffer(mech));
        auto ticket = TicketKey::encrypt_for(reply->pub_key, "pw");
        asio::write(socket_, asio::buffer(*ticket));
        std::vector<uint8_t> result(4);
        asio::read(socket_, asio::buffer(result));
        EXPECT_EQ(Reader(result).u32(), static_cast<uint32_t>(SPICE_LINK_ERR_OK));
    }

    void send(const OutMessage& msg) {
        std::vector<uint8_t> out;
        framing_.append(out, msg.type, msg.body);
        asio::write(socket_, asio::buffer(out));
    }
    // One agent message as spice-gtk sends it: AGENT_DATA pieces of at most 2048 bytes.
    void send_agent(uint32_t type, std::span<const uint8_t> data) {
        for (const auto& piece : split_agent_data(encode_agent_message(type, data))) {
            send(make_client_agent_data(piece));
        }
    }

    // The next message of this type (others, pings included, are skipped).
    std::vector<uint8_t> receive(uint16_t type) {
        while (true) {
            std::vector<uint8_t> header(framing_.header_size());
            asio::read(socket_, asio::buffer(header));
            auto h = framing_.parse_header(header, 64 << 20);
            std::vector<uint8_t> body(h->size);
            asio::read(socket_, asio::buffer(body));
            if (h->type == type) {
                return body;
            }
        }
    }

    bool closed_by_peer() {
        std::error_code ec;
        std::vector<uint8_t> buf(65536);
        while (!ec) {
            socket_.read_some(asio::buffer(buf), ec);
        }
        return ec == asio::error::eof || ec == asio::error::connection_reset;
    }

  private:
    asio::io_context io_;
    tcp::socket socket_;
    Framing framing_{true};
};

struct Init {
    uint32_t agent_connected;
    uint32_t agent_tokens;
};

Init read_init(MainClient& c) {
    auto body = c.receive(SPICE_MSG_MAIN_INIT);
    Reader r(body);
    r.skip(16);
    return Init{r.u32(), r.u32()};
}

class AgentServer : public ::testing::Test {
  protected:
    void start(bool devices_accept, size_t port_capacity = 1 << 20,
               AgentRelayConfig agent_config = {}) {
        port_ = std::make_unique<FakePort>(port_capacity);
        device_ = std::make_unique<FakeDevice>(devices_accept);
        ServerConfig config;
        config.port = 0;
        config.ticket.password = "pw";
        server_ = std::make_unique<Server>(config);
        server_->set_agent_port(*port_);
        server_->set_agent_config(agent_config);
        server_->add_qxl_device(*device_);
        port_->open();
        ASSERT_TRUE(server_->start().ok());
    }
    void TearDown() override {
        if (server_) {
            server_->stop();
        }
    }
    // Waits for the relay's counters to satisfy pred (the server thread updates them).
    template <typename P>
    AgentRelayStats wait_stats(P pred) {
        auto deadline = std::chrono::steady_clock::now() + 5s;
        auto s = server_->agent_stats();
        while (!pred(s) && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(2ms);
            s = server_->agent_stats();
        }
        return s;
    }

    std::unique_ptr<FakePort> port_;
    std::unique_ptr<FakeDevice> device_;
    std::unique_ptr<Server> server_;
};

TEST(AgentServerNoPort, InitSaysNoAgent) {
    ServerConfig config;
    config.port = 0;
    config.ticket.password = "pw";
    Server server(config);
    ASSERT_TRUE(server.start().ok());
    MainClient c(server.port());
    auto init = read_init(c);
    EXPECT_EQ(init.agent_connected, 0U);
    EXPECT_EQ(init.agent_tokens, kAgentClientWindow);
    server.stop();
}

TEST_F(AgentServer, ClientDataReachesTheGuestAndTokensComeBack) {
    start(false);
    MainClient c(server_->port());
    auto init = read_init(c);
    EXPECT_EQ(init.agent_connected, 1U);
    EXPECT_EQ(init.agent_tokens, kAgentClientWindow);
    EXPECT_TRUE(port_->server_connected());
    c.send(make_client_agent_start(2));
    // A message larger than one piece, then four small ones: five tokens used and returned.
    std::vector<uint8_t> big(3000);
    for (size_t i = 0; i < big.size(); ++i) {
        big[i] = static_cast<uint8_t>(i * 7);
    }
    c.send_agent(VD_AGENT_CLIPBOARD, big);  // two pieces
    for (int i = 0; i < 3; ++i) {
        c.send_agent(VD_AGENT_REPLY, encode_agent_reply(AgentReply{VD_AGENT_DISPLAY_CONFIG}));
    }
    auto tokens = c.receive(SPICE_MSG_MAIN_AGENT_TOKEN);
    EXPECT_EQ(Reader(tokens).u32(), kAgentTokensToSend);
    auto got = port_->wait_messages(4);
    ASSERT_EQ(got.size(), 4U);
    EXPECT_EQ(got[0].first, static_cast<uint32_t>(VDP_CLIENT_PORT));
    EXPECT_EQ(got[0].second.type, static_cast<uint32_t>(VD_AGENT_CLIPBOARD));
    EXPECT_EQ(got[0].second.data, big);
    EXPECT_EQ(got[3].second.type, static_cast<uint32_t>(VD_AGENT_REPLY));

    // Guest -> client: three pieces, two tokens: the third waits for AGENT_TOKEN.
    for (uint32_t i = 0; i < 3; ++i) {
        auto msg = encode_agent_message(VD_AGENT_REPLY,
                                        encode_agent_reply(AgentReply{i, VD_AGENT_SUCCESS}));
        port_->guest_write(encode_vdi_chunks(VDP_CLIENT_PORT, msg));
    }
    // The agent's messages for the server itself are not the client's business.
    port_->guest_write(
        encode_vdi_chunks(VDP_SERVER_PORT, encode_agent_message(VD_AGENT_MOUSE_STATE, {})));
    for (uint32_t i = 0; i < 2; ++i) {
        auto data = c.receive(SPICE_MSG_MAIN_AGENT_DATA);
        ASSERT_EQ(data.size(), kAgentHeaderSize + 8);
        EXPECT_EQ(Reader(std::span(data).subspan(kAgentHeaderSize)).u32(), i);
    }
    auto stats = wait_stats([](const AgentRelayStats& s) { return s.discarded_from_guest >= 1; });
    EXPECT_EQ(stats.pieces_to_client, 2U);
    c.send(make_client_agent_token(1));
    auto third = c.receive(SPICE_MSG_MAIN_AGENT_DATA);
    EXPECT_EQ(Reader(std::span(third).subspan(kAgentHeaderSize)).u32(), 2U);
}

TEST_F(AgentServer, ClientBeyondItsTokensIsClosed) {
    start(false, 0);  // the guest takes nothing: no token ever comes back
    MainClient c(server_->port());
    read_init(c);
    c.send(make_client_agent_start(10));
    for (uint32_t i = 0; i <= kAgentClientWindow; ++i) {
        c.send_agent(VD_AGENT_REPLY, encode_agent_reply(AgentReply{}));
    }
    EXPECT_TRUE(c.closed_by_peer());
    // The server and the agent stay: the next client is served.
    MainClient next(server_->port());
    EXPECT_EQ(read_init(next).agent_connected, 1U);
}

AgentMonitorsConfig one_monitor(uint32_t w, uint32_t h) {
    AgentMonitorsConfig config;
    config.monitors.push_back(AgentMonitor{w, h, 32, 0, 0});
    return config;
}

TEST_F(AgentServer, MonitorsConfigGoesToDevicesThatTakeIt) {
    start(true);
    MainClient c(server_->port());
    read_init(c);
    c.send(make_client_agent_start(10));
    c.send_agent(VD_AGENT_MONITORS_CONFIG, encode_monitors_config(one_monitor(800, 600)));
    c.send_agent(VD_AGENT_REPLY, encode_agent_reply(AgentReply{}));  // this one reaches the port
    auto got = port_->wait_messages(1);
    ASSERT_EQ(got.size(), 1U);
    EXPECT_EQ(got[0].second.type, static_cast<uint32_t>(VD_AGENT_REPLY));
    auto configs = device_->configs();
    ASSERT_EQ(configs.size(), 1U);
    ASSERT_EQ(configs[0].size(), 1U);
    EXPECT_EQ(configs[0][0].width, 800U);
    EXPECT_EQ(configs[0][0].height, 600U);
    EXPECT_EQ(server_->agent_stats().monitors_configs_to_devices, 1U);
}

TEST_F(AgentServer, MonitorsConfigGoesToTheAgentWhenADeviceRefuses) {
    start(false);
    MainClient c(server_->port());
    read_init(c);
    c.send(make_client_agent_start(10));
    c.send_agent(VD_AGENT_MONITORS_CONFIG, encode_monitors_config(one_monitor(640, 480)));
    auto got = port_->wait_messages(1);
    ASSERT_EQ(got.size(), 1U);
    EXPECT_EQ(got[0].second.type, static_cast<uint32_t>(VD_AGENT_MONITORS_CONFIG));
    auto config = parse_monitors_config(got[0].second.data);
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->monitors.at(0).width, 640U);
    EXPECT_TRUE(device_->configs().empty());
}

TEST_F(AgentServer, HostileMonitorsConfigsCloseThatClientOnly) {
    start(true);
    {
        // A header claiming far more than 256 monitors' worth of data.
        MainClient c(server_->port());
        read_init(c);
        c.send(make_client_agent_start(10));
        Writer w;
        w.bytes(encode_agent_header(VD_AGENT_MONITORS_CONFIG, 1 << 30));
        w.bytes(std::vector<uint8_t>(100));
        c.send(make_client_agent_data(w.take()));
        EXPECT_TRUE(c.closed_by_peer());
    }
    {
        // A config whose count does not match its size.
        MainClient c(server_->port());
        read_init(c);
        c.send(make_client_agent_start(10));
        auto data = encode_monitors_config(one_monitor(800, 600));
        data[0] = 3;  // three monitors, one entry
        c.send_agent(VD_AGENT_MONITORS_CONFIG, data);
        EXPECT_TRUE(c.closed_by_peer());
    }
    {
        // Oversized pieces that never end the message (reassembly stays bounded).
        MainClient c(server_->port());
        read_init(c);
        c.send(make_client_agent_start(10));
        Writer w;
        w.bytes(encode_agent_header(VD_AGENT_MONITORS_CONFIG, 6000));
        w.bytes(std::vector<uint8_t>(2028));
        c.send(make_client_agent_data(w.take()));
        for (int i = 0; i < 3; ++i) {
            c.send(make_client_agent_data(std::vector<uint8_t>(2048)));
        }
        EXPECT_TRUE(c.closed_by_peer());
    }
    EXPECT_TRUE(device_->configs().empty());
    MainClient good(server_->port());
    read_init(good);
    good.send(make_client_agent_start(10));
    good.send_agent(VD_AGENT_MONITORS_CONFIG, encode_monitors_config(one_monitor(1280, 720)));
    auto stats =
        wait_stats([](const AgentRelayStats& s) { return s.monitors_configs_to_devices >= 1; });
    EXPECT_EQ(stats.monitors_configs_to_devices, 1U);
    ASSERT_EQ(device_->configs().size(), 1U);
    EXPECT_EQ(device_->configs()[0][0].width, 1280U);
}

TEST_F(AgentServer, GuestHearsTheClientGoAndClientHearsTheGuest) {
    start(false);
    {
        MainClient c(server_->port());
        read_init(c);
        c.send(make_client_agent_start(10));
        port_->close();
        EXPECT_EQ(Reader(c.receive(SPICE_MSG_MAIN_AGENT_DISCONNECTED)).u32(),
                  static_cast<uint32_t>(SPICE_LINK_ERR_OK));
        port_->open();
        EXPECT_EQ(Reader(c.receive(SPICE_MSG_MAIN_AGENT_CONNECTED_TOKENS)).u32(),
                  kAgentClientWindow);
    }
    // The client went away: the guest gets VD_AGENT_CLIENT_DISCONNECTED from the server.
    auto got = port_->wait_messages(1);
    ASSERT_EQ(got.size(), 1U);
    EXPECT_EQ(got[0].first, static_cast<uint32_t>(VDP_SERVER_PORT));
    EXPECT_EQ(got[0].second.type, static_cast<uint32_t>(VD_AGENT_CLIENT_DISCONNECTED));

    // A client without SPICE_MAIN_CAP_AGENT_CONNECTED_TOKENS gets the old AGENT_CONNECTED.
    MainClient old(server_->port(), false);
    read_init(old);
    port_->close();
    old.receive(SPICE_MSG_MAIN_AGENT_DISCONNECTED);
    port_->open();
    old.receive(SPICE_MSG_MAIN_AGENT_CONNECTED);
}

TEST_F(AgentServer, ClientThatNeverReturnsTokensIsClosed) {
    AgentRelayConfig config;
    config.client_tokens_timeout = 200ms;
    start(false, 1 << 20, config);
    MainClient c(server_->port());
    read_init(c);
    c.send(make_client_agent_start(1));
    // Once a client message reached the guest, the server has handled AGENT_START: the guest's
    // pieces are now for this client (before it, they would be dropped).
    c.send_agent(VD_AGENT_REPLY, encode_agent_reply(AgentReply{}));
    ASSERT_EQ(port_->wait_messages(1).size(), 1U);
    for (uint32_t i = 0; i < 2; ++i) {
        port_->guest_write(encode_vdi_chunks(
            VDP_CLIENT_PORT,
            encode_agent_message(VD_AGENT_REPLY, encode_agent_reply(AgentReply{i}))));
    }
    c.receive(SPICE_MSG_MAIN_AGENT_DATA);  // the one token; the second piece waits
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(c.closed_by_peer());
    EXPECT_GE(std::chrono::steady_clock::now() - t0, 100ms);
    MainClient next(server_->port());
    EXPECT_EQ(read_init(next).agent_connected, 1U);
}

TEST_F(AgentServer, CapabilitiesTheServerDisabledAreNotOffered) {
    AgentRelayConfig config;
    config.filter.copy_paste = false;
    config.filter.file_transfer = false;
    start(false, 1 << 20, config);
    MainClient c(server_->port());
    read_init(c);
    c.send(make_client_agent_start(10));
    c.send_agent(VD_AGENT_REPLY, encode_agent_reply(AgentReply{}));
    ASSERT_EQ(port_->wait_messages(1).size(), 1U);  // AGENT_START handled
    AgentCapabilities caps;
    caps.caps.set(VD_AGENT_CAP_MONITORS_CONFIG)
        .set(VD_AGENT_CAP_CLIPBOARD)
        .set(VD_AGENT_CAP_CLIPBOARD_BY_DEMAND);
    port_->guest_write(encode_vdi_chunks(
        VDP_CLIENT_PORT,
        encode_agent_message(VD_AGENT_ANNOUNCE_CAPABILITIES, encode_announce_capabilities(caps))));
    auto data = c.receive(SPICE_MSG_MAIN_AGENT_DATA);
    auto announced = parse_announce_capabilities(std::span(data).subspan(kAgentHeaderSize));
    ASSERT_TRUE(announced.ok());
    EXPECT_TRUE(announced->caps.has(VD_AGENT_CAP_MONITORS_CONFIG));
    EXPECT_FALSE(announced->caps.has(VD_AGENT_CAP_CLIPBOARD));
    EXPECT_FALSE(announced->caps.has(VD_AGENT_CAP_CLIPBOARD_BY_DEMAND));
    EXPECT_TRUE(announced->caps.has(VD_AGENT_CAP_FILE_XFER_DISABLED));
}

TEST_F(AgentServer, MalformedGuestStreamDisconnectsTheAgent) {
    start(false);
    MainClient c(server_->port());
    read_init(c);
    c.send(make_client_agent_start(10));
    std::vector<uint8_t> bad = {9, 0, 0, 0, 4, 0, 0, 0, 1, 2, 3, 4};  // VDI port 9
    port_->guest_write(bad);
    c.receive(SPICE_MSG_MAIN_AGENT_DISCONNECTED);
}

}  // namespace
}  // namespace spicedesk::core
