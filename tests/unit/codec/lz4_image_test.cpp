#include "spice-core/codec/lz4_image.hpp"

#include <gtest/gtest.h>
#include <lz4.h>

#include "spice-core/codec/lz4.hpp"
#include "spice-core/protocol/spice_headers.hpp"
#include "tests/unit/codec/codec_test_util.hpp"

namespace spicedesk::core {
namespace {

using test::Bytes;

// An LZ4 image as the server sends it: top_down, format, then one block (liblz4's encoder).
Bytes lz4_image(bool top_down, uint8_t format, const Bytes& raw) {
    Bytes out = {static_cast<uint8_t>(top_down ? 1 : 0), format};
    Bytes block(static_cast<size_t>(LZ4_compressBound(static_cast<int>(raw.size()))));
    int n = LZ4_compress_default(reinterpret_cast<const char*>(raw.data()),
                                 reinterpret_cast<char*>(block.data()),
                                 static_cast<int>(raw.size()), static_cast<int>(block.size()));
    EXPECT_GT(n, 0);
    test::put_be32(out, static_cast<uint32_t>(n));
    out.insert(out.end(), block.begin(), block.begin() + n);
    return out;
}

TEST(Lz4Image, FormatsAndRowOrder) {
    // Two rows of one pixel each.
    auto img32 =
        decode_lz4_image(lz4_image(true, SPICE_BITMAP_FMT_32BIT, {1, 2, 3, 9, 4, 5, 6, 9}), 1, 2);
    ASSERT_TRUE(img32.ok()) << img32.message();
    EXPECT_EQ(img32->pixels, (std::vector<uint32_t>{0x030201, 0x060504}));
    EXPECT_FALSE(img32->has_alpha);
    auto rgba =
        decode_lz4_image(lz4_image(false, SPICE_BITMAP_FMT_RGBA, {1, 2, 3, 9, 4, 5, 6, 8}), 1, 2);
    ASSERT_TRUE(rgba.ok());
    EXPECT_TRUE(rgba->has_alpha);
    EXPECT_EQ(rgba->pixels, (std::vector<uint32_t>{0x08060504, 0x09030201}));
    auto rgb24 =
        decode_lz4_image(lz4_image(true, SPICE_BITMAP_FMT_24BIT, {1, 2, 3, 4, 5, 6}), 2, 1);
    ASSERT_TRUE(rgb24.ok());
    EXPECT_EQ(rgb24->pixels, (std::vector<uint32_t>{0x030201, 0x060504}));
    auto rgb16 = decode_lz4_image(lz4_image(true, SPICE_BITMAP_FMT_16BIT, {0x00, 0x7c}), 1, 1);
    ASSERT_TRUE(rgb16.ok());
    EXPECT_EQ(rgb16->pixels, std::vector<uint32_t>{0xff0000});
}

TEST(Lz4Image, AgreesWithTheServersEncoder) {
    std::vector<uint32_t> px(300 * 130);
    for (size_t i = 0; i < px.size(); ++i) {
        px[i] = static_cast<uint32_t>((i * 2654435761U) >> 8) & 0xffffff;
    }
    auto enc = encode_lz4(PixelView{px, 300, 130, 300}, 1);
    auto img = decode_lz4_image(enc.data, 300, 130);
    ASSERT_TRUE(img.ok()) << img.message();
    EXPECT_EQ(img->pixels, px);
}

TEST(Lz4Image, Errors) {
    Bytes good = lz4_image(true, SPICE_BITMAP_FMT_32BIT, Bytes(64, 7));
    ASSERT_TRUE(decode_lz4_image(good, 4, 4).ok());
    EXPECT_FALSE(decode_lz4_image(good, 4, 5).ok());  // too little data
    EXPECT_FALSE(decode_lz4_image(good, 3, 4).ok());  // data beyond the image
    EXPECT_FALSE(decode_lz4_image(good, 0, 4).ok());
    EXPECT_FALSE(decode_lz4_image(good, 100000, 100000).ok());
    EXPECT_FALSE(decode_lz4_image(good, 4000, 4000).ok());  // more than the data can hold
    Bytes bad_format = good;
    bad_format[1] = SPICE_BITMAP_FMT_8BIT;
    EXPECT_FALSE(decode_lz4_image(bad_format, 4, 4).ok());
    test::hammer(good, [](std::span<const uint8_t> s) { return decode_lz4_image(s, 4, 4).ok(); });
}

}  // namespace
}  // namespace spicedesk::core
