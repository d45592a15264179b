#include "spice-core/codec/lz4.hpp"

#include <gtest/gtest.h>

#include <random>

#include "spice-core/codec/bitmap.hpp"

namespace spicedesk::core {
namespace {

std::vector<uint32_t> pattern(uint32_t w, uint32_t h, bool noisy) {
    std::vector<uint32_t> px(static_cast<size_t>(w) * h);
    std::mt19937 rng(42);
    for (uint32_t y = 0; y < h; ++y) {
        for (uint32_t x = 0; x < w; ++x) {
            px[static_cast<size_t>(y) * w + x] =
                noisy ? (rng() & 0xffffff) : (((x / 8) * 0x010203U) ^ (y * 0x000101U)) & 0xffffff;
        }
    }
    return px;
}

class Lz4RoundTrip : public ::testing::TestWithParam<std::tuple<uint32_t, uint32_t, bool>> {};

TEST_P(Lz4RoundTrip, DecodesToTheSamePixels) {
    auto [w, h, noisy] = GetParam();
    auto px = pattern(w, h, noisy);
    auto image = encode_lz4(PixelView{px, w, h, w}, 7);
    EXPECT_EQ(image.type, SPICE_IMAGE_TYPE_LZ4);
    EXPECT_EQ(image.width, w);
    EXPECT_EQ(image.height, h);
    ASSERT_GE(image.data.size(), 2U);
    EXPECT_EQ(image.data[0], 1);  // top-down
    EXPECT_EQ(image.data[1], SPICE_BITMAP_FMT_32BIT);
    auto back = decode_lz4(image.data, w, h);
    ASSERT_TRUE(back.ok()) << back.message();
    EXPECT_EQ(*back, px);
    if (!noisy && w * h >= 4096) {
        EXPECT_LT(image.data.size(), px.size() * 4 / 4);  // a pattern compresses well
    }
}

INSTANTIATE_TEST_SUITE_P(
    Sizes, Lz4RoundTrip,
    ::testing::Values(std::make_tuple(1U, 1U, false), std::make_tuple(64U, 64U, false),
                      std::make_tuple(63U, 65U, true), std::make_tuple(640U, 129U, false),
                      std::make_tuple(300U, 200U, true), std::make_tuple(1920U, 1080U, false)));

TEST(Lz4, StridedSourceView) {
    auto px = pattern(100, 50, false);
    // The 40x30 sub-rectangle at (10, 5).
    PixelView view{std::span(px).subspan(5 * 100 + 10), 40, 30, 100};
    auto image = encode_lz4(view, 1);
    auto back = decode_lz4(image.data, 40, 30);
    ASSERT_TRUE(back.ok());
    for (uint32_t y = 0; y < 30; ++y) {
        for (uint32_t x = 0; x < 40; ++x) {
            ASSERT_EQ((*back)[y * 40 + x], px[(y + 5) * 100 + x + 10]);
        }
    }
}

TEST(Lz4, RejectsCorruptData) {
    auto px = pattern(128, 128, true);
    auto image = encode_lz4(PixelView{px, 128, 128, 128}, 1);
    auto truncated = image.data;
    truncated.resize(truncated.size() / 2);
    EXPECT_FALSE(decode_lz4(truncated, 128, 128).ok());
    EXPECT_FALSE(decode_lz4(std::vector<uint8_t>{1}, 128, 128).ok());
    auto bad_format = image.data;
    bad_format[1] = SPICE_BITMAP_FMT_8BIT;
    EXPECT_FALSE(decode_lz4(bad_format, 128, 128).ok());
    auto bad_size = image.data;
    bad_size[2] = 0x7f;  // first block claims ~2 GB
    EXPECT_FALSE(decode_lz4(bad_size, 128, 128).ok());
    EXPECT_FALSE(decode_lz4(image.data, 128, 129).ok());  // fewer bytes than the size says
}

TEST(Bitmap, RawIsTopDownLittleEndian) {
    std::vector<uint32_t> px = {0x00112233, 0x00445566, 0x00778899, 0x00aabbcc};
    auto image = encode_bitmap(PixelView{px, 2, 2, 2}, 3);
    EXPECT_EQ(image.type, SPICE_IMAGE_TYPE_BITMAP);
    EXPECT_EQ(image.bitmap_format, SPICE_BITMAP_FMT_32BIT);
    EXPECT_EQ(image.bitmap_flags, SPICE_BITMAP_FLAGS_TOP_DOWN);
    EXPECT_EQ(image.stride, 8U);
    std::vector<uint8_t> want = {0x33, 0x22, 0x11, 0, 0x66, 0x55, 0x44, 0,
                                 0x99, 0x88, 0x77, 0, 0xcc, 0xbb, 0xaa, 0};
    EXPECT_EQ(image.data, want);
}

}  // namespace
}  // namespace spicedesk::core
