#include "spice-core/codec/jpeg.hpp"

#include <gtest/gtest.h>
#include <turbojpeg.h>

#include <cstdlib>

#include "spice-core/protocol/spice_headers.hpp"
#include "tests/unit/codec/codec_test_util.hpp"

namespace spicedesk::core {
namespace {

using test::append;
using test::Bytes;

// A smooth RGB picture (JPEG keeps it within a few levels at quality 100, no subsampling).
std::vector<uint32_t> gradient(int w, int h) {
    std::vector<uint32_t> px(static_cast<size_t>(w) * h);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            uint32_t r = static_cast<uint32_t>(x * 255 / (w - 1));
            uint32_t g = static_cast<uint32_t>(y * 255 / (h - 1));
            uint32_t b = 128;
            px[static_cast<size_t>(y) * w + x] = (r << 16) | (g << 8) | b;
        }
    }
    return px;
}

// libjpeg-turbo's encoder, independent of our decoder.
Bytes encode_jpeg(const std::vector<uint32_t>& px, int w, int h) {
    tjhandle tj = tjInitCompress();
    unsigned char* out = nullptr;
    unsigned long size = 0;
    EXPECT_EQ(tjCompress2(tj, reinterpret_cast<const unsigned char*>(px.data()), w, w * 4, h,
                          TJPF_BGRX, &out, &size, TJSAMP_444, 100, 0),
              0)
        << tjGetErrorStr2(tj);
    Bytes jpeg(out, out + size);
    tjFree(out);
    tjDestroy(tj);
    return jpeg;
}

void expect_close(const std::vector<uint32_t>& got, const std::vector<uint32_t>& want,
                  int tolerance) {
    ASSERT_EQ(got.size(), want.size());
    int worst = 0;
    for (size_t i = 0; i < got.size(); ++i) {
        for (int shift : {0, 8, 16}) {
            int a = static_cast<int>((got[i] >> shift) & 0xff);
            int b = static_cast<int>((want[i] >> shift) & 0xff);
            worst = std::max(worst, std::abs(a - b));
        }
    }
    EXPECT_LE(worst, tolerance);
}

TEST(Jpeg, RoundTripThroughLibjpegTurbo) {
    auto px = gradient(64, 48);
    Bytes jpeg = encode_jpeg(px, 64, 48);
    auto img = decode_jpeg(jpeg);
    ASSERT_TRUE(img.ok()) << img.message();
    EXPECT_EQ(img->width, 64U);
    EXPECT_EQ(img->height, 48U);
    EXPECT_FALSE(img->has_alpha);
    for (uint32_t p : img->pixels) {
        EXPECT_EQ(p >> 24, 0U);
    }
    expect_close(img->pixels, px, 6);
}

// The alpha plane: an LZ XXXA stream, one literal per row then a run.
Bytes alpha_plane(uint32_t w, uint32_t h, bool top_down, uint8_t first_row, uint8_t others) {
    Bytes d = test::lz_header(10, w, h, w * 4, top_down);
    for (uint32_t y = 0; y < h; ++y) {
        // Each row: a literal, then a run of w - 1 (length w - 1 = L + ext + 2).
        d.push_back(0);
        d.push_back(y == 0 ? first_row : others);
        uint32_t len = w - 1 - 2;  // w >= 10 here
        if (len < 7) {
            d.push_back(static_cast<uint8_t>(len << 5));
        } else {
            d.push_back(7 << 5);
            uint32_t ext = len - 7;
            while (ext >= 255) {
                d.push_back(255);
                ext -= 255;
            }
            d.push_back(static_cast<uint8_t>(ext));
        }
        d.push_back(0);
    }
    return d;
}

TEST(Jpeg, AlphaTopDownAndBottomUp) {
    auto px = gradient(16, 4);
    Bytes jpeg = encode_jpeg(px, 16, 4);
    for (bool top_down : {true, false}) {
        Bytes data = jpeg;
        Bytes alpha = alpha_plane(16, 4, top_down, 0x20, 0xf0);
        data.insert(data.end(), alpha.begin(), alpha.end());
        auto img = decode_jpeg_alpha(data, static_cast<uint32_t>(jpeg.size()),
                                     top_down ? SPICE_JPEG_ALPHA_FLAGS_TOP_DOWN : 0);
        ASSERT_TRUE(img.ok()) << img.message();
        EXPECT_TRUE(img->has_alpha);
        // The alpha plane's first row is the top one only when top-down; the JPEG is always.
        const uint32_t top_alpha = top_down ? 0x20 : 0xf0;
        const uint32_t bottom_alpha = top_down ? 0xf0 : 0x20;
        for (uint32_t x = 0; x < 16; ++x) {
            EXPECT_EQ(img->pixels[x] >> 24, top_alpha);
            EXPECT_EQ(img->pixels[3 * 16 + x] >> 24, bottom_alpha);
        }
        std::vector<uint32_t> rgb = img->pixels;
        for (auto& p : rgb) {
            p &= 0xffffff;
        }
        expect_close(rgb, px, 6);
        // The flags must agree with the plane's own top-down flag.
        EXPECT_FALSE(decode_jpeg_alpha(data, static_cast<uint32_t>(jpeg.size()),
                                       top_down ? 0 : SPICE_JPEG_ALPHA_FLAGS_TOP_DOWN)
                         .ok());
    }
}

TEST(Jpeg, AlphaErrors) {
    auto px = gradient(16, 4);
    Bytes jpeg = encode_jpeg(px, 16, 4);
    Bytes data = jpeg;
    Bytes alpha = alpha_plane(16, 3, true, 1, 2);  // one row short
    data.insert(data.end(), alpha.begin(), alpha.end());
    const auto size = static_cast<uint32_t>(jpeg.size());
    EXPECT_FALSE(decode_jpeg_alpha(data, size, SPICE_JPEG_ALPHA_FLAGS_TOP_DOWN).ok());
    EXPECT_FALSE(decode_jpeg_alpha(data, static_cast<uint32_t>(data.size()) + 1, 1).ok());
    EXPECT_FALSE(decode_jpeg_alpha(data, 0, 1).ok());
    Bytes rgb_plane = jpeg;  // an LZ plane of the wrong type
    Bytes lz = test::lz_header(8, 1, 1, 4, true);
    append(lz, {0, 1, 2, 3});
    rgb_plane.insert(rgb_plane.end(), lz.begin(), lz.end());
    EXPECT_FALSE(decode_jpeg_alpha(rgb_plane, size, 1).ok());
}

TEST(Jpeg, CorruptAndTruncated) {
    auto px = gradient(24, 16);
    Bytes jpeg = encode_jpeg(px, 24, 16);
    EXPECT_FALSE(decode_jpeg(Bytes{}).ok());
    EXPECT_FALSE(decode_jpeg(Bytes{0xff, 0xd8, 0xff}).ok());
    // libjpeg may accept flipped bits inside entropy-coded data (a wrong picture is still a
    // picture); no prefix may decode, and nothing may crash.
    test::hammer(
        jpeg, [](std::span<const uint8_t> s) { return decode_jpeg(s).ok(); }, 300);
}

}  // namespace
}  // namespace spicedesk::core
