#include "spice-core/codec/glz.hpp"

#include <gtest/gtest.h>

#include "tests/unit/codec/codec_test_util.hpp"

namespace spicedesk::core {
namespace {

using test::append;
using test::Bytes;
using test::glz_header;

constexpr uint32_t kRgb16 = 6, kRgb32 = 8, kRgba = 9, kPlt8 = 5;

// Image `id` of 4x1 RGB32 pixels 0x0000ii .. (ii = base + x) as literals.
Bytes literal_image(uint64_t id, uint32_t win_head_dist, uint8_t base) {
    Bytes d = glz_header(kRgb32, 4, 1, 16, true, id, win_head_dist);
    d.push_back(3);
    for (uint8_t x = 0; x < 4; ++x) {
        append(d, {static_cast<uint8_t>(base + x), 0, 0});
    }
    return d;
}

TEST(Glz, LiteralsAndRunInOneImage) {
    GlzWindow window;
    Bytes d = glz_header(kRgb32, 2, 2, 8, true, 0, 0);
    // One literal, then 3 (length 3, bias 0) at distance 0 + 1: a run.
    append(d, {0, 0x11, 0x22, 0x33, 3 << 5, 0, 0});
    auto img = decode_glz(d, window);
    ASSERT_TRUE(img.ok()) << img.message();
    EXPECT_EQ(img->width, 2U);
    EXPECT_FALSE(img->has_alpha);
    EXPECT_EQ(img->pixels, std::vector<uint32_t>(4, 0x332211));
    EXPECT_EQ(window.image_count(), 1U);
    EXPECT_EQ(window.pixel_count(), 4U);
}

TEST(Glz, ReferencesEarlierImages) {
    GlzWindow window;
    ASSERT_TRUE(decode_glz(literal_image(0, 0, 0x10), window).ok());
    ASSERT_TRUE(decode_glz(literal_image(1, 1, 0x20), window).ok());
    // Image 2: pixels 1..2 of image 0 (short form: ctrl offset bits 3..0 = 1, next byte 0,
    // then distance 2 in the low six bits), then pixels 2..3 of image 1 in the long form (flag
    // bit 4; distance in one following byte).
    Bytes d = glz_header(kRgb32, 4, 1, 16, true, 2, 2);
    append(d, {2 << 5 | 1, 0, 2});
    append(d, {2 << 5 | 0x10 | 2, 0, 1 << 6, 1});
    auto img = decode_glz(d, window);
    ASSERT_TRUE(img.ok()) << img.message();
    EXPECT_EQ(img->pixels, (std::vector<uint32_t>{0x11, 0x12, 0x22, 0x23}));
    EXPECT_EQ(window.image_count(), 3U);
}

TEST(Glz, LongPixelOffsets) {
    // Image 0: 70000x1, all literal zero except pixel 69999 = 0x42 (runs of zeros in between).
    const uint32_t w = 70000;
    GlzWindow window;
    Bytes d = glz_header(kRgb32, w, 1, w * 4, true, 0, 0);
    append(d, {0, 0, 0, 0});  // pixel 0
    // Runs at distance 1: 7 + ext + 0 pixels each, up to pixel 69998.
    uint32_t left = w - 2;
    while (left > 0) {
        uint32_t len = std::min<uint32_t>(left, 7 + 255 * 4 + 254);
        d.push_back(7 << 5);
        uint32_t ext = len - 7;
        while (ext >= 255) {
            d.push_back(255);
            ext -= 255;
        }
        d.push_back(static_cast<uint8_t>(ext));
        append(d, {0, 0});
        left -= len;
    }
    append(d, {0, 0x42, 0, 0});
    auto first = decode_glz(d, window);
    ASSERT_TRUE(first.ok()) << first.message();
    EXPECT_EQ(first->pixels[w - 1], 0x42U);
    // Image 1 copies pixel 69999 of image 0: offset 69999 = 0x1116f: bits 3..0 = 0xf in ctrl,
    // 11..4 = 0x16 next, 16..12 = 0x11 in the flag byte, which also says: one distance byte,
    // one more offset byte (bits 24..17: 0).
    Bytes e = glz_header(kRgb32, 1, 1, 4, true, 1, 1);
    append(e, {1 << 5 | 0x10 | 0xf, 0x16, 1 << 6 | 1 << 5 | 0x11, 1, 0});
    auto second = decode_glz(e, window);
    ASSERT_TRUE(second.ok()) << second.message();
    EXPECT_EQ(second->pixels, std::vector<uint32_t>{0x42});
    // The same with offset bits 24..17 = 1 points beyond image 0: an error.
    e.back() = 1;
    EXPECT_FALSE(decode_glz(e, window).ok());
}

TEST(Glz, Rgb16AndBottomUp) {
    GlzWindow window;
    Bytes d = glz_header(kRgb16, 1, 3, 2, false, 0, 0);
    // Literals 0x7c00 (red), 0x03e0 (green), 0x001f (blue), big-endian.
    append(d, {2, 0x7c, 0x00, 0x03, 0xe0, 0x00, 0x1f});
    auto img = decode_glz(d, window);
    ASSERT_TRUE(img.ok()) << img.message();
    // Bottom-up: the last row decoded is the top one.
    EXPECT_EQ(img->pixels, (std::vector<uint32_t>{0x0000ff, 0x00ff00, 0xff0000}));
}

TEST(Glz, RgbaAlphaPassReferencesTheWindow) {
    GlzWindow window;
    Bytes a = glz_header(kRgba, 2, 1, 8, true, 0, 0);
    append(a, {1, 1, 2, 3, 4, 5, 6});  // RGB
    append(a, {1, 0x80, 0x90});        // alpha
    auto first = decode_glz(a, window);
    ASSERT_TRUE(first.ok()) << first.message();
    EXPECT_TRUE(first->has_alpha);
    EXPECT_EQ(first->pixels, (std::vector<uint32_t>{0x80030201, 0x90060504}));
    // Image 1 (3 pixels): RGB from image 0 pixels 0..1 plus a literal; alpha as literals.
    Bytes b = glz_header(kRgba, 3, 1, 12, true, 1, 1);
    append(b, {2 << 5, 0, 1, 0, 7, 8, 9});
    append(b, {2, 1, 2, 3});
    auto second = decode_glz(b, window);
    ASSERT_TRUE(second.ok()) << second.message();
    EXPECT_EQ(second->pixels, (std::vector<uint32_t>{0x01030201, 0x02060504, 0x03090807}));
    // An alpha reference of 3 into image 1 (3 pixels) works: alpha 1, 2, 3.
    Bytes c = glz_header(kRgba, 3, 1, 12, true, 2, 2);
    append(c, {2, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    append(c, {1 << 5, 0, 1});
    auto third = decode_glz(c, window);
    ASSERT_TRUE(third.ok()) << third.message();
    EXPECT_EQ(third->pixels, (std::vector<uint32_t>{0x01000000, 0x02000000, 0x03000000}));
}

TEST(Glz, WindowReleasesWhatTheServerDropped) {
    GlzWindow window;
    ASSERT_TRUE(decode_glz(literal_image(10, 0, 0), window).ok());
    ASSERT_TRUE(decode_glz(literal_image(11, 1, 0), window).ok());
    ASSERT_TRUE(decode_glz(literal_image(12, 1, 0), window).ok());  // window starts at 11
    EXPECT_EQ(window.image_count(), 2U);
    // Image 13 referencing image 10 (distance 3): gone, an error for this image only.
    Bytes d = glz_header(kRgb32, 4, 1, 16, true, 13, 3);
    append(d, {4 << 5, 0, 3});
    auto bad = decode_glz(d, window);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.message().find("not in the window"), std::string::npos) << bad.message();
    // The window still serves image 14 referencing image 12.
    Bytes e = glz_header(kRgb32, 4, 1, 16, true, 14, 2);
    append(e, {4 << 5, 0, 2});
    EXPECT_TRUE(decode_glz(e, window).ok());
    window.clear();
    EXPECT_EQ(window.image_count(), 0U);
    EXPECT_FALSE(decode_glz(e, window).ok());
}

TEST(Glz, MemoryBound) {
    GlzWindow window(10);
    for (uint64_t id = 0; id < 5; ++id) {
        ASSERT_TRUE(decode_glz(literal_image(id, static_cast<uint32_t>(id), 0), window).ok());
        EXPECT_LE(window.pixel_count(), 10U);
    }
    EXPECT_EQ(window.image_count(), 2U);
}

TEST(Glz, Errors) {
    GlzWindow window;
    Bytes good = literal_image(0, 0, 1);
    ASSERT_TRUE(decode_glz(good, window).ok());
    Bytes bad = good;
    bad[0] = 0;
    EXPECT_FALSE(decode_glz(bad, window).ok());
    bad = good;
    bad[8] = kPlt8;  // palette types are not sent as GLZ
    EXPECT_FALSE(decode_glz(bad, window).ok());
    Bytes far = glz_header(kRgb32, 4, 1, 16, true, 1, 1);
    append(far, {4 << 5, 0, 2});  // distance 2 from image 1
    EXPECT_FALSE(decode_glz(far, window).ok());
    Bytes before = glz_header(kRgb32, 4, 1, 16, true, 5, 0);
    append(before, {0, 1, 1, 1, 2 << 5 | 1, 0, 0});  // intra distance 2 at pixel 1
    EXPECT_FALSE(decode_glz(before, window).ok());
    Bytes huge = glz_header(kRgb32, 100000, 100000, 400000, true, 6, 0);
    append(huge, {0, 1, 1, 1});
    EXPECT_FALSE(decode_glz(huge, window).ok());
    Bytes big = glz_header(kRgb32, 4000, 4000, 16000, true, 6, 0);
    append(big, {0, 1, 1, 1});
    EXPECT_FALSE(decode_glz(big, window).ok());
}

TEST(Glz, TruncationAndBitFlips) {
    GlzWindow window;
    ASSERT_TRUE(decode_glz(literal_image(0, 0, 0x10), window).ok());
    Bytes d = glz_header(kRgba, 4, 2, 16, false, 1, 1);
    append(d, {1, 1, 2, 3, 4, 5, 6});    // RGB: 2 literals,
    append(d, {2 << 5 | 1, 0, 1});       // 2 from image 0 at pixel 1,
    append(d, {3 << 5, 0, 0});           // a run of 3,
    append(d, {0, 0x33, 0x44, 0x55});    // a literal;
    append(d, {0, 0x70, 5 << 5, 0, 0});  // alpha: a literal, a run of 5 + 2
    auto img = decode_glz(d, window);
    ASSERT_TRUE(img.ok()) << img.message();
    test::hammer(d, [](std::span<const uint8_t> s) {
        GlzWindow w;
        (void)decode_glz(literal_image(0, 0, 0x10), w);
        return decode_glz(s, w).ok();
    });
}

}  // namespace
}  // namespace spicedesk::core
