#include "spice-core/codec/zlib_glz.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include "tests/unit/codec/codec_test_util.hpp"

namespace spicedesk::core {
namespace {

using test::append;
using test::Bytes;

Bytes deflate(const Bytes& in) {
    uLongf size = compressBound(static_cast<uLong>(in.size()));
    Bytes out(size);
    EXPECT_EQ(compress2(out.data(), &size, in.data(), static_cast<uLong>(in.size()), 9), Z_OK);
    out.resize(size);
    return out;
}

Bytes glz_image() {
    Bytes d = test::glz_header(8, 3, 2, 12, true, 0, 0);
    append(d, {0, 0x10, 0x20, 0x30, 5 << 5, 0, 0});  // literal, run of 5
    return d;
}

TEST(ZlibGlz, InflatesThenDecodesGlz) {
    GlzWindow window;
    Bytes glz = glz_image();
    Bytes z = deflate(glz);
    auto img = decode_zlib_glz(z, static_cast<uint32_t>(glz.size()), window);
    ASSERT_TRUE(img.ok()) << img.message();
    EXPECT_EQ(img->pixels, std::vector<uint32_t>(6, 0x302010));
    EXPECT_EQ(window.image_count(), 1U);
}

TEST(ZlibGlz, SizeMustMatch) {
    GlzWindow window;
    Bytes glz = glz_image();
    Bytes z = deflate(glz);
    EXPECT_FALSE(decode_zlib_glz(z, static_cast<uint32_t>(glz.size()) - 1, window).ok());
    EXPECT_FALSE(decode_zlib_glz(z, static_cast<uint32_t>(glz.size()) + 1, window).ok());
    EXPECT_FALSE(decode_zlib_glz(z, 0, window).ok());
    EXPECT_FALSE(decode_zlib_glz(z, 0xffffffff, window).ok());
}

TEST(ZlibGlz, LargeInflationGrowsOnlyAsDataInflates) {
    // 1 MiB of zeros inflates fine up to its real size; the size field cannot make us allocate
    // more than what is really there (and a mismatch is an error).
    Bytes zeros(1 << 20, 0);
    Bytes z = deflate(zeros);
    GlzWindow window;
    auto r = decode_zlib_glz(z, 1U << 20, window);
    ASSERT_FALSE(r.ok());  // inflated fine, but zeros are no GLZ image
    EXPECT_NE(r.message().find("GLZ image"), std::string::npos) << r.message();
    auto r2 = decode_zlib_glz(z, 1U << 27, window);
    ASSERT_FALSE(r2.ok());
    EXPECT_NE(r2.message().find("inflated"), std::string::npos) << r2.message();
}

TEST(ZlibGlz, CorruptAndTruncated) {
    Bytes glz = glz_image();
    Bytes z = deflate(glz);
    test::hammer(z, [&](std::span<const uint8_t> s) {
        GlzWindow window;
        return decode_zlib_glz(s, static_cast<uint32_t>(glz.size()), window).ok();
    });
}

}  // namespace
}  // namespace spicedesk::core
