// Client message parsers (every message the server reads) and the layout of what it sends.

#include <gtest/gtest.h>

#include "spice-core/protocol/base.hpp"
#include "spice-core/protocol/cursor.hpp"
#include "spice-core/protocol/display.hpp"
#include "spice-core/protocol/inputs.hpp"
#include "spice-core/protocol/main.hpp"
#include "spice-core/protocol/reader.hpp"
#include "spice-core/protocol/writer.hpp"

namespace spicedesk::core {
namespace {

InMessage in(const OutMessage& m) {
    return InMessage{m.type, m.body};
}

TEST(BaseMessages, ParsesClientMessages) {
    auto sync = make_ack_sync(7);
    auto p = parse_base_client_message(in(sync));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(std::get<AckSync>(*p).generation, 7U);
    auto pong = make_pong(3, 99);
    p = parse_base_client_message(in(pong));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(std::get<Pong>(*p).id, 3U);
    EXPECT_EQ(std::get<Pong>(*p).timestamp, 99U);
    EXPECT_TRUE(
        std::holds_alternative<Ack>(*parse_base_client_message(InMessage{SPICE_MSGC_ACK, {}})));
    std::vector<uint8_t> one = {1};
    EXPECT_FALSE(parse_base_client_message(InMessage{SPICE_MSGC_ACK, one}).ok());
    EXPECT_FALSE(parse_base_client_message(InMessage{SPICE_MSGC_ACK_SYNC, one}).ok());
    EXPECT_FALSE(parse_base_client_message(InMessage{77, {}}).ok());
    EXPECT_TRUE(is_base_client_message(SPICE_MSGC_DISCONNECTING));
    EXPECT_FALSE(is_base_client_message(SPICE_MSGC_MAIN_ATTACH_CHANNELS));
}

TEST(BaseMessages, ServerLayouts) {
    auto ack = make_set_ack(2, 20);
    EXPECT_EQ(ack.type, SPICE_MSG_SET_ACK);
    EXPECT_EQ(ack.body, (std::vector<uint8_t>{2, 0, 0, 0, 20, 0, 0, 0}));
    auto ping = make_ping(1, 5, 100);
    EXPECT_EQ(ping.body.size(), 112U);
    auto notify = make_notify(0, SPICE_NOTIFY_SEVERITY_WARN, 0, "hi");
    Reader r(notify.body);
    r.skip(8 + 12);
    EXPECT_EQ(r.u32(), 3U);  // length with the NUL
}

TEST(MainMessages, Parses) {
    auto req = make_mouse_mode_request(SPICE_MOUSE_MODE_CLIENT);
    auto p = parse_main_client_message(in(req));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(std::get<MouseModeRequest>(*p).mode, SPICE_MOUSE_MODE_CLIENT);
    EXPECT_TRUE(std::holds_alternative<AttachChannels>(
        *parse_main_client_message(InMessage{SPICE_MSGC_MAIN_ATTACH_CHANNELS, {}})));
    std::vector<uint8_t> eight(8, 1);
    EXPECT_EQ(std::get<ClientInfo>(
                  *parse_main_client_message(InMessage{SPICE_MSGC_MAIN_CLIENT_INFO, eight}))
                  .cache_size,
              0x0101010101010101ULL);
    EXPECT_FALSE(parse_main_client_message(InMessage{SPICE_MSGC_MAIN_CLIENT_INFO, {}}).ok());
    EXPECT_FALSE(parse_main_client_message(InMessage{SPICE_MSGC_MAIN_ATTACH_CHANNELS, eight}).ok());
    EXPECT_FALSE(parse_main_client_message(InMessage{SPICE_MSGC_END_MAIN, {}}).ok());
}

TEST(MainMessages, InitAndChannelsList) {
    MainInit init;
    init.session_id = 0xabcd;
    auto m = make_main_init(init);
    EXPECT_EQ(m.type, SPICE_MSG_MAIN_INIT);
    EXPECT_EQ(m.body.size(), 32U);
    std::vector<ChannelId> ids = {{SPICE_CHANNEL_DISPLAY, 0}, {SPICE_CHANNEL_INPUTS, 0}};
    auto list = make_channels_list(ids);
    EXPECT_EQ(list.body, (std::vector<uint8_t>{2, 0, 0, 0, 2, 0, 3, 0}));
}

TEST(DisplayMessages, ParsesClientMessages) {
    DisplayInit init{1, 1 << 20, 1, -5};
    auto p = parse_display_client_message(in(make_display_init(init)));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(std::get<DisplayInit>(*p).pixmap_cache_size, 1 << 20);
    EXPECT_EQ(std::get<DisplayInit>(*p).glz_dictionary_window_size, -5);
    p = parse_display_client_message(in(make_preferred_compression(SPICE_IMAGE_COMPRESSION_LZ4)));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(std::get<PreferredCompression>(*p).compression, SPICE_IMAGE_COMPRESSION_LZ4);
    EXPECT_FALSE(parse_display_client_message(in(make_preferred_compression(0))).ok());
    EXPECT_FALSE(parse_display_client_message(in(make_preferred_compression(200))).ok());
    std::vector<uint8_t> codecs = {2, SPICE_VIDEO_CODEC_TYPE_MJPEG, SPICE_VIDEO_CODEC_TYPE_VP8};
    p = parse_display_client_message(
        InMessage{SPICE_MSGC_DISPLAY_PREFERRED_VIDEO_CODEC_TYPE, codecs});
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(std::get<PreferredVideoCodecs>(*p).codecs.size(), 2U);
    codecs[0] = 3;
    EXPECT_FALSE(parse_display_client_message(
                     InMessage{SPICE_MSGC_DISPLAY_PREFERRED_VIDEO_CODEC_TYPE, codecs})
                     .ok());
    std::vector<uint8_t> report(32, 0);
    EXPECT_TRUE(
        parse_display_client_message(InMessage{SPICE_MSGC_DISPLAY_STREAM_REPORT, report}).ok());
    report.pop_back();
    EXPECT_FALSE(
        parse_display_client_message(InMessage{SPICE_MSGC_DISPLAY_STREAM_REPORT, report}).ok());
}

TEST(DisplayMessages, DrawCopyLayout) {
    EncodedImage image;
    image.id = 5;
    image.width = 2;
    image.height = 1;
    image.stride = 8;
    image.data = {1, 2, 3, 4, 5, 6, 7, 8};
    WireRect box{10, 20, 12, 21};
    auto m = make_draw_copy(0, box, image);
    EXPECT_EQ(m.type, SPICE_MSG_DISPLAY_DRAW_COPY);
    Reader r(m.body);
    EXPECT_EQ(r.u32(), 0U);  // surface
    EXPECT_EQ(r.i32(), 20);  // top
    EXPECT_EQ(r.i32(), 10);  // left
    EXPECT_EQ(r.i32(), 21);  // bottom
    EXPECT_EQ(r.i32(), 12);  // right
    EXPECT_EQ(r.u8(), SPICE_CLIP_TYPE_NONE);
    uint32_t image_at = r.u32();
    EXPECT_EQ(r.i32(), 0);  // src_area top, left, bottom, right
    EXPECT_EQ(r.i32(), 0);
    EXPECT_EQ(r.i32(), 1);
    EXPECT_EQ(r.i32(), 2);
    EXPECT_EQ(r.u16(), SPICE_ROPD_OP_PUT);
    r.skip(1 + 1 + 8);       // scale mode, mask flags, mask pos
    EXPECT_EQ(r.u32(), 0U);  // no mask
    EXPECT_EQ(image_at, r.position());
    Reader img = r.at(image_at);
    EXPECT_EQ(img.u64(), 5U);
    EXPECT_EQ(img.u8(), SPICE_IMAGE_TYPE_BITMAP);
    img.skip(1);
    EXPECT_EQ(img.u32(), 2U);
    EXPECT_EQ(img.u32(), 1U);
    EXPECT_EQ(img.u8(), SPICE_BITMAP_FMT_32BIT);
    EXPECT_EQ(img.u8(), SPICE_BITMAP_FLAGS_TOP_DOWN);
    img.skip(12 + 4);  // x, y, stride, palette
    EXPECT_EQ(img.rest().size(), 8U);
}

TEST(DisplayMessages, FillAndCopyBitsSizes) {
    EXPECT_EQ(make_draw_fill(0, WireRect{0, 0, 1, 1}, 0xff).body.size(), 41U);
    EXPECT_EQ(make_copy_bits(0, WireRect{0, 0, 1, 1}, 3, 4).body.size(), 29U);
    EXPECT_EQ(make_surface_create(0, 1, 1, SPICE_SURFACE_FMT_32_xRGB, SPICE_SURFACE_FLAGS_PRIMARY)
                  .body.size(),
              20U);
    std::vector<WireHead> heads(3);
    EXPECT_EQ(make_monitors_config(heads, 4).body.size(), 4U + 3U * 28U);
}

TEST(InputsMessages, Parses) {
    auto p = parse_inputs_client_message(in(make_mouse_motion(-3, 4, 1)));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(std::get<MouseMotion>(*p).dx, -3);
    EXPECT_EQ(std::get<MouseMotion>(*p).dy, 4);
    p = parse_inputs_client_message(in(make_mouse_position(100, 200, 2, 1)));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(std::get<MousePosition>(*p).y, 200U);
    EXPECT_EQ(std::get<MousePosition>(*p).display_id, 1);
    p = parse_inputs_client_message(in(make_key_down(0x1ce0)));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(std::get<KeyDown>(*p).code, 0x1ce0U);
    std::vector<uint8_t> sc = {0xe0, 0x1d, 0xe0, 0x9d};
    p = parse_inputs_client_message(InMessage{SPICE_MSGC_INPUTS_KEY_SCANCODE, sc});
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(std::get<KeyScancode>(*p).bytes.size(), 4U);
    EXPECT_FALSE(parse_inputs_client_message(InMessage{SPICE_MSGC_INPUTS_KEY_SCANCODE, {}}).ok());
    std::vector<uint8_t> press = {SPICE_MOUSE_BUTTON_LEFT, 1, 0};
    EXPECT_TRUE(parse_inputs_client_message(InMessage{SPICE_MSGC_INPUTS_MOUSE_PRESS, press}).ok());
    press[0] = 0;
    EXPECT_FALSE(parse_inputs_client_message(InMessage{SPICE_MSGC_INPUTS_MOUSE_PRESS, press}).ok());
    press[0] = 99;
    EXPECT_FALSE(
        parse_inputs_client_message(InMessage{SPICE_MSGC_INPUTS_MOUSE_RELEASE, press}).ok());
    auto short_motion = make_mouse_motion(1, 1, 0);
    short_motion.body.pop_back();
    EXPECT_FALSE(parse_inputs_client_message(in(short_motion)).ok());
}

TEST(CursorMessages, Layouts) {
    CursorShape shape;
    shape.width = 2;
    shape.height = 2;
    shape.data.assign(16, 0xff);
    auto init = make_cursor_init(5, 6, true, &shape);
    EXPECT_EQ(init.body.size(), 4U + 4U + 1U + 2U + 17U + 16U);
    auto none = make_cursor_set(0, 0, false, nullptr);
    Reader r(none.body);
    r.skip(5);
    EXPECT_EQ(r.u16(), SPICE_CURSOR_FLAGS_NONE);
    EXPECT_TRUE(r.at_end());
    EXPECT_EQ(make_cursor_move(-1, 2).body, (std::vector<uint8_t>{0xff, 0xff, 2, 0}));
}

}  // namespace
}  // namespace spicedesk::core
