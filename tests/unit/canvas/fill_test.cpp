// DRAW_FILL, BLACKNESS, WHITENESS, INVERS: clips, masks, brushes and ROPs on small surfaces,
// against grids written out by hand.

#include <gtest/gtest.h>
#include <spice/enums.h>

#include "test_util.hpp"

namespace spicedesk::core::canvas::test {
namespace {

constexpr uint32_t C = 0x00112233U;

Fill solid_fill(uint32_t color, uint16_t rop = SPICE_ROPD_OP_PUT) {
    Fill fill;
    fill.brush = Brush::solid(color);
    fill.rop_descriptor = rop;
    return fill;
}

TEST(CanvasFill, TwoRectClip) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 4);
    ASSERT_TRUE(canvas.draw_fill(
        rect(0, 0, 4, 4), Clip::from_rects({rect(0, 0, 2, 2), rect(2, 2, 4, 4)}), solid_fill(C)));
    const std::vector<uint32_t> expected = {
        C, C, 0, 0,  //
        C, C, 0, 0,  //
        0, 0, C, C,  //
        0, 0, C, C,
    };
    EXPECT_EQ(pixels_of(canvas.surface()), expected);
}

TEST(CanvasFill, EmptyClipListDrawsNothing) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 4);
    ASSERT_TRUE(canvas.draw_fill(rect(0, 0, 4, 4), Clip::from_rects({}), solid_fill(C)));
    EXPECT_EQ(pixels_of(canvas.surface()), std::vector<uint32_t>(16, 0));
}

TEST(CanvasFill, BoxAndClipIntersect) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 2);
    ASSERT_TRUE(
        canvas.draw_fill(rect(1, 0, 3, 2), Clip::from_rects({rect(2, 0, 4, 1)}), solid_fill(C)));
    const std::vector<uint32_t> expected = {0, 0, C, 0, 0, 0, 0, 0};
    EXPECT_EQ(pixels_of(canvas.surface()), expected);
}

TEST(CanvasFill, MaskSelectsPixels) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 4);
    Fill fill = solid_fill(C);
    fill.mask.bitmap = mask_of({"100", "010", "001"});
    ASSERT_TRUE(canvas.draw_fill(rect(1, 1, 4, 4), Clip::none(), fill));
    const std::vector<uint32_t> expected = {
        0, 0, 0, 0,  //
        0, C, 0, 0,  //
        0, 0, C, 0,  //
        0, 0, 0, C,
    };
    EXPECT_EQ(pixels_of(canvas.surface()), expected);
}

TEST(CanvasFill, MaskPositionShiftsTheBitmap) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 4);
    Fill fill = solid_fill(C);
    fill.mask.bitmap = mask_of({"100", "010", "001"});
    fill.mask.pos = Point{1, 0};
    // Destination (x, y) reads mask (x - 1 + 1, y - 1 + 0); column 3 is past the mask's width.
    ASSERT_TRUE(canvas.draw_fill(rect(1, 1, 4, 4), Clip::none(), fill));
    const std::vector<uint32_t> expected = {
        0, 0, 0, 0,  //
        0, 0, 0, 0,  //
        0, C, 0, 0,  //
        0, 0, C, 0,
    };
    EXPECT_EQ(pixels_of(canvas.surface()), expected);
}

TEST(CanvasFill, InvertedMaskDrawsTheClearBitsInsideTheMaskOnly) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 4);
    Fill fill = solid_fill(C);
    fill.mask.bitmap = mask_of({"100", "010", "001"});
    fill.mask.flags = SPICE_MASK_FLAGS_INVERS;
    ASSERT_TRUE(canvas.draw_fill(rect(0, 0, 4, 4), Clip::none(), fill));
    const std::vector<uint32_t> expected = {
        0, C, C, 0,  //
        C, 0, C, 0,  //
        C, C, 0, 0,  //
        0, 0, 0, 0,
    };
    EXPECT_EQ(pixels_of(canvas.surface()), expected);
}

TEST(CanvasFill, PatternBrushTilesFromItsPosition) {
    constexpr uint32_t A = 0xa, B = 0xb, Cc = 0xc, D = 0xd;
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 2);
    Fill fill;
    fill.brush = Brush::tiled(image_of(PIXMAN_x8r8g8b8, 2, 2, {A, B, Cc, D}), Point{1, 0});
    ASSERT_TRUE(canvas.draw_fill(rect(0, 0, 4, 2), Clip::none(), fill));
    // Pixel (x, y) takes tile ((x - 1) mod 2, y mod 2).
    const std::vector<uint32_t> expected = {B, A, B, A, D, Cc, D, Cc};
    EXPECT_EQ(pixels_of(canvas.surface()), expected);
}

TEST(CanvasFill, NegativePatternPositionWraps) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 3, 1);
    Fill fill;
    fill.brush = Brush::tiled(image_of(PIXMAN_x8r8g8b8, 3, 1, {1, 2, 3}), Point{-4, 0});
    ASSERT_TRUE(canvas.draw_fill(rect(0, 0, 3, 1), Clip::none(), fill));
    // (x + 4) mod 3: 1, 2, 0.
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{2, 3, 1}));
}

TEST(CanvasFill, XorAndInvertedBrushRops) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 2, 1);
    ASSERT_TRUE(canvas.draw_fill(rect(0, 0, 2, 1), Clip::none(), solid_fill(0x00ff00ffU)));
    ASSERT_TRUE(canvas.draw_fill(rect(0, 0, 1, 1), Clip::none(),
                                 solid_fill(0x00ffff00U, SPICE_ROPD_OP_XOR)));
    ASSERT_TRUE(
        canvas.draw_fill(rect(1, 0, 2, 1), Clip::none(),
                         solid_fill(0x000000ffU, SPICE_ROPD_OP_AND | SPICE_ROPD_INVERS_BRUSH)));
    EXPECT_EQ(px(canvas.surface(), 0, 0), 0x0000ffffU);
    EXPECT_EQ(px(canvas.surface(), 1, 0), 0x00ff0000U);
}

TEST(CanvasFill, NoneBrushWithInvertRop) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 1, 1);
    Fill fill;
    fill.rop_descriptor = SPICE_ROPD_OP_INVERS;
    ASSERT_TRUE(canvas.draw_fill(rect(0, 0, 1, 1), Clip::none(), fill));
    EXPECT_EQ(px(canvas.surface(), 0, 0), 0xffffffffU);
}

TEST(CanvasFill, OtherSurfaceFormats) {
    Canvas c16 = make_canvas(SPICE_SURFACE_FMT_16_555, 2, 1);
    ASSERT_TRUE(c16.draw_fill(rect(0, 0, 1, 1), Clip::none(), solid_fill(0x12347c00U)));
    EXPECT_EQ(px(c16.surface(), 0, 0), 0x7c00U);  // only the pixel's 16 bits are stored
    EXPECT_EQ(px(c16.surface(), 1, 0), 0U);

    Canvas a8 = make_canvas(SPICE_SURFACE_FMT_8_A, 2, 1);
    ASSERT_TRUE(a8.draw_fill(rect(1, 0, 2, 1), Clip::none(), solid_fill(0x80)));
    EXPECT_EQ(pixels_of(a8.surface()), (std::vector<uint32_t>{0, 0x80}));

    Canvas a1 = make_canvas(SPICE_SURFACE_FMT_1_A, 40, 1);
    ASSERT_TRUE(a1.draw_fill(rect(3, 0, 35, 1), Clip::none(), solid_fill(1)));
    ASSERT_TRUE(a1.draw_fill(rect(30, 0, 40, 1), Clip::none(), solid_fill(1, SPICE_ROPD_OP_XOR)));
    for (int x = 0; x < 40; ++x) {
        const uint32_t expected = (x >= 3 && x < 30) || x >= 35 ? 1U : 0U;
        EXPECT_EQ(px(a1.surface(), x, 0), expected) << x;
    }
}

TEST(CanvasFill, BlacknessWhitenessInvers) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 3, 1);
    ASSERT_TRUE(canvas.draw_fill(rect(0, 0, 3, 1), Clip::none(), solid_fill(0x00123456U)));
    ASSERT_TRUE(canvas.draw_whiteness(rect(0, 0, 1, 1), Clip::none(), Whiteness{}));
    ASSERT_TRUE(canvas.draw_invers(rect(1, 0, 2, 1), Clip::none(), Invers{}));
    Blackness black;
    black.mask.bitmap = mask_of({"01"});
    ASSERT_TRUE(canvas.draw_blackness(rect(1, 0, 3, 1), Clip::none(), black));
    EXPECT_EQ(pixels_of(canvas.surface()),
              (std::vector<uint32_t>{0xffffffffU, 0xffedcba9U, 0x00000000U}));
}

TEST(CanvasFill, GroupRestrictsEveryDrawUntilItEnds) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 2);
    fill_numbered(canvas.surface(), 1);
    canvas.group_start({rect(1, 0, 3, 1), rect(-10, 1, 1, 50)});
    ASSERT_TRUE(canvas.draw_fill(rect(0, 0, 4, 2), Clip::none(), solid_fill(C)));
    ASSERT_TRUE(canvas.copy_bits(rect(2, 1, 4, 2), Clip::none(), Point{0, 1}));  // outside: no-op
    canvas.group_end();
    const uint32_t row1 = 1 + 16;
    EXPECT_EQ(pixels_of(canvas.surface()),
              (std::vector<uint32_t>{1, C, C, 4, C, row1 + 1, row1 + 2, row1 + 3}));
    ASSERT_TRUE(canvas.draw_fill(rect(3, 1, 4, 2), Clip::none(), solid_fill(C)));
    EXPECT_EQ(px(canvas.surface(), 3, 1), C);
}

TEST(CanvasFill, BadPatternIsRejectedWithoutDrawing) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 2, 2);
    Fill fill;
    fill.brush.type = SPICE_BRUSH_TYPE_PATTERN;  // no image
    const auto status = canvas.draw_fill(rect(0, 0, 2, 2), Clip::none(), fill);
    EXPECT_FALSE(status.ok());
    EXPECT_NE(status.message().find("pattern"), std::string::npos);
    EXPECT_EQ(pixels_of(canvas.surface()), std::vector<uint32_t>(4, 0));
}

}  // namespace
}  // namespace spicedesk::core::canvas::test
