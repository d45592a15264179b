// The client's display state (spice-core/client/display_state): surfaces, draws through the
// canvas, the pixmap and palette caches with their invalidations, COPY_BITS, SURFACE images,
// MJPEG streams with their clip and destination, damage tracking; malformed input is an error.

#include "spice-core/client/display_state.hpp"

#include <gtest/gtest.h>
#include <turbojpeg.h>

#include "tests/unit/client/message_builder.hpp"

namespace spicedesk::core::client {
namespace {

uint32_t pixel(const DisplayState& s, int x, int y) {
    const auto& img = s.primary()->surface();
    const auto* row = reinterpret_cast<const uint32_t*>(img.data() + size_t(y) * img.stride());
    return row[x] & 0xffffff;
}

struct Fixture : ::testing::Test {
    DisplayState state{
        DisplayEvents{.primary_created =
                          [this](int w, int h) {
                              created = {w, h};
                          },
                      .primary_destroyed = [this] { destroyed = true; },
                      .mark = [this] { ++marks; },
                      .reset = nullptr,
                      .monitors = [this](const std::vector<Head>& h) { heads = h; }}};
    std::pair<int, int> created{0, 0};
    bool destroyed = false;
    int marks = 0;
    std::vector<Head> heads;

    void ok(uint16_t type, const std::vector<uint8_t>& body) {
        auto st = state.handle(type, body);
        ASSERT_TRUE(st.ok()) << st.message();
    }
    void SetUp() override { ok(SPICE_MSG_DISPLAY_SURFACE_CREATE, test::surface_create(0, 32, 16)); }
};

TEST_F(Fixture, PrimaryFillAndDamage) {
    EXPECT_EQ(created, std::make_pair(32, 16));
    ASSERT_TRUE(state.take_dirty().has_value());  // the new surface
    ok(SPICE_MSG_DISPLAY_DRAW_FILL, test::draw_fill(0, {2, 3, 6, 5}, 0x00ff00));
    EXPECT_EQ(pixel(state, 2, 3), 0x00ff00U);
    EXPECT_EQ(pixel(state, 6, 3), 0U);
    auto dirty = state.take_dirty();
    ASSERT_TRUE(dirty.has_value());
    EXPECT_EQ(dirty->left, 2);
    EXPECT_EQ(dirty->bottom, 5);
    EXPECT_FALSE(state.take_dirty().has_value());
    ok(SPICE_MSG_DISPLAY_MARK, {});
    EXPECT_EQ(marks, 1);
}

TEST_F(Fixture, FillHonoursClipRects) {
    ok(SPICE_MSG_DISPLAY_DRAW_FILL,
       test::draw_fill(0, {0, 0, 10, 10}, 0xff0000, {{0, 0, 2, 2}, {5, 5, 6, 6}}));
    EXPECT_EQ(pixel(state, 1, 1), 0xff0000U);
    EXPECT_EQ(pixel(state, 5, 5), 0xff0000U);
    EXPECT_EQ(pixel(state, 3, 3), 0U);
}

TEST_F(Fixture, PixmapCacheAndInvalidation) {
    std::vector<uint32_t> px = {0x010203, 0x040506, 0x070809, 0x0a0b0c};
    ok(SPICE_MSG_DISPLAY_DRAW_COPY, test::draw_copy(0, {0, 0, 2, 2}, {0, 0, 2, 2}, [&](Writer& w) {
           test::put_bitmap_image(w, 500, SPICE_IMAGE_FLAGS_CACHE_ME, 2, 2, px);
       }));
    EXPECT_EQ(pixel(state, 1, 1), 0x0a0b0cU);
    EXPECT_EQ(state.pixmap_cache().size(), 1U);
    ok(SPICE_MSG_DISPLAY_DRAW_COPY,
       test::draw_copy(0, {10, 10, 12, 12}, {0, 0, 2, 2},
                       [](Writer& w) { test::put_cache_image(w, 500, true); }));
    EXPECT_EQ(pixel(state, 11, 10), 0x040506U);

    Writer inval;
    inval.u16(1);
    inval.u8(SPICE_RES_TYPE_PIXMAP);
    inval.u64(500);
    ok(SPICE_MSG_DISPLAY_INVAL_LIST, inval.take());
    EXPECT_EQ(state.pixmap_cache().size(), 0U);
    auto st = state.handle(SPICE_MSG_DISPLAY_DRAW_COPY,
                           test::draw_copy(0, {0, 0, 2, 2}, {0, 0, 2, 2},
                                           [](Writer& w) { test::put_cache_image(w, 500); }));
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find("not in the pixmap cache"), std::string::npos);

    ok(SPICE_MSG_DISPLAY_DRAW_COPY, test::draw_copy(0, {0, 0, 2, 2}, {0, 0, 2, 2}, [&](Writer& w) {
           test::put_bitmap_image(w, 501, SPICE_IMAGE_FLAGS_CACHE_ME, 2, 2, px);
       }));
    Writer all;
    all.u8(0);
    ok(SPICE_MSG_DISPLAY_INVAL_ALL_PIXMAPS, all.take());
    EXPECT_EQ(state.pixmap_cache().size(), 0U);
}

TEST_F(Fixture, PaletteCache) {
    // An 8-bit bitmap whose palette is cached, then one naming the cached palette.
    auto put_8bit = [](Writer& w, bool from_cache) {
        w.u64(1);
        w.u8(SPICE_IMAGE_TYPE_BITMAP);
        w.u8(0);
        w.u32(2);
        w.u32(1);
        w.u8(SPICE_BITMAP_FMT_8BIT);
        w.u8(SPICE_BITMAP_FLAGS_TOP_DOWN |
             (from_cache ? SPICE_BITMAP_FLAGS_PAL_FROM_CACHE : SPICE_BITMAP_FLAGS_PAL_CACHE_ME));
        w.u32(2);
        w.u32(1);
        w.u32(4);  // stride
        if (from_cache) {
            w.u64(77);
        } else {
            w.u32(static_cast<uint32_t>(w.size() + 4 + 4));  // palette after the pixels
        }
        w.u8(1);
        w.u8(0);
        w.u8(0);
        w.u8(0);
        if (!from_cache) {
            w.u64(77);
            w.u16(2);
            w.u32(0x0000ff);
            w.u32(0xff00ff);
        }
    };
    ok(SPICE_MSG_DISPLAY_DRAW_COPY,
       test::draw_copy(0, {0, 0, 2, 1}, {0, 0, 2, 1}, [&](Writer& w) { put_8bit(w, false); }));
    EXPECT_EQ(pixel(state, 0, 0), 0xff00ffU);
    EXPECT_EQ(pixel(state, 1, 0), 0x0000ffU);
    EXPECT_EQ(state.palette_cache().size(), 1U);
    ok(SPICE_MSG_DISPLAY_DRAW_COPY,
       test::draw_copy(0, {0, 1, 2, 2}, {0, 0, 2, 1}, [&](Writer& w) { put_8bit(w, true); }));
    EXPECT_EQ(pixel(state, 0, 1), 0xff00ffU);
    Writer inval;
    inval.u64(77);
    ok(SPICE_MSG_DISPLAY_INVAL_PALETTE, inval.take());
    EXPECT_FALSE(state
                     .handle(SPICE_MSG_DISPLAY_DRAW_COPY,
                             test::draw_copy(0, {0, 1, 2, 2}, {0, 0, 2, 1},
                                             [&](Writer& w) { put_8bit(w, true); }))
                     .ok());
}

TEST_F(Fixture, CopyBitsAndSurfaceImages) {
    ok(SPICE_MSG_DISPLAY_DRAW_FILL, test::draw_fill(0, {0, 0, 4, 4}, 0x123456));
    Writer cb;
    test::put_base(cb, 0, {10, 0, 14, 4});
    cb.i32(0);
    cb.i32(0);
    ok(SPICE_MSG_DISPLAY_COPY_BITS, cb.take());
    EXPECT_EQ(pixel(state, 13, 3), 0x123456U);

    ok(SPICE_MSG_DISPLAY_SURFACE_CREATE, test::surface_create(5, 8, 8, false));
    EXPECT_EQ(state.surface_count(), 2U);
    ok(SPICE_MSG_DISPLAY_DRAW_FILL, test::draw_fill(5, {0, 0, 8, 8}, 0xabcdef));
    ok(SPICE_MSG_DISPLAY_DRAW_COPY,
       test::draw_copy(0, {20, 8, 28, 16}, {0, 0, 8, 8}, [](Writer& w) {
           w.u64(0);
           w.u8(SPICE_IMAGE_TYPE_SURFACE);
           w.u8(0);
           w.u32(8);
           w.u32(8);
           w.u32(5);
       }));
    EXPECT_EQ(pixel(state, 27, 15), 0xabcdefU);
    Writer destroy;
    destroy.u32(5);
    ok(SPICE_MSG_DISPLAY_SURFACE_DESTROY, destroy.take());
    EXPECT_FALSE(
        state.handle(SPICE_MSG_DISPLAY_DRAW_FILL, test::draw_fill(5, {0, 0, 1, 1}, 0)).ok());
}

TEST_F(Fixture, MalformedIsAnErrorNotACrash) {
    EXPECT_FALSE(
        state.handle(SPICE_MSG_DISPLAY_DRAW_FILL, test::draw_fill(9, {0, 0, 1, 1}, 0)).ok());
    EXPECT_FALSE(
        state.handle(SPICE_MSG_DISPLAY_SURFACE_CREATE, test::surface_create(1, 100000, 10)).ok());
    // A bitmap whose stride * height exceeds the message.
    auto body = test::draw_copy(0, {0, 0, 2, 2}, {0, 0, 2, 2}, [](Writer& w) {
        test::put_bitmap_image(w, 1, 0, 2, 2, {1, 2, 3, 4});
    });
    body.resize(body.size() - 1);
    EXPECT_FALSE(state.handle(SPICE_MSG_DISPLAY_DRAW_COPY, body).ok());
    // Out-of-surface boxes are clamped, not an error.
    EXPECT_TRUE(
        state.handle(SPICE_MSG_DISPLAY_DRAW_FILL, test::draw_fill(0, {-5, -5, 1000, 1000}, 7))
            .ok());
    EXPECT_EQ(pixel(state, 31, 15), 7U);
}

TEST_F(Fixture, MonitorsAndDestroyPrimary) {
    Writer w;
    w.u16(1);
    w.u16(4);
    for (uint32_t v : {0U, 0U, 32U, 16U, 0U, 0U, 0U}) {
        w.u32(v);
    }
    ok(SPICE_MSG_DISPLAY_MONITORS_CONFIG, w.take());
    ASSERT_EQ(heads.size(), 1U);
    EXPECT_EQ(heads[0].width, 32);
    Writer d;
    d.u32(0);
    ok(SPICE_MSG_DISPLAY_SURFACE_DESTROY, d.take());
    EXPECT_TRUE(destroyed);
    EXPECT_EQ(state.primary(), nullptr);
}

std::vector<uint8_t> jpeg_of(int w, int h, uint8_t r, uint8_t g, uint8_t b) {
    std::vector<uint8_t> rgb(size_t(w) * h * 3);
    for (size_t i = 0; i < rgb.size(); i += 3) {
        rgb[i] = r;
        rgb[i + 1] = g;
        rgb[i + 2] = b;
    }
    tjhandle tj = tjInitCompress();
    unsigned char* out = nullptr;
    unsigned long size = 0;
    tjCompress2(tj, rgb.data(), w, 0, h, TJPF_RGB, &out, &size, TJSAMP_444, 95, 0);
    std::vector<uint8_t> v(out, out + size);
    tjFree(out);
    tjDestroy(tj);
    return v;
}

std::vector<uint8_t> stream_create(uint32_t id, canvas::Rect dest, std::vector<canvas::Rect> clip,
                                   uint32_t w, uint32_t h) {
    Writer m;
    m.u32(0);
    m.u32(id);
    m.u8(SPICE_STREAM_FLAGS_TOP_DOWN);
    m.u8(SPICE_VIDEO_CODEC_TYPE_MJPEG);
    m.u64(0);
    m.u32(w);
    m.u32(h);
    m.u32(w);
    m.u32(h);
    test::put_rect(m, dest.left, dest.top, dest.right, dest.bottom);
    if (clip.empty()) {
        m.u8(SPICE_CLIP_TYPE_NONE);
    } else {
        m.u8(SPICE_CLIP_TYPE_RECTS);
        m.u32(static_cast<uint32_t>(clip.size()));
        for (auto& r : clip) {
            test::put_rect(m, r.left, r.top, r.right, r.bottom);
        }
    }
    return m.take();
}

std::vector<uint8_t> stream_data(uint32_t id, const std::vector<uint8_t>& jpeg) {
    Writer m;
    m.u32(id);
    m.u32(0);
    m.u32(static_cast<uint32_t>(jpeg.size()));
    m.bytes(jpeg);
    return m.take();
}

bool near(uint32_t a, uint32_t b) {
    for (int s = 0; s < 24; s += 8) {
        int d = int((a >> s) & 0xff) - int((b >> s) & 0xff);
        if (d > 6 || d < -6) {
            return false;
        }
    }
    return true;
}

TEST_F(Fixture, MjpegStreamClipAndDestination) {
    ok(SPICE_MSG_DISPLAY_STREAM_CREATE, stream_create(1, {0, 0, 16, 8}, {{0, 0, 8, 8}}, 16, 8));
    auto frame = stream_data(1, jpeg_of(16, 8, 255, 0, 0));
    auto st = state.handle(SPICE_MSG_DISPLAY_STREAM_DATA, frame);
    ASSERT_TRUE(st.ok()) << st.message();
    EXPECT_TRUE(near(pixel(state, 3, 3), 0xff0000)) << std::hex << pixel(state, 3, 3);
    EXPECT_EQ(pixel(state, 12, 3), 0U);  // clipped out
    // A new clip opens the right half.
    Writer clip;
    clip.u32(1);
    clip.u8(SPICE_CLIP_TYPE_RECTS);
    clip.u32(1);
    test::put_rect(clip, 8, 0, 16, 8);
    ok(SPICE_MSG_DISPLAY_STREAM_CLIP, clip.take());
    ok(SPICE_MSG_DISPLAY_STREAM_DATA, stream_data(1, jpeg_of(16, 8, 0, 0, 255)));
    EXPECT_TRUE(near(pixel(state, 12, 3), 0x0000ff));
    EXPECT_TRUE(near(pixel(state, 3, 3), 0xff0000));  // kept from before
    // A sized frame moves the destination and scales 16x8 to 8x4.
    Writer sized;
    sized.u32(1);
    sized.u32(0);
    sized.u32(16);
    sized.u32(8);
    test::put_rect(sized, 8, 4, 16, 8);  // inside the clip
    auto jpeg = jpeg_of(16, 8, 0, 255, 0);
    sized.u32(static_cast<uint32_t>(jpeg.size()));
    sized.bytes(jpeg);
    ok(SPICE_MSG_DISPLAY_STREAM_DATA_SIZED, sized.take());
    EXPECT_TRUE(near(pixel(state, 12, 6), 0x00ff00));
    EXPECT_TRUE(near(pixel(state, 12, 2), 0x0000ff));  // above the new destination
    EXPECT_EQ(state.frames_decoded(), 3U);
    Writer destroy;
    destroy.u32(1);
    ok(SPICE_MSG_DISPLAY_STREAM_DESTROY, destroy.take());
    EXPECT_EQ(state.stream_count(), 0U);
    EXPECT_FALSE(state.handle(SPICE_MSG_DISPLAY_STREAM_DATA, frame).ok());
}

}  // namespace
}  // namespace spicedesk::core::client
