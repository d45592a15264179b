// Server→client message parsing (spice-core/client/wire): hand-built bytes per message family,
// every truncation of a valid message refused, pointers outside the message refused.

#include <gtest/gtest.h>

#include "spice-core/client/wire/base.hpp"
#include "spice-core/client/wire/cursor.hpp"
#include "spice-core/client/wire/display.hpp"
#include "spice-core/client/wire/main.hpp"
#include "tests/unit/client/message_builder.hpp"

namespace spicedesk::core::client {
namespace {

using test::put_base;
using test::put_rect;

std::vector<uint8_t> copy_with_clip() {
    return test::draw_copy(0, {10, 20, 14, 22}, {0, 0, 4, 2},
                           [](Writer& w) {
                               test::put_bitmap_image(w, 0x1234, SPICE_IMAGE_FLAGS_CACHE_ME, 4, 2,
                                                      {1, 2, 3, 4, 5, 6, 7, 8});
                           },
                           {{10, 20, 12, 21}, {12, 21, 14, 22}});
}

TEST(ClientWire, DrawCopyWithBitmapAndClip) {
    auto body = copy_with_clip();
    auto msg = wire::parse_display_message(SPICE_MSG_DISPLAY_DRAW_COPY, body);
    ASSERT_TRUE(msg.ok()) << msg.message();
    const auto& m = std::get<wire::DrawCopy>(*msg);
    EXPECT_FALSE(m.blend);
    EXPECT_EQ(m.base.box.left, 10);
    EXPECT_EQ(m.base.box.top, 20);
    EXPECT_EQ(m.base.box.right, 14);
    EXPECT_EQ(m.base.box.bottom, 22);
    ASSERT_EQ(m.base.clip.type, SPICE_CLIP_TYPE_RECTS);
    ASSERT_EQ(m.base.clip.rects.size(), 2U);
    EXPECT_EQ(m.base.clip.rects[1].left, 12);
    EXPECT_EQ(m.src.id, 0x1234U);
    EXPECT_EQ(m.src.type, SPICE_IMAGE_TYPE_BITMAP);
    EXPECT_EQ(m.src.flags, SPICE_IMAGE_FLAGS_CACHE_ME);
    EXPECT_EQ(m.src.width, 4U);
    EXPECT_EQ(m.src.stride, 16U);
    EXPECT_EQ(m.src.data.size(), 32U);
    EXPECT_EQ(m.src_area.right, 4);
    EXPECT_FALSE(m.mask.bitmap.has_value());
}

TEST(ClientWire, EveryTruncationIsAnError) {
    auto body = copy_with_clip();
    for (size_t n = 0; n < body.size(); ++n) {
        std::vector<uint8_t> cut(body.begin(), body.begin() + static_cast<ptrdiff_t>(n));
        EXPECT_FALSE(wire::parse_display_message(SPICE_MSG_DISPLAY_DRAW_COPY, cut).ok()) << n;
    }
}

TEST(ClientWire, PointerBeyondTheMessage) {
    auto body = copy_with_clip();
    // The image pointer follows the base (4 + 16 + 1 + 4 + 2 * 16 = 57 bytes).
    body[57] = 0xff;
    body[58] = 0xff;
    auto msg = wire::parse_display_message(SPICE_MSG_DISPLAY_DRAW_COPY, body);
    ASSERT_FALSE(msg.ok());
    EXPECT_NE(msg.message().find("beyond"), std::string::npos) << msg.message();
}

TEST(ClientWire, HugeClipCountRefused) {
    Writer w;
    w.u32(0);
    put_rect(w, 0, 0, 1, 1);
    w.u8(SPICE_CLIP_TYPE_RECTS);
    w.u32(0x40000000);
    w.i32(0);
    w.i32(0);
    auto msg = wire::parse_display_message(SPICE_MSG_DISPLAY_COPY_BITS, w.take());
    EXPECT_FALSE(msg.ok());
}

TEST(ClientWire, StrokeWithPathAndStyle) {
    Writer w;
    put_base(w, 0, {0, 0, 10, 10});
    size_t path_ptr = w.size();
    w.u32(0);
    w.u8(SPICE_LINE_FLAGS_STYLED);
    w.u8(2);  // style_nseg
    size_t style_ptr = w.size();
    w.u32(0);
    w.u8(SPICE_BRUSH_TYPE_SOLID);
    w.u32(0xff0000);
    w.u16(SPICE_ROPD_OP_PUT);
    w.u16(SPICE_ROPD_OP_PUT);
    w.patch_u32(path_ptr, static_cast<uint32_t>(w.size()));
    w.u32(1);  // one segment
    w.u8(SPICE_PATH_BEGIN | SPICE_PATH_END);
    w.u32(2);
    w.i32(0);
    w.i32(0);
    w.i32(9 << 4);
    w.i32(9 << 4);
    w.patch_u32(style_ptr, static_cast<uint32_t>(w.size()));
    w.i32(3 << 4);
    w.i32(1 << 4);
    auto msg = wire::parse_display_message(SPICE_MSG_DISPLAY_DRAW_STROKE, w.take());
    ASSERT_TRUE(msg.ok()) << msg.message();
    const auto& m = std::get<wire::DrawStroke>(*msg);
    ASSERT_EQ(m.path.size(), 1U);
    ASSERT_EQ(m.path[0].points.size(), 2U);
    EXPECT_EQ(m.path[0].points[1].x, 9 << 4);
    ASSERT_EQ(m.attr.style.size(), 2U);
    EXPECT_EQ(m.attr.style[0], 3 << 4);
    EXPECT_EQ(m.brush.color, 0xff0000U);
}

TEST(ClientWire, TextWithA1Glyph) {
    Writer w;
    put_base(w, 0, {0, 0, 8, 2});
    size_t str_ptr = w.size();
    w.u32(0);
    put_rect(w, 0, 0, 0, 0);  // back_area
    w.u8(SPICE_BRUSH_TYPE_SOLID);
    w.u32(0xffffff);
    w.u8(SPICE_BRUSH_TYPE_NONE);
    w.u16(SPICE_ROPD_OP_PUT);
    w.u16(SPICE_ROPD_OP_PUT);
    w.patch_u32(str_ptr, static_cast<uint32_t>(w.size()));
    w.u16(1);
    w.u8(SPICE_STRING_FLAGS_RASTER_A1);
    w.i32(0);
    w.i32(2);
    w.i32(0);
    w.i32(-2);
    w.u16(9);  // 9 pixels wide: 2 bytes per row
    w.u16(2);
    w.u32(0xffffffff);
    auto msg = wire::parse_display_message(SPICE_MSG_DISPLAY_DRAW_TEXT, w.take());
    ASSERT_TRUE(msg.ok()) << msg.message();
    const auto& m = std::get<wire::DrawText>(*msg);
    ASSERT_EQ(m.str.glyphs.size(), 1U);
    EXPECT_EQ(m.str.glyphs[0].data.size(), 4U);
    EXPECT_EQ(m.str.glyphs[0].glyph_origin.y, -2);
}

TEST(ClientWire, LzPltWithPaletteAndBitmapFromPaletteCache) {
    Writer w;
    put_base(w, 0, {0, 0, 2, 1});
    size_t ptr = w.size();
    w.u32(0);
    put_rect(w, 0, 0, 2, 1);
    w.u16(SPICE_ROPD_OP_PUT);
    w.u8(SPICE_IMAGE_SCALE_MODE_NEAREST);
    test::put_no_mask(w);
    w.patch_u32(ptr, static_cast<uint32_t>(w.size()));
    w.u64(7);
    w.u8(SPICE_IMAGE_TYPE_LZ_PLT);
    w.u8(0);
    w.u32(2);
    w.u32(1);
    w.u8(SPICE_BITMAP_FLAGS_PAL_CACHE_ME);
    w.u32(3);  // data size
    size_t pal_ptr = w.size();
    w.u32(0);
    w.u8(1);
    w.u8(2);
    w.u8(3);
    w.patch_u32(pal_ptr, static_cast<uint32_t>(w.size()));
    w.u64(99);
    w.u16(2);
    w.u32(0x112233);
    w.u32(0x445566);
    auto msg = wire::parse_display_message(SPICE_MSG_DISPLAY_DRAW_COPY, w.take());
    ASSERT_TRUE(msg.ok()) << msg.message();
    const auto& src = std::get<wire::DrawCopy>(*msg).src;
    EXPECT_EQ(src.type, SPICE_IMAGE_TYPE_LZ_PLT);
    ASSERT_TRUE(src.palette.has_value());
    EXPECT_EQ(src.palette->unique, 99U);
    EXPECT_EQ(src.palette->entries[1], 0x445566U);
    EXPECT_EQ(src.data.size(), 3U);
}

TEST(ClientWire, SmallDisplayMessages) {
    {
        Writer w;
        w.u16(2);
        w.u8(SPICE_RES_TYPE_PIXMAP);
        w.u64(5);
        w.u8(SPICE_RES_TYPE_PIXMAP);
        w.u64(6);
        auto msg = wire::parse_display_message(SPICE_MSG_DISPLAY_INVAL_LIST, w.take());
        ASSERT_TRUE(msg.ok());
        EXPECT_EQ(std::get<wire::InvalList>(*msg).resources[1].id, 6U);
    }
    {
        Writer w;
        w.u8(1);
        w.u8(SPICE_CHANNEL_DISPLAY);
        w.u8(0);
        w.u64(42);
        auto msg = wire::parse_display_message(SPICE_MSG_DISPLAY_INVAL_ALL_PIXMAPS, w.take());
        ASSERT_TRUE(msg.ok());
        EXPECT_EQ(std::get<wire::InvalAllPixmaps>(*msg).wait_list[0].message_serial, 42U);
    }
    {
        Writer w;
        w.u16(2);
        w.u16(4);
        for (uint32_t i = 0; i < 2; ++i) {
            for (uint32_t v : {i, 0U, 640U, 480U, i * 640, 0U, 0U}) {
                w.u32(v);
            }
        }
        auto msg = wire::parse_display_message(SPICE_MSG_DISPLAY_MONITORS_CONFIG, w.take());
        ASSERT_TRUE(msg.ok());
        EXPECT_EQ(std::get<wire::MonitorsConfig>(*msg).heads[1].x, 640U);
    }
    {
        Writer w;
        w.u16(17);
        w.u16(17);
        EXPECT_FALSE(wire::parse_display_message(SPICE_MSG_DISPLAY_MONITORS_CONFIG, w.take()).ok());
    }
    {
        Writer w;
        w.u32(3);   // id
        w.u32(99);  // mm time
        w.u32(2);   // width
        w.u32(2);   // height
        put_rect(w, 1, 2, 3, 4);
        w.u32(2);
        w.u8(0xff);
        w.u8(0xd8);
        auto msg = wire::parse_display_message(SPICE_MSG_DISPLAY_STREAM_DATA_SIZED, w.take());
        ASSERT_TRUE(msg.ok());
        const auto& d = std::get<wire::StreamData>(*msg);
        EXPECT_TRUE(d.sized);
        EXPECT_EQ(d.dest.right, 3);
        EXPECT_EQ(d.data.size(), 2U);
    }
    EXPECT_FALSE(wire::parse_display_message(9999, {}).ok());
    EXPECT_TRUE(wire::parse_display_message(SPICE_MSG_DISPLAY_MARK, {}).ok());
}

TEST(ClientWire, BaseMessages) {
    Writer ack;
    ack.u32(7);
    ack.u32(20);
    auto m = wire::parse_base_message(SPICE_MSG_SET_ACK, ack.take());
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(std::get<wire::SetAck>(*m).window, 20U);

    Writer ping;
    ping.u32(3);
    ping.u64(1000);
    ping.zeros(256);  // bandwidth padding
    m = wire::parse_base_message(SPICE_MSG_PING, ping.take());
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(std::get<wire::Ping>(*m).timestamp, 1000U);

    Writer notify;
    notify.u64(1);
    notify.u32(SPICE_NOTIFY_SEVERITY_WARN);
    notify.u32(0);
    notify.u32(5);
    notify.u32(6);
    notify.bytes(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>("hello"), 6));
    m = wire::parse_base_message(SPICE_MSG_NOTIFY, notify.take());
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(std::get<wire::Notify>(*m).message, "hello");

    EXPECT_FALSE(wire::parse_base_message(SPICE_MSG_SET_ACK, std::vector<uint8_t>(7)).ok());
}

TEST(ClientWire, MainMessages) {
    Writer init;
    for (uint32_t v : {77U, 1U, 3U, 1U, 0U, 10U, 1234U, 0U}) {
        init.u32(v);
    }
    auto m = wire::parse_main_message(SPICE_MSG_MAIN_INIT, init.take());
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(std::get<wire::MainInitMsg>(*m).init.session_id, 77U);

    Writer list;
    list.u32(2);
    list.u8(SPICE_CHANNEL_DISPLAY);
    list.u8(0);
    list.u8(SPICE_CHANNEL_PLAYBACK);
    list.u8(0);
    m = wire::parse_main_message(SPICE_MSG_MAIN_CHANNELS_LIST, list.take());
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(std::get<wire::ChannelsList>(*m).channels[1].type, SPICE_CHANNEL_PLAYBACK);

    Writer bad;
    bad.u32(1000);
    EXPECT_FALSE(wire::parse_main_message(SPICE_MSG_MAIN_CHANNELS_LIST, bad.take()).ok());

    Writer mode;
    mode.u16(3);
    mode.u16(2);
    m = wire::parse_main_message(SPICE_MSG_MAIN_MOUSE_MODE, mode.take());
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(std::get<wire::MouseModeMsg>(*m).current, 2U);

    EXPECT_TRUE(std::holds_alternative<wire::MigrateBegin>(
        *wire::parse_main_message(SPICE_MSG_MAIN_MIGRATE_BEGIN, std::vector<uint8_t>(20))));
    auto data = wire::parse_main_message(SPICE_MSG_MAIN_AGENT_DATA, std::vector<uint8_t>(3));
    ASSERT_TRUE(data.ok());
    EXPECT_EQ(std::get<wire::AgentDataMsg>(*data).data.size(), 3U);
}

TEST(ClientWire, AgentMessages) {
    auto u32 = [](uint32_t v) {
        Writer w;
        w.u32(v);
        return w.take();
    };
    auto m = wire::parse_main_message(SPICE_MSG_MAIN_AGENT_CONNECTED, {});
    ASSERT_TRUE(m.ok()) << m.message();
    EXPECT_FALSE(std::get<wire::AgentConnectedMsg>(*m).tokens.has_value());
    m = wire::parse_main_message(SPICE_MSG_MAIN_AGENT_CONNECTED_TOKENS, u32(10));
    ASSERT_TRUE(m.ok()) << m.message();
    EXPECT_EQ(std::get<wire::AgentConnectedMsg>(*m).tokens, 10U);
    m = wire::parse_main_message(SPICE_MSG_MAIN_AGENT_DISCONNECTED, u32(3));
    ASSERT_TRUE(m.ok()) << m.message();
    EXPECT_EQ(std::get<wire::AgentDisconnectedMsg>(*m).error, 3U);
    m = wire::parse_main_message(SPICE_MSG_MAIN_AGENT_TOKEN, u32(5));
    ASSERT_TRUE(m.ok()) << m.message();
    EXPECT_EQ(std::get<wire::AgentTokenMsg>(*m).tokens, 5U);
    // Every truncation of the u32 messages is refused.
    for (uint16_t type : {SPICE_MSG_MAIN_AGENT_CONNECTED_TOKENS, SPICE_MSG_MAIN_AGENT_DISCONNECTED,
                          SPICE_MSG_MAIN_AGENT_TOKEN}) {
        for (size_t n = 0; n < 4; ++n) {
            EXPECT_FALSE(wire::parse_main_message(type, std::vector<uint8_t>(n)).ok()) << type;
        }
    }
}

TEST(ClientWire, CursorAndInputsMessages) {
    Writer set;
    set.i16(5);
    set.i16(6);
    set.u8(1);
    set.u16(SPICE_CURSOR_FLAGS_CACHE_ME);
    set.u64(11);
    set.u8(SPICE_CURSOR_TYPE_ALPHA);
    set.u16(2);
    set.u16(1);
    set.u16(1);
    set.u16(0);
    set.u32(0xff00ff00);
    set.u32(0x80ffffff);
    auto m = wire::parse_cursor_message(SPICE_MSG_CURSOR_SET, set.take());
    ASSERT_TRUE(m.ok());
    const auto& s = std::get<wire::CursorSet>(*m);
    EXPECT_EQ(s.position.y, 6);
    EXPECT_EQ(s.cursor.unique, 11U);
    EXPECT_EQ(s.cursor.data.size(), 8U);

    Writer hidden;
    hidden.i16(0);
    hidden.i16(0);
    hidden.u8(0);
    hidden.u16(SPICE_CURSOR_FLAGS_NONE);
    m = wire::parse_cursor_message(SPICE_MSG_CURSOR_SET, hidden.take());
    ASSERT_TRUE(m.ok());
    EXPECT_TRUE(std::get<wire::CursorSet>(*m).cursor.flags & SPICE_CURSOR_FLAGS_NONE);

    EXPECT_FALSE(wire::parse_cursor_message(SPICE_MSG_CURSOR_MOVE, std::vector<uint8_t>(3)).ok());

    Writer mods;
    mods.u16(SPICE_KEYBOARD_MODIFIER_FLAGS_CAPS_LOCK);
    auto in = wire::parse_inputs_message(SPICE_MSG_INPUTS_INIT, mods.take());
    ASSERT_TRUE(in.ok());
    EXPECT_EQ(std::get<wire::InputsInit>(*in).modifiers, SPICE_KEYBOARD_MODIFIER_FLAGS_CAPS_LOCK);
    EXPECT_TRUE(wire::parse_inputs_message(SPICE_MSG_INPUTS_MOUSE_MOTION_ACK, {}).ok());
    EXPECT_FALSE(wire::parse_inputs_message(SPICE_MSG_INPUTS_KEY_MODIFIERS, {}).ok());
}

}  // namespace
}  // namespace spicedesk::core::client
