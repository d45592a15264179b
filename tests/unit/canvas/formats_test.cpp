// Surface formats beyond 32-bit xRGB: 565 colors through text and alpha-blend, ARGB surfaces,
// A1 and A8 copies with ROPs, pattern fore brushes for text.

#include <gtest/gtest.h>
#include <spice/enums.h>

#include "test_util.hpp"

namespace spicedesk::core::canvas::test {
namespace {

TEST(CanvasFormats, Rgb565FillTextAndAlphaBlend) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_16_565, 3, 1);
    Fill fill;
    fill.brush = Brush::solid(0x07e0);  // pure green in 565
    ASSERT_TRUE(canvas.draw_fill(rect(0, 0, 3, 1), Clip::none(), fill));
    Text text;
    text.str.flags = SPICE_STRING_FLAGS_RASTER_A1;
    RasterGlyph g;
    g.width = 1;
    g.height = 1;
    g.data = {0x80};
    text.str.glyphs = {g};
    text.fore_brush = Brush::solid(0xf800);  // pure red in 565
    ASSERT_TRUE(canvas.draw_text(rect(0, 0, 3, 1), Clip::none(), text));
    AlphaBlend blend;
    blend.src = image_of(PIXMAN_x8r8g8b8, 1, 1, {0x000000ffU});  // blue
    blend.src_area = rect(0, 0, 1, 1);
    ASSERT_TRUE(canvas.draw_alpha_blend(rect(2, 0, 3, 1), Clip::none(), blend));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0xf800, 0x07e0, 0x001f}));
}

TEST(CanvasFormats, ArgbSurfaceKeepsAlpha) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_ARGB, 2, 1);
    Fill fill;
    fill.brush = Brush::solid(0x80102030U);
    ASSERT_TRUE(canvas.draw_fill(rect(0, 0, 1, 1), Clip::none(), fill));
    AlphaBlend blend;
    blend.src = image_of(PIXMAN_a8r8g8b8, 1, 1, {0x40400000U});  // quarter red, premultiplied
    blend.src_area = rect(0, 0, 1, 1);
    ASSERT_TRUE(canvas.draw_alpha_blend(rect(1, 0, 2, 1), Clip::none(), blend));
    // Over a transparent pixel the source comes through unchanged, alpha included.
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0x80102030U, 0x40400000U}));
}

TEST(CanvasFormats, OneBitCopyWithRopAndEightBitCopy) {
    Canvas a1 = make_canvas(SPICE_SURFACE_FMT_1_A, 36, 1);
    Image src = make_image(PIXMAN_a1, 36, 1);
    for (int x = 0; x < 36; x += 3) {
        set_px(src, x, 0, 1);
    }
    Fill fill;
    fill.brush = Brush::solid(1);
    ASSERT_TRUE(a1.draw_fill(rect(0, 0, 36, 1), Clip::none(), fill));
    Copy copy;
    copy.src = src;
    copy.src_area = rect(0, 0, 36, 1);
    copy.rop_descriptor = SPICE_ROPD_OP_XOR;
    ASSERT_TRUE(a1.draw_copy(rect(0, 0, 36, 1), Clip::none(), copy));
    for (int x = 0; x < 36; ++x) {
        EXPECT_EQ(px(a1.surface(), x, 0), x % 3 == 0 ? 0U : 1U) << x;
    }

    Canvas a8 = make_canvas(SPICE_SURFACE_FMT_8_A, 3, 1);
    Copy copy8;
    copy8.src = image_of(PIXMAN_a8, 3, 1, {0x10, 0x20, 0x30});
    copy8.src_area = rect(0, 0, 3, 1);
    copy8.rop_descriptor = SPICE_ROPD_OP_PUT | SPICE_ROPD_INVERS_SRC;
    ASSERT_TRUE(a8.draw_copy(rect(0, 0, 3, 1), Clip::none(), copy8));
    EXPECT_EQ(pixels_of(a8.surface()), (std::vector<uint32_t>{0xef, 0xdf, 0xcf}));
}

TEST(CanvasFormats, TextWithPatternForeBrush) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 1);
    Text text;
    text.str.flags = SPICE_STRING_FLAGS_RASTER_A1;
    RasterGlyph g;
    g.width = 4;
    g.height = 1;
    g.data = {0xb0};  // 1011
    text.str.glyphs = {g};
    text.fore_brush =
        Brush::tiled(image_of(PIXMAN_x8r8g8b8, 2, 1, {0x00111111U, 0x00222222U}), Point{1, 0});
    ASSERT_TRUE(canvas.draw_text(rect(0, 0, 4, 1), Clip::none(), text));
    // Tile column (x - 1) mod 2: x=0 -> 1, x=2 -> 1, x=3 -> 0.
    EXPECT_EQ(pixels_of(canvas.surface()),
              (std::vector<uint32_t>{0x00222222U, 0, 0x00222222U, 0x00111111U}));
}

TEST(CanvasFormats, OpaqueScaledWithMask) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 1);
    Opaque op;
    op.src = image_of(PIXMAN_x8r8g8b8, 2, 1, {0x00000010U, 0x00000020U});
    op.src_area = rect(0, 0, 2, 1);
    op.brush = Brush::solid(0x00000001U);
    op.rop_descriptor = SPICE_ROPD_OP_OR;
    op.mask.bitmap = mask_of({"0111"});
    ASSERT_TRUE(canvas.draw_opaque(rect(0, 0, 4, 1), Clip::none(), op));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0, 0x11, 0x21, 0x21}));
}

}  // namespace
}  // namespace spicedesk::core::canvas::test
