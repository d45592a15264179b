// Cursor shapes to ARGB (spice-core/client/cursor_image), key codes on the wire, pixmap cache
// bounds.

#include <gtest/gtest.h>

#include "spice-core/client/channels.hpp"
#include "spice-core/client/cursor_image.hpp"
#include "spice-core/client/display_state.hpp"
#include "spice-core/client/image_cache.hpp"

namespace spicedesk::core::client {
namespace {

wire::WireCursor cursor(uint8_t type, uint16_t w, uint16_t h, const std::vector<uint8_t>& data) {
    wire::WireCursor c;
    c.flags = 0;
    c.type = type;
    c.width = w;
    c.height = h;
    c.hot_x = 1;
    c.data = data;
    return c;
}

TEST(ClientCursor, Alpha) {
    std::vector<uint8_t> data = {0x11, 0x22, 0x33, 0x80, 0, 0, 0, 0};
    auto img = convert_cursor(cursor(SPICE_CURSOR_TYPE_ALPHA, 2, 1, data));
    ASSERT_TRUE(img.ok()) << img.message();
    EXPECT_EQ(img->argb[0], 0x80332211U);
    EXPECT_EQ(img->hot_x, 1);
}

TEST(ClientCursor, MonoAndMasks) {
    // 8x1: AND 0xF0 (left half transparent/invert), XOR 0xCC.
    auto img = convert_cursor(cursor(SPICE_CURSOR_TYPE_MONO, 8, 1, {0xf0, 0xcc}));
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img->argb[0], 0xff000000U);  // and=1 xor=1: invert, drawn black
    EXPECT_EQ(img->argb[2], 0U);           // and=1 xor=0: transparent
    EXPECT_EQ(img->argb[4], 0xffffffffU);  // and=0 xor=1: white
    EXPECT_EQ(img->argb[6], 0xff000000U);  // and=0 xor=0: black
    EXPECT_FALSE(convert_cursor(cursor(SPICE_CURSOR_TYPE_MONO, 8, 1, {0xf0})).ok());
}

TEST(ClientCursor, Color32And16And8And4) {
    std::vector<uint8_t> c32 = {1, 2, 3, 0, 4, 5, 6, 0, 0x40};  // mask: pixel 1 transparent
    auto img = convert_cursor(cursor(SPICE_CURSOR_TYPE_COLOR32, 2, 1, c32));
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img->argb[0], 0xff030201U);
    EXPECT_EQ(img->argb[1], 0x00060504U);

    std::vector<uint8_t> c16 = {0x00, 0x7c, 0x1f, 0x00, 0x00};  // red, blue
    img = convert_cursor(cursor(SPICE_CURSOR_TYPE_COLOR16, 2, 1, c16));
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img->argb[0], 0xffff0000U);
    EXPECT_EQ(img->argb[1], 0xff0000ffU);

    std::vector<uint8_t> c8 = {1, 0};
    c8.resize(2 + 256 * 4, 0);
    c8[2 + 4] = 0xff;  // palette[1] = 0x0000ff
    c8.push_back(0x00);
    img = convert_cursor(cursor(SPICE_CURSOR_TYPE_COLOR8, 2, 1, c8));
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img->argb[0], 0xff0000ffU);
    EXPECT_EQ(img->argb[1], 0xff000000U);

    std::vector<uint8_t> c4 = {0x10};
    c4.resize(1 + 64, 0);
    c4[1 + 4 + 1] = 0xff;  // palette[1] = 0x00ff00
    c4.push_back(0x00);
    img = convert_cursor(cursor(SPICE_CURSOR_TYPE_COLOR4, 2, 1, c4));
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img->argb[0], 0xff00ff00U);

    EXPECT_FALSE(convert_cursor(cursor(SPICE_CURSOR_TYPE_COLOR24, 2, 1, {1, 2, 3})).ok());
    EXPECT_FALSE(convert_cursor(cursor(99, 2, 1, {})).ok());
    EXPECT_FALSE(convert_cursor(cursor(SPICE_CURSOR_TYPE_ALPHA, 0, 1, {})).ok());
    EXPECT_FALSE(convert_cursor(cursor(SPICE_CURSOR_TYPE_ALPHA, 4096, 1, {})).ok());
}

TEST(ClientInputs, KeyCodes) {
    EXPECT_EQ(key_code(0x1e, false), 0x1eU);
    EXPECT_EQ(key_code(0x1e, true), 0x9eU);
    EXPECT_EQ(key_code(0x9e, true), 0x9eU);  // already a release code
    EXPECT_EQ(key_code(0xe04b, false), 0x4be0U);
    EXPECT_EQ(key_code(0xe04b, true), 0xcbe0U);
}

TEST(ClientCache, PixmapCacheBound) {
    PixmapCache cache(100);
    auto img = [](int w) {
        std::vector<uint32_t> px(size_t(w) * 10);
        return *image_from_pixels(std::move(px), static_cast<uint32_t>(w), 10, false);
    };
    cache.put(1, img(5), false);
    cache.put(2, img(5), true);
    EXPECT_EQ(cache.pixels(), 100U);
    EXPECT_TRUE(cache.get(2)->lossy);
    cache.put(3, img(2), false);  // over the bound: the oldest goes
    EXPECT_EQ(cache.get(1), nullptr);
    EXPECT_NE(cache.get(2), nullptr);
    EXPECT_NE(cache.get(3), nullptr);
    cache.put(2, img(1), false);  // replace
    EXPECT_EQ(cache.pixels(), 30U);
    cache.clear();
    EXPECT_EQ(cache.size(), 0U);
    PaletteCache pal;
    pal.put(1, {1, 2});
    ASSERT_NE(pal.get(1), nullptr);
    EXPECT_EQ((*pal.get(1))[1], 2U);
    pal.remove(1);
    EXPECT_EQ(pal.get(1), nullptr);
}

}  // namespace
}  // namespace spicedesk::core::client
