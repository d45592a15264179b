#include "spice-core/codec/bitmap_decode.hpp"

#include <gtest/gtest.h>

#include "spice-core/protocol/spice_headers.hpp"
#include "tests/unit/codec/codec_test_util.hpp"

namespace spicedesk::core {
namespace {

using test::Bytes;

const std::vector<uint32_t> kPalette = {0x00000000, 0x00ff0000, 0x0000ff00, 0x000000ff,
                                        0xff123456};  // top byte ignored

TEST(BitmapDecode, OneBitLittleAndBigEndianWithPalette) {
    // 10 pixels per row: bits 0b1100'0101 then 0b10; stride 4 (padding).
    Bytes data = {0xc5, 0x02, 0xee, 0xee, 0x01, 0x00, 0xee, 0xee};
    auto le = decode_bitmap(data, SPICE_BITMAP_FMT_1BIT_LE, 10, 2, 4, true, kPalette);
    ASSERT_TRUE(le.ok()) << le.message();
    // LE: pixel x is bit x % 8 of byte x / 8: 0xc5 = bits 0,2,6,7; 0x02 = bit 1 -> x = 9.
    std::vector<uint32_t> row0 = {1, 0, 1, 0, 0, 0, 1, 1, 0, 1};
    for (int x = 0; x < 10; ++x) {
        EXPECT_EQ(le->pixels[x], row0[x] != 0 ? 0x00ff0000U : 0U) << x;
    }
    EXPECT_EQ(le->pixels[10], 0x00ff0000U);  // row 1, x 0
    EXPECT_FALSE(le->has_alpha);
    auto be = decode_bitmap(data, SPICE_BITMAP_FMT_1BIT_BE, 10, 2, 4, true, kPalette);
    ASSERT_TRUE(be.ok());
    // BE: pixel x is bit 7 - x % 8: 0xc5 = 1100 0101, 0x02 -> x 8, 9 = bits 7, 6 = 0, 0.
    std::vector<uint32_t> row0_be = {1, 1, 0, 0, 0, 1, 0, 1, 0, 0};
    for (int x = 0; x < 10; ++x) {
        EXPECT_EQ(be->pixels[x], row0_be[x] != 0 ? 0x00ff0000U : 0U) << x;
    }
    EXPECT_EQ(be->pixels[17], 0x00ff0000U);  // row 1: 0x01 -> x = 7
}

TEST(BitmapDecode, OneBitWithoutPaletteIsAMask) {
    Bytes data = {0x80};
    auto img = decode_bitmap(data, SPICE_BITMAP_FMT_1BIT_BE, 2, 1, 1, true);
    ASSERT_TRUE(img.ok());
    EXPECT_TRUE(img->has_alpha);
    EXPECT_EQ(img->pixels, (std::vector<uint32_t>{0xffffffff, 0}));
}

TEST(BitmapDecode, FourAndEightBitIndices) {
    Bytes four = {0x21, 0x03};  // 3 pixels
    auto le = decode_bitmap(four, SPICE_BITMAP_FMT_4BIT_LE, 3, 1, 2, true, kPalette);
    ASSERT_TRUE(le.ok());
    EXPECT_EQ(le->pixels, (std::vector<uint32_t>{0x00ff0000, 0x0000ff00, 0x000000ff}));
    auto be = decode_bitmap(four, SPICE_BITMAP_FMT_4BIT_BE, 3, 1, 2, true, kPalette);
    ASSERT_TRUE(be.ok());
    EXPECT_EQ(be->pixels, (std::vector<uint32_t>{0x0000ff00, 0x00ff0000, 0x00000000}));
    Bytes eight = {4, 3};
    auto e = decode_bitmap(eight, SPICE_BITMAP_FMT_8BIT, 2, 1, 2, true, kPalette);
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(e->pixels, (std::vector<uint32_t>{0x00123456, 0x000000ff}));
}

TEST(BitmapDecode, PaletteErrors) {
    Bytes eight = {5};
    EXPECT_FALSE(decode_bitmap(eight, SPICE_BITMAP_FMT_8BIT, 1, 1, 1, true, kPalette).ok());
    EXPECT_FALSE(decode_bitmap(eight, SPICE_BITMAP_FMT_8BIT, 1, 1, 1, true).ok());
}

TEST(BitmapDecode, SixteenBitX555) {
    // 0x7c00 = red 31, 0x03e0 = green 31, 0x0011 = blue 17 -> 17 << 3 | 17 >> 2 = 0x8c.
    Bytes data = {0x00, 0x7c, 0xe0, 0x03, 0x11, 0x00};
    auto img = decode_bitmap(data, SPICE_BITMAP_FMT_16BIT, 3, 1, 6, true);
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img->pixels, (std::vector<uint32_t>{0x00ff0000, 0x0000ff00, 0x0000008c}));
}

TEST(BitmapDecode, TwentyFourAndThirtyTwoBitAndBottomUp) {
    // Two rows of one pixel, stride 4; bottom-up: the first row in memory is the bottom one.
    Bytes data = {0x01, 0x02, 0x03, 0xee, 0x04, 0x05, 0x06, 0xee};
    auto img = decode_bitmap(data, SPICE_BITMAP_FMT_24BIT, 1, 2, 4, false);
    ASSERT_TRUE(img.ok());
    EXPECT_EQ(img->pixels, (std::vector<uint32_t>{0x00060504, 0x00030201}));
    auto img32 = decode_bitmap(data, SPICE_BITMAP_FMT_32BIT, 1, 2, 4, true);
    ASSERT_TRUE(img32.ok());
    EXPECT_EQ(img32->pixels, (std::vector<uint32_t>{0x00030201, 0x00060504}));
    EXPECT_FALSE(img32->has_alpha);
    auto rgba = decode_bitmap(data, SPICE_BITMAP_FMT_RGBA, 1, 2, 4, true);
    ASSERT_TRUE(rgba.ok());
    EXPECT_EQ(rgba->pixels, (std::vector<uint32_t>{0xee030201, 0xee060504}));
    EXPECT_TRUE(rgba->has_alpha);
}

TEST(BitmapDecode, EightBitAlpha) {
    Bytes data = {0x00, 0x80, 0xff};
    auto img = decode_bitmap(data, SPICE_BITMAP_FMT_8BIT_A, 3, 1, 3, true);
    ASSERT_TRUE(img.ok());
    EXPECT_TRUE(img->has_alpha);
    EXPECT_EQ(img->pixels, (std::vector<uint32_t>{0, 0x80000000, 0xff000000}));
}

TEST(BitmapDecode, SizeAndStrideErrors) {
    Bytes data(64, 0);
    EXPECT_FALSE(decode_bitmap(data, 0, 1, 1, 4, true).ok());
    EXPECT_FALSE(decode_bitmap(data, 42, 1, 1, 4, true).ok());
    EXPECT_FALSE(decode_bitmap(data, SPICE_BITMAP_FMT_32BIT, 0, 1, 4, true).ok());
    EXPECT_FALSE(decode_bitmap(data, SPICE_BITMAP_FMT_32BIT, 2, 1, 4, true).ok());   // stride
    EXPECT_FALSE(decode_bitmap(data, SPICE_BITMAP_FMT_32BIT, 4, 5, 16, true).ok());  // data
    EXPECT_TRUE(decode_bitmap(data, SPICE_BITMAP_FMT_32BIT, 4, 4, 16, true).ok());
    // The last row needs only its own bytes, not a whole stride.
    EXPECT_TRUE(decode_bitmap(data, SPICE_BITMAP_FMT_32BIT, 1, 2, 60, true).ok());
    EXPECT_FALSE(decode_bitmap(data, SPICE_BITMAP_FMT_32BIT, 65536, 65536, 262144, true).ok());
    EXPECT_FALSE(
        decode_bitmap(data, SPICE_BITMAP_FMT_32BIT, 0xffffffff, 0xffffffff, 0xffffffff, true).ok());
}

}  // namespace
}  // namespace spicedesk::core
