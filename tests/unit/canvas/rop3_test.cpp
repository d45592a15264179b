// DRAW_ROP3: every one of the 256 ternary ROPs on a surface, each pixel checked against the
// per-bit definition; pattern brushes, scaled sources and masks.

#include <gtest/gtest.h>
#include <spice/enums.h>

#include <random>

#include "test_util.hpp"

namespace spicedesk::core::canvas::test {
namespace {

uint32_t per_bit(uint8_t code, uint32_t p, uint32_t s, uint32_t d) {
    uint32_t r = 0;
    for (unsigned bit = 0; bit < 32; ++bit) {
        const unsigned index = ((p >> bit) & 1U) << 2 | ((s >> bit) & 1U) << 1 | ((d >> bit) & 1U);
        r |= ((code >> index) & 1U) << bit;
    }
    return r;
}

TEST(CanvasRop3, AllCodesWithSolidBrush) {
    std::mt19937 rng(99);
    for (unsigned code = 0; code < 256; ++code) {
        Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 2);
        std::vector<uint32_t> dest(8);
        std::vector<uint32_t> src(8);
        for (int i = 0; i < 8; ++i) {
            dest[static_cast<size_t>(i)] = rng();
            src[static_cast<size_t>(i)] = rng();
            set_px(canvas.surface(), i % 4, i / 4, dest[static_cast<size_t>(i)]);
        }
        const uint32_t p = rng();
        Rop3 op;
        op.src = image_of(PIXMAN_x8r8g8b8, 4, 2, src);
        op.src_area = rect(0, 0, 4, 2);
        op.brush = Brush::solid(p);
        op.rop3 = static_cast<uint8_t>(code);
        ASSERT_TRUE(canvas.draw_rop3(rect(0, 0, 4, 2), Clip::none(), op));
        for (int i = 0; i < 8; ++i) {
            ASSERT_EQ(px(canvas.surface(), i % 4, i / 4),
                      per_bit(static_cast<uint8_t>(code), p, src[static_cast<size_t>(i)],
                              dest[static_cast<size_t>(i)]))
                << "code " << code << " pixel " << i;
        }
    }
}

TEST(CanvasRop3, PatternBrushAndSixteenBits) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_16_555, 4, 1);
    for (int x = 0; x < 4; ++x) {
        set_px(canvas.surface(), x, 0, 0x7fff);
    }
    Rop3 op;
    op.src = image_of(PIXMAN_x1r5g5b5, 4, 1, {0x0001, 0x0002, 0x0004, 0x0008});
    op.src_area = rect(0, 0, 4, 1);
    op.brush = Brush::tiled(image_of(PIXMAN_x1r5g5b5, 2, 1, {0x7c00, 0x03e0}), Point{0, 0});
    op.rop3 = 0x5a;  // PATINVERT: p ^ d
    ASSERT_TRUE(canvas.draw_rop3(rect(0, 0, 4, 1), Clip::none(), op));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0x03ff, 0x7c1f, 0x03ff, 0x7c1f}));
    op.rop3 = 0xc0;  // MERGECOPY: p & s
    op.src = image_of(PIXMAN_x1r5g5b5, 4, 1, {0x7fff, 0x7fff, 0x0c00, 0x0060});
    ASSERT_TRUE(canvas.draw_rop3(rect(0, 0, 4, 1), Clip::none(), op));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0x7c00, 0x03e0, 0x0c00, 0x0060}));
}

TEST(CanvasRop3, ScaledSourceAndMask) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 1);
    Rop3 op;
    op.src = image_of(PIXMAN_x8r8g8b8, 2, 1, {0x11, 0x22});
    op.src_area = rect(0, 0, 2, 1);
    op.brush = Brush::solid(0);
    op.rop3 = 0xcc;  // SRCCOPY
    op.mask.bitmap = mask_of({"1011"});
    ASSERT_TRUE(canvas.draw_rop3(rect(0, 0, 4, 1), Clip::none(), op));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0x11, 0, 0x22, 0x22}));
}

}  // namespace
}  // namespace spicedesk::core::canvas::test
