// The whole server in-process on an ephemeral loopback port, driven by a small blocking
// client written with our own protocol code: link (ticket auth), main INIT and
// CHANNELS_LIST, display SURFACE_CREATE + full image (equal to what the server says it
// sent) + MARK + live draws, inputs with MOTION_ACKs, a refused password, a new client
// replacing the old one, and a clean stop. Runs in the unit suite, so under ASan/UBSan too.

#include <gtest/gtest.h>

#include <asio.hpp>
#include <mutex>

#include "spice-core/codec/lz4.hpp"
#include "spice-core/net/ticket_auth.hpp"
#include "spice-core/protocol/base.hpp"
#include "spice-core/protocol/display.hpp"
#include "spice-core/protocol/framing.hpp"
#include "spice-core/protocol/inputs.hpp"
#include "spice-core/protocol/link.hpp"
#include "spice-core/protocol/main.hpp"
#include "spice-core/protocol/reader.hpp"
#include "spice-core/server/server.hpp"
#include "spice-core/tools/test_source.hpp"

namespace spicedesk::core {
namespace {

using asio::ip::tcp;

struct RecordingSink : InputSink {
    std::mutex mutex;
    std::vector<std::pair<int32_t, int32_t>> motions;
    void key_down(uint32_t) override {}
    void key_up(uint32_t) override {}
    void key_scancode(std::span<const uint8_t>) override {}
    void keyboard_modifiers(uint16_t) override {}
    void mouse_motion(int32_t dx, int32_t dy, uint16_t) override {
        std::lock_guard lock(mutex);
        motions.emplace_back(dx, dy);
    }
    void mouse_position(uint32_t, uint32_t, uint16_t, uint8_t) override {}
    void mouse_press(uint8_t, uint16_t) override {}
    void mouse_release(uint8_t, uint16_t) override {}
};

class Client {
  public:
    explicit Client(uint16_t port) : socket_(io_) {
        socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    }

    // Returns the link result (SPICE_LINK_ERR_*).
    uint32_t link(uint8_t type, uint32_t connection_id, const std::string& password,
                  Caps channel_caps = {}) {
        LinkMess mess;
        mess.connection_id = connection_id;
        mess.channel_type = type;
        mess.common_caps.set(SPICE_COMMON_CAP_PROTOCOL_AUTH_SELECTION)
            .set(SPICE_COMMON_CAP_AUTH_SPICE)
            .set(SPICE_COMMON_CAP_MINI_HEADER);
        mess.channel_caps = std::move(channel_caps);
        asio::write(socket_, asio::buffer(write_link_mess(mess)));
        std::vector<uint8_t> header(kLinkHeaderSize);
        asio::read(socket_, asio::buffer(header));
        auto h = parse_link_header(header);
        EXPECT_TRUE(h.ok());
        std::vector<uint8_t> body(h->size);
        asio::read(socket_, asio::buffer(body));
        auto reply = parse_link_reply(body);
        EXPECT_TRUE(reply.ok());
        if (reply->error != SPICE_LINK_ERR_OK) {
            return reply->error;
        }
        EXPECT_TRUE(reply->common_caps.has(SPICE_COMMON_CAP_MINI_HEADER));
        std::vector<uint8_t> mech = {SPICE_COMMON_CAP_AUTH_SPICE, 0, 0, 0};
        asio::write(socket_, asio::buffer(mech));
        auto ticket = TicketKey::encrypt_for(reply->pub_key, password);
        EXPECT_TRUE(ticket.ok());
        asio::write(socket_, asio::buffer(*ticket));
        std::vector<uint8_t> result(4);
        asio::read(socket_, asio::buffer(result));
        return Reader(result).u32();
    }

    void send(const OutMessage& msg) {
        std::vector<uint8_t> out;
        framing_.append(out, msg.type, msg.body);
        asio::write(socket_, asio::buffer(out));
    }

    InMessage receive() {
        std::vector<uint8_t> header(framing_.header_size());
        asio::read(socket_, asio::buffer(header));
        auto h = framing_.parse_header(header, 64 << 20);
        EXPECT_TRUE(h.ok());
        body_.resize(h->size);
        asio::read(socket_, asio::buffer(body_));
        return InMessage{h->type, body_};
    }

    // Receives until a message of this type, answering SET_ACK and acking as spice-gtk does.
    InMessage receive_until(uint16_t type) {
        while (true) {
            InMessage msg = receive();
            if (msg.type == SPICE_MSG_SET_ACK) {
                Reader r(msg.body);
                uint32_t generation = r.u32();
                window_ = r.u32();
                count_ = 0;
                send(make_ack_sync(generation));
            } else if (window_ != 0 && ++count_ % window_ == 0) {
                send(OutMessage{SPICE_MSGC_ACK, {}});
            }
            if (msg.type == type) {
                return msg;
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
    std::vector<uint8_t> body_;
    uint32_t window_ = 0;
    uint32_t count_ = 0;
};

TEST(ServerLoopback, LinksDrawsAndTakesInput) {
    TestSource source(TestSourceOptions{320, 200, 2, 100, 0, 0});
    RecordingSink sink;
    std::mutex sent_mutex;
    std::vector<uint32_t> sent_pixels;
    ServerConfig config;
    config.port = 0;
    config.ticket.password = "pw";
    config.full_refresh_observer = [&](uint8_t, uint32_t, const AreaPixels& area) {
        std::lock_guard lock(sent_mutex);
        sent_pixels = area.pixels;
    };
    Server server(config);
    server.add_display(0, source);
    server.set_input_sink(sink);
    server.set_cursor_source(source);
    ASSERT_TRUE(server.start().ok());
    ASSERT_NE(server.port(), 0);
    source.start();

    {
        Client wrong(server.port());
        EXPECT_EQ(wrong.link(SPICE_CHANNEL_MAIN, 0, "nope"), SPICE_LINK_ERR_PERMISSION_DENIED);
    }

    Client main(server.port());
    ASSERT_EQ(main.link(SPICE_CHANNEL_MAIN, 0, "pw"), SPICE_LINK_ERR_OK);
    auto init = main.receive_until(SPICE_MSG_MAIN_INIT);
    uint32_t session = Reader(init.body).u32();
    EXPECT_NE(session, 0U);
    main.send(OutMessage{SPICE_MSGC_MAIN_ATTACH_CHANNELS, {}});
    auto list = main.receive_until(SPICE_MSG_MAIN_CHANNELS_LIST);
    EXPECT_EQ(Reader(list.body).u32(), 3U);  // display, inputs, cursor

    Client display(server.port());
    Caps display_caps;
    display_caps.set(SPICE_DISPLAY_CAP_LZ4_COMPRESSION).set(SPICE_DISPLAY_CAP_MONITORS_CONFIG);
    ASSERT_EQ(display.link(SPICE_CHANNEL_DISPLAY, session, "pw", display_caps), SPICE_LINK_ERR_OK);
    display.send(make_display_init(DisplayInit{1, 1 << 20, 1, 1 << 20}));
    auto create = display.receive_until(SPICE_MSG_DISPLAY_SURFACE_CREATE);
    Reader c(create.body);
    EXPECT_EQ(c.u32(), 0U);
    EXPECT_EQ(c.u32(), 320U);
    EXPECT_EQ(c.u32(), 200U);
    EXPECT_EQ(c.u32(), static_cast<uint32_t>(SPICE_SURFACE_FMT_32_xRGB));
    EXPECT_EQ(c.u32(), static_cast<uint32_t>(SPICE_SURFACE_FLAGS_PRIMARY));
    auto copy = display.receive_until(SPICE_MSG_DISPLAY_DRAW_COPY);
    Reader d(copy.body);
    d.skip(4 + 16 + 1);
    Reader image = d.at(d.u32());
    image.skip(8);
    ASSERT_EQ(image.u8(), SPICE_IMAGE_TYPE_LZ4);  // the client advertised LZ4
    image.skip(1 + 8);
    uint32_t size = image.u32();
    auto pixels = decode_lz4(image.bytes(size), 320, 200);
    ASSERT_TRUE(pixels.ok()) << pixels.message();
    {
        std::lock_guard lock(sent_mutex);
        EXPECT_EQ(*pixels, sent_pixels);
    }
    auto monitors = display.receive_until(SPICE_MSG_DISPLAY_MONITORS_CONFIG);
    EXPECT_EQ(Reader(monitors.body).u16(), 2U);
    display.receive_until(SPICE_MSG_DISPLAY_MARK);
    display.receive_until(SPICE_MSG_DISPLAY_DRAW_FILL);  // live animation follows
    display.receive_until(SPICE_MSG_DISPLAY_COPY_BITS);

    Client inputs(server.port());
    ASSERT_EQ(inputs.link(SPICE_CHANNEL_INPUTS, session, "pw"), SPICE_LINK_ERR_OK);
    inputs.receive_until(SPICE_MSG_INPUTS_INIT);
    for (int i = 1; i <= 8; ++i) {
        inputs.send(make_mouse_motion(i, -i, 0));
    }
    inputs.receive_until(SPICE_MSG_INPUTS_MOUSE_MOTION_ACK);
    inputs.receive_until(SPICE_MSG_INPUTS_MOUSE_MOTION_ACK);
    {
        std::lock_guard lock(sink.mutex);
        ASSERT_EQ(sink.motions.size(), 8U);
        EXPECT_EQ(sink.motions[7], std::make_pair(8, -8));
    }

    Client other_display(server.port());
    EXPECT_EQ(other_display.link(SPICE_CHANNEL_DISPLAY, session + 1, "pw"),
              SPICE_LINK_ERR_BAD_CONNECTION_ID);

    Client main2(server.port());
    ASSERT_EQ(main2.link(SPICE_CHANNEL_MAIN, 0, "pw"), SPICE_LINK_ERR_OK);
    EXPECT_TRUE(main.closed_by_peer());
    EXPECT_TRUE(display.closed_by_peer());
    EXPECT_TRUE(inputs.closed_by_peer());

    source.stop();
    server.stop();
    EXPECT_EQ(server.stats().bad_messages.load(), 0U);
    EXPECT_EQ(server.stats().link_failures.load(), 2U);
}

}  // namespace
}  // namespace spicedesk::core
