#include "spice-core/codec/quic.hpp"

#include <gtest/gtest.h>

#include <random>

#include "tests/unit/codec/codec_test_util.hpp"

// Real QUIC images from QEMU are checked in fixture_test.cpp; here, streams worked out by hand
// from the format (header words, then Golomb-Rice codewords MSB-first in little-endian words).

namespace spicedesk::core {
namespace {

using test::Bytes;
using test::put_le32;

constexpr uint32_t kGray = 1, kRgb16 = 2, kRgb24 = 3, kRgb32 = 4, kRgba = 5;

Bytes quic(uint32_t type, uint32_t width, uint32_t height, std::initializer_list<uint32_t> words) {
    Bytes d;
    put_le32(d, 0x43495551);  // "QUIC"
    put_le32(d, 0);           // version 0.0
    put_le32(d, type);
    put_le32(d, width);
    put_le32(d, height);
    for (uint32_t w : words) {
        put_le32(d, w);
    }
    put_le32(d, 0);  // the encoder's flush padding
    put_le32(d, 0);
    return d;
}

TEST(Quic, OnePixelRgb32) {
    // Pixel 0 of row 0: each channel codes its value folded (v <= 127: 2v, else 2(255-v)+1)
    // with code 7 (the initial best code): 0x80 | n for n < 128 (8 bits), else the 8-bit
    // escape n - 128. r = 0x12 -> 36 -> 0xa4; g = 0x34 -> 104 -> 0xe8; b = 0x56 -> 172 -> 0x2c.
    auto img = decode_quic(quic(kRgb32, 1, 1, {0xa4e82c00}));
    ASSERT_TRUE(img.ok()) << img.message();
    EXPECT_EQ(img->width, 1U);
    EXPECT_FALSE(img->has_alpha);
    EXPECT_EQ(img->pixels, std::vector<uint32_t>{0x123456});
}

TEST(Quic, TwoPixelsPredictedFromTheLeft) {
    // Pixel 1 is coded as the difference from pixel 0, folded: r +1 -> 2 (0x82), g -1 -> 1
    // (0x81), b 0 -> 0 (0x80); each channel's bucket (chosen by the previous residual) still has
    // code 7. RGB24 decodes like RGB32.
    for (uint32_t type : {kRgb32, kRgb24}) {
        auto img = decode_quic(quic(type, 2, 1, {0xa4e82c82, 0x81800000}));
        ASSERT_TRUE(img.ok()) << img.message();
        EXPECT_EQ(img->pixels, (std::vector<uint32_t>{0x123456, 0x133356}));
    }
}

TEST(Quic, GrayAndRgba) {
    // Gray: one channel, 0x12 -> 0xa4.
    auto gray = decode_quic(quic(kGray, 1, 1, {0xa4000000}));
    ASSERT_TRUE(gray.ok()) << gray.message();
    EXPECT_EQ(gray->pixels, std::vector<uint32_t>{0x121212});
    // RGBA: the RGB row, then the alpha row in its own channel: a = 0x80 -> 2(255-128)+1 = 255
    // -> escape 127 = 0x7f.
    auto rgba = decode_quic(quic(kRgba, 1, 1, {0xa4e82c7f}));
    ASSERT_TRUE(rgba.ok()) << rgba.message();
    EXPECT_TRUE(rgba->has_alpha);
    EXPECT_EQ(rgba->pixels, std::vector<uint32_t>{0x80123456});
}

TEST(Quic, Rgb16FiveBitChannels) {
    // 5 bits per channel, initial code 4: values below n_gr[4] = 16 are 1 bbbb (5 bits), others
    // the 5-bit escape n - 16. r = 31 -> folded 1 -> 10001; g = 0 -> 0 -> 10000;
    // b = 16 -> 2(31-16)+1 = 31 -> escape 15 = 01111. 15 bits: 1000 1100 0001 111 -> 0x8c1e.
    auto img = decode_quic(quic(kRgb16, 1, 1, {0x8c1e0000}));
    ASSERT_TRUE(img.ok()) << img.message();
    // Widened: 31 -> 0xff, 0 -> 0, 16 -> 0x84.
    EXPECT_EQ(img->pixels, std::vector<uint32_t>{0xff0084});
}

// Synthetic streams (a xorshift32 byte source biased towards short codes, so that runs, model
// halving and the wait-mask steps past 2048 pixels all occur) decoded by spice-html5's quic.js
// (src/quic.js, run under node) gave these FNV-1a hashes of the b, g, r (and a for RGBA) bytes;
// ours must agree byte for byte. quic.js has no RGB16 or GRAY.
Bytes synthetic_stream(uint32_t type, uint32_t w, uint32_t h, uint32_t seed) {
    static constexpr uint8_t kTable[] = {0xff, 0xfe, 0x80, 0xc0, 0xa0, 0x90};
    Bytes d;
    for (uint32_t v : {0x43495551U, 0U, type, w, h}) {
        put_le32(d, v);
    }
    uint32_t x = seed;
    const size_t n = size_t{w} * h * 16 + 64;
    for (size_t i = 0; i < n; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        d.push_back((x & 7) < 5 ? kTable[(x >> 8) % 6] : static_cast<uint8_t>(x >> 24));
    }
    return d;
}

TEST(Quic, AgreesWithSpiceHtml5OnSyntheticStreams) {
    struct Case {
        uint32_t type, w, h, seed;
        uint64_t fnv;
    };
    const Case cases[] = {
        {kRgb24, 1, 50, 6, 0xf59f23bcfc787e6aULL},   {kRgb24, 64, 40, 2, 0xc18ee7c39428b94eULL},
        {kRgb32, 2049, 5, 8, 0xf0c69a98bf04115cULL}, {kRgb32, 300, 20, 1, 0x3c67e75667d8e9e3ULL},
        {kRgb32, 5000, 2, 5, 0x98c3e19376156a21ULL}, {kRgba, 100, 30, 3, 0x67348c9b7dc054e5ULL},
        {kRgba, 2100, 3, 4, 0x7179fb3a452790fcULL},  {kRgba, 7, 7, 7, 0x67454ee37f163efdULL},
    };
    for (const auto& c : cases) {
        auto img = decode_quic(synthetic_stream(c.type, c.w, c.h, c.seed));
        ASSERT_TRUE(img.ok()) << img.message();
        uint64_t h = 0xcbf29ce484222325ULL;
        for (uint32_t p : img->pixels) {
            for (int byte = 0; byte < (c.type == kRgba ? 4 : 3); ++byte) {
                h ^= (p >> (8 * byte)) & 0xff;
                h *= 0x100000001b3ULL;
            }
        }
        EXPECT_EQ(h, c.fnv) << "type " << c.type << " " << c.w << "x" << c.h << " seed " << c.seed;
    }
}

TEST(Quic, HeaderErrors) {
    Bytes good = quic(kRgb32, 1, 1, {0xa4e82c00});
    ASSERT_TRUE(decode_quic(good).ok());
    for (size_t byte : {0U, 4U, 8U}) {
        Bytes bad = good;
        bad[byte] ^= 0x40;
        EXPECT_FALSE(decode_quic(bad).ok()) << byte;
    }
    EXPECT_FALSE(decode_quic(quic(0, 1, 1, {0})).ok());
    EXPECT_FALSE(decode_quic(quic(6, 1, 1, {0})).ok());
    EXPECT_FALSE(decode_quic(quic(kRgb32, 0, 1, {0})).ok());
    EXPECT_FALSE(decode_quic(quic(kRgb32, 1, 0, {0})).ok());
    EXPECT_FALSE(decode_quic(quic(kRgb32, 65536, 65536, {0})).ok());
    // Sizes the data cannot hold are refused before anything is allocated.
    EXPECT_FALSE(decode_quic(quic(kRgb32, 100000, 1, {0})).ok());
    EXPECT_FALSE(decode_quic(quic(kRgb32, 1, 100000, {0})).ok());
    EXPECT_FALSE(decode_quic(Bytes{}).ok());
}

TEST(Quic, TruncationAndBitFlips) {
    Bytes d = quic(kRgb32, 2, 1, {0xa4e82c82, 0x81800000});
    // This stream needs one of the two padding words (the decoder reads a word ahead); every
    // shorter prefix runs out.
    d.resize(d.size() - 4);
    ASSERT_TRUE(decode_quic(d).ok());
    test::hammer(d, [](std::span<const uint8_t> s) { return decode_quic(s).ok(); });
}

TEST(Quic, RandomPayloadsNeverCrash) {
    std::mt19937 rng(7);
    for (int i = 0; i < 300; ++i) {
        const uint32_t type = 1 + rng() % 5;
        const uint32_t w = 1 + rng() % 300;
        const uint32_t h = 1 + rng() % 40;
        Bytes d = quic(type, w, h, {});
        const size_t n = rng() % 4096;
        for (size_t k = 0; k < n; ++k) {
            // Mostly ones and zeros in long stretches: runs, escapes and long codes.
            d.push_back(static_cast<uint8_t>((rng() % 3 == 0) ? rng() : (rng() % 2 ? 0xff : 0)));
        }
        (void)decode_quic(d);
    }
}

}  // namespace
}  // namespace spicedesk::core
