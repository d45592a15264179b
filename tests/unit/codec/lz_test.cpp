#include "spice-core/codec/lz.hpp"

#include <gtest/gtest.h>

#include "tests/unit/codec/codec_test_util.hpp"

namespace spicedesk::core {
namespace {

using test::append;
using test::Bytes;
using test::lz_header;

constexpr uint32_t kPlt1Le = 1, kPlt1Be = 2, kPlt4Le = 3, kPlt4Be = 4, kPlt8 = 5, kRgb16 = 6,
                   kRgb24 = 7, kRgb32 = 8, kRgba = 9, kXxxa = 10, kA8 = 11;

const std::vector<uint32_t> kPalette = {0x00000000, 0x00ff0000, 0x0000ff00, 0x000000ff};

bool decodes(std::span<const uint8_t> data, std::span<const uint32_t> palette = {}) {
    return decode_lz(data, palette).ok();
}

TEST(Lz, Rgb32LiteralsTopDown) {
    Bytes d = lz_header(kRgb32, 2, 2, 8, true);
    append(d, {3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});  // 4 literal pixels: b, g, r
    auto img = decode_lz(d);
    ASSERT_TRUE(img.ok()) << img.message();
    EXPECT_EQ(img->width, 2U);
    EXPECT_EQ(img->height, 2U);
    EXPECT_FALSE(img->has_alpha);
    EXPECT_EQ(img->pixels, (std::vector<uint32_t>{0x030201, 0x060504, 0x090807, 0x0c0b0a}));
}

TEST(Lz, Rgb24BottomUpWithRun) {
    // 2x2 bottom-up: literal A, then a match of length 3 at distance 1 (a run).
    Bytes d = lz_header(kRgb24, 2, 2, 6, false);
    append(d, {0, 0x11, 0x22, 0x33, 3 << 5, 0});
    auto img = decode_lz(d);
    ASSERT_TRUE(img.ok()) << img.message();
    EXPECT_EQ(img->pixels, std::vector<uint32_t>(4, 0x332211));
    // Literal A, B (bottom row), then the top row copies them at distance 2.
    Bytes e = lz_header(kRgb32, 2, 2, 8, false);
    append(e, {1, 1, 0, 0, 2, 0, 0, 2 << 5, 1});
    auto img2 = decode_lz(e);
    ASSERT_TRUE(img2.ok()) << img2.message();
    EXPECT_EQ(img2->pixels, (std::vector<uint32_t>{1, 2, 1, 2}));
}

TEST(Lz, Rgb16BigEndianWords) {
    Bytes d = lz_header(kRgb16, 3, 1, 6, true);
    // 0x7c00 red, then a match of length 2 (1 + bias 1) at distance 1.
    append(d, {0, 0x7c, 0x00, 1 << 5, 0});
    auto img = decode_lz(d);
    ASSERT_TRUE(img.ok()) << img.message();
    EXPECT_EQ(img->pixels, std::vector<uint32_t>(3, 0xff0000));
}

TEST(Lz, Palette8WithMatch) {
    Bytes d = lz_header(kPlt8, 5, 1, 5, true);
    // Literals 1, 2; then length 1 + 2 = 3 at distance 2: 1, 2, 1.
    append(d, {1, 1, 2, 1 << 5, 1});
    auto img = decode_lz(d, kPalette);
    ASSERT_TRUE(img.ok()) << img.message();
    EXPECT_EQ(img->pixels,
              (std::vector<uint32_t>{0xff0000, 0x00ff00, 0xff0000, 0x00ff00, 0xff0000}));
    EXPECT_FALSE(decodes(d));  // no palette
    std::vector<uint32_t> two = {0, 1};
    EXPECT_FALSE(decodes(d, two));  // index 2 beyond it
}

TEST(Lz, PaletteBitOrders) {
    // 10 pixels per row -> 2 bytes per row, 2 rows.
    Bytes bytes = {3, 0xc5, 0x02, 0x01, 0x00};
    Bytes le = lz_header(kPlt1Le, 10, 2, 2, true);
    le.insert(le.end(), bytes.begin(), bytes.end());
    auto a = decode_lz(le, kPalette);
    ASSERT_TRUE(a.ok()) << a.message();
    std::vector<uint32_t> row0 = {1, 0, 1, 0, 0, 0, 1, 1, 0, 1};
    for (int x = 0; x < 10; ++x) {
        EXPECT_EQ(a->pixels[x], kPalette[row0[x]]) << x;
    }
    EXPECT_EQ(a->pixels[10], kPalette[1]);
    Bytes be = lz_header(kPlt1Be, 10, 2, 2, true);
    be.insert(be.end(), bytes.begin(), bytes.end());
    auto b = decode_lz(be, kPalette);
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(b->pixels[0], kPalette[1]);
    EXPECT_EQ(b->pixels[2], kPalette[0]);
    EXPECT_EQ(b->pixels[17], kPalette[1]);

    Bytes four = lz_header(kPlt4Le, 3, 1, 2, true);
    append(four, {1, 0x21, 0x03});
    auto c = decode_lz(four, kPalette);
    ASSERT_TRUE(c.ok()) << c.message();
    EXPECT_EQ(c->pixels, (std::vector<uint32_t>{0xff0000, 0x00ff00, 0x0000ff}));
    four[11] = kPlt4Be;
    auto e = decode_lz(four, kPalette);
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(e->pixels, (std::vector<uint32_t>{0x00ff00, 0xff0000, 0}));
    // A palette stride must be exactly the row's bytes.
    Bytes wrong = lz_header(kPlt4Le, 3, 1, 3, true);
    append(wrong, {2, 0x21, 0x03, 0});
    EXPECT_FALSE(decodes(wrong, kPalette));
}

TEST(Lz, RgbaThenAlphaPass) {
    Bytes d = lz_header(kRgba, 2, 1, 8, true);
    append(d, {1, 1, 2, 3, 4, 5, 6});  // RGB pass: two literal pixels
    append(d, {1, 0x80, 0xff});        // alpha pass: two literal bytes
    auto img = decode_lz(d);
    ASSERT_TRUE(img.ok()) << img.message();
    EXPECT_TRUE(img->has_alpha);
    EXPECT_EQ(img->pixels, (std::vector<uint32_t>{0x80030201, 0xff060504}));
}

TEST(Lz, AlphaOnlyTypes) {
    Bytes x = lz_header(kXxxa, 4, 1, 16, true);
    append(x, {0, 0x40, 1 << 5, 0});  // literal, then a run of 3
    auto a = decode_lz(x);
    ASSERT_TRUE(a.ok()) << a.message();
    EXPECT_TRUE(a->has_alpha);
    EXPECT_EQ(a->pixels, std::vector<uint32_t>(4, 0x40000000));
    Bytes y = lz_header(kA8, 4, 1, 4, true);
    append(y, {0, 0x40, 1 << 5, 0});
    EXPECT_TRUE(decodes(y));
    Bytes z = lz_header(kA8, 4, 1, 16, true);  // A8 stride is the width
    append(z, {0, 0x40, 1 << 5, 0});
    EXPECT_FALSE(decodes(z));
}

TEST(Lz, LongMatchAndFarDistance) {
    const uint32_t w = 8202;
    Bytes d = lz_header(kPlt8, w, 1, w, true);
    append(d, {0, 1, 0, 0});  // units 0, 1: indices 1, 0
    // A run of 7 + 8188 + 2 = 8197 zeros at distance 1: extension bytes 32 x 255, then 28.
    d.push_back(7 << 5);
    for (int i = 0; i < 32; ++i) {
        d.push_back(255);
    }
    append(d, {28, 0});
    // Far reference: low bits 31 and offset byte 255, then 0x0007 + 8191 -> distance 8199:
    // copies units 0..2 (1, 0, 0) to 8199..8201.
    append(d, {1 << 5 | 31, 255, 0, 7});
    auto img = decode_lz(d, kPalette);
    ASSERT_TRUE(img.ok()) << img.message();
    for (uint32_t x = 0; x < w; ++x) {
        const bool one = x == 0 || x == 8199;
        ASSERT_EQ(img->pixels[x], one ? kPalette[1] : kPalette[0]) << x;
    }
}

TEST(Lz, HeaderErrors) {
    Bytes good = lz_header(kRgb32, 1, 1, 4, true);
    append(good, {0, 1, 2, 3});
    ASSERT_TRUE(decodes(good));
    Bytes bad = good;
    bad[0] ^= 1;  // magic
    EXPECT_FALSE(decodes(bad));
    bad = good;
    bad[7] = 2;  // version
    EXPECT_FALSE(decodes(bad));
    for (uint32_t type : {0U, 12U, 255U}) {
        bad = good;
        bad[11] = static_cast<uint8_t>(type);
        EXPECT_FALSE(decodes(bad, kPalette)) << type;
    }
    Bytes stride = lz_header(kRgb32, 1, 1, 8, true);
    append(stride, {0, 1, 2, 3});
    EXPECT_FALSE(decodes(stride));
    Bytes empty = lz_header(kRgb32, 0, 1, 0, true);
    EXPECT_FALSE(decodes(empty));
    // A size the data cannot hold is refused before allocating.
    Bytes huge = lz_header(kRgb32, 65536, 65536, 262144, true);
    append(huge, {0, 1, 2, 3});
    EXPECT_FALSE(decodes(huge));
    Bytes big = lz_header(kRgb32, 4096, 4096, 16384, true);
    append(big, {0, 1, 2, 3});
    EXPECT_FALSE(decodes(big));
}

TEST(Lz, StreamErrors) {
    Bytes before = lz_header(kRgb32, 4, 1, 16, true);
    append(before, {0, 1, 2, 3, 3 << 5, 1});  // distance 2 at unit 1
    EXPECT_FALSE(decodes(before));
    Bytes overrun = lz_header(kRgb32, 3, 1, 12, true);
    append(overrun, {0, 1, 2, 3, 3 << 5, 0});  // 3 more at unit 1 of 3
    EXPECT_FALSE(decodes(overrun));
    Bytes literals = lz_header(kRgb32, 1, 1, 4, true);
    append(literals, {1, 1, 2, 3, 4, 5, 6});
    EXPECT_FALSE(decodes(literals));
}

TEST(Lz, TruncationAndBitFlips) {
    Bytes d = lz_header(kRgba, 4, 3, 16, false);
    append(d, {2, 1, 2, 3, 4, 5, 6, 7, 8, 9});  // 3 RGB literals
    append(d, {7 << 5, 2, 2});                  // 7 + 2 at distance 3
    append(d, {0, 0x10, 1 << 5, 0});            // alpha: literal, run of 3
    append(d, {6 << 5, 0});                     // run of 6 + 2
    auto img = decode_lz(d);
    ASSERT_TRUE(img.ok()) << img.message();
    test::hammer(d, [](std::span<const uint8_t> s) { return decodes(s); });
    Bytes p = lz_header(kPlt4Be, 9, 2, 5, true);
    append(p, {4, 0x12, 0x30, 0x21, 0x03, 0x10, 3 << 5, 4});
    ASSERT_TRUE(decodes(p, kPalette));
    test::hammer(p, [](std::span<const uint8_t> s) { return decodes(s, kPalette); });
}

}  // namespace
}  // namespace spicedesk::core
