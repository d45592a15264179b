// DRAW_COPY, DRAW_BLEND and DRAW_OPAQUE: placement, ROPs, masks, scaling (nearest and
// interpolate), format conversion and SURFACE sources (another canvas, or the canvas itself).

#include <gtest/gtest.h>
#include <spice/enums.h>

#include "test_util.hpp"

namespace spicedesk::core::canvas::test {
namespace {

// A 4x4 source whose pixel (x, y) is 0x00yx (y in the high nibble of the low byte).
Image numbered_source() {
    Image src = make_image(PIXMAN_x8r8g8b8, 4, 4);
    for (int y = 0; y < 4; ++y) {
        for (int x = 0; x < 4; ++x) {
            set_px(src, x, y, static_cast<uint32_t>(y * 16 + x));
        }
    }
    return src;
}

Copy copy_of(Image src, Rect src_area, uint16_t rop = SPICE_ROPD_OP_PUT) {
    Copy copy;
    copy.src = std::move(src);
    copy.src_area = src_area;
    copy.rop_descriptor = rop;
    return copy;
}

TEST(CanvasCopy, UnscaledPlacesSourceArea) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 4);
    ASSERT_TRUE(canvas.draw_copy(rect(1, 1, 3, 3), Clip::none(),
                                 copy_of(numbered_source(), rect(2, 1, 4, 3))));
    const std::vector<uint32_t> expected = {
        0, 0,    0,    0,  //
        0, 0x12, 0x13, 0,  //
        0, 0x22, 0x23, 0,  //
        0, 0,    0,    0,
    };
    EXPECT_EQ(pixels_of(canvas.surface()), expected);
}

TEST(CanvasCopy, RopCombinesWithDestination) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 2, 1);
    ASSERT_TRUE(
        canvas.draw_copy(rect(0, 0, 2, 1), Clip::none(),
                         copy_of(image_of(PIXMAN_x8r8g8b8, 2, 1, {0xf0, 0x0f}), rect(0, 0, 2, 1))));
    ASSERT_TRUE(canvas.draw_copy(rect(0, 0, 2, 1), Clip::none(),
                                 copy_of(image_of(PIXMAN_x8r8g8b8, 2, 1, {0x3c, 0x3c}),
                                         rect(0, 0, 2, 1), SPICE_ROPD_OP_AND)));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0x30, 0x0c}));
    ASSERT_TRUE(canvas.draw_blend(
        rect(0, 0, 1, 1), Clip::none(),
        copy_of(image_of(PIXMAN_x8r8g8b8, 1, 1, {0x03}), rect(0, 0, 1, 1), SPICE_ROPD_OP_OR)));
    EXPECT_EQ(px(canvas.surface(), 0, 0), 0x33U);
}

TEST(CanvasCopy, MaskAndClip) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 1);
    Copy copy = copy_of(image_of(PIXMAN_x8r8g8b8, 4, 1, {1, 2, 3, 4}), rect(0, 0, 4, 1));
    copy.mask.bitmap = mask_of({"1101"});
    ASSERT_TRUE(canvas.draw_copy(rect(0, 0, 4, 1), Clip::from_rects({rect(1, 0, 4, 1)}), copy));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0, 2, 0, 4}));
}

TEST(CanvasCopy, NearestUpscaleRepeatsPixels) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 4);
    Copy copy = copy_of(image_of(PIXMAN_x8r8g8b8, 2, 2, {1, 2, 3, 4}), rect(0, 0, 2, 2));
    copy.scale_mode = SPICE_IMAGE_SCALE_MODE_NEAREST;
    ASSERT_TRUE(canvas.draw_copy(rect(0, 0, 4, 4), Clip::none(), copy));
    const std::vector<uint32_t> expected = {
        1, 1, 2, 2,  //
        1, 1, 2, 2,  //
        3, 3, 4, 4,  //
        3, 3, 4, 4,
    };
    EXPECT_EQ(pixels_of(canvas.surface()), expected);
}

TEST(CanvasCopy, NearestDownscaleSamplesPixelCentres) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 2, 1);
    Copy copy = copy_of(image_of(PIXMAN_x8r8g8b8, 4, 1, {1, 2, 3, 4}), rect(0, 0, 4, 1));
    ASSERT_TRUE(canvas.draw_copy(rect(0, 0, 2, 1), Clip::none(), copy));
    // Destination centres 0.5 and 1.5 land on source 1.0 and 3.0, on pixel boundaries: the
    // lower pixel wins (0 and 2).
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{1, 3}));
}

TEST(CanvasCopy, ScaledCopyOfASubAreaWithClip) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 2);
    // Source area x 1..3 of row 0 (values 2, 3) stretched over 4 pixels; clip keeps x >= 1.
    Copy copy = copy_of(image_of(PIXMAN_x8r8g8b8, 4, 1, {1, 2, 3, 4}), rect(1, 0, 3, 1));
    ASSERT_TRUE(canvas.draw_copy(rect(0, 1, 4, 2), Clip::from_rects({rect(1, 0, 4, 2)}), copy));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0, 0, 0, 0, 0, 2, 3, 3}));
}

TEST(CanvasCopy, InterpolateKeepsUniformColourAndBlendsEdges) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 8, 1);
    Copy copy =
        copy_of(image_of(PIXMAN_x8r8g8b8, 4, 1, {0x00404040, 0x00404040, 0x00c0c0c0, 0x00c0c0c0}),
                rect(0, 0, 4, 1));
    copy.scale_mode = SPICE_IMAGE_SCALE_MODE_INTERPOLATE;
    ASSERT_TRUE(canvas.draw_copy(rect(0, 0, 8, 1), Clip::none(), copy));
    // Pixels 1..2 sample inside the dark half, 5..6 inside the light half; 3 and 4 straddle.
    for (int x : {1, 2}) {
        EXPECT_EQ(px(canvas.surface(), x, 0) & 0xffffffU, 0x404040U) << x;
    }
    for (int x : {5, 6}) {
        EXPECT_EQ(px(canvas.surface(), x, 0) & 0xffffffU, 0xc0c0c0U) << x;
    }
    const uint32_t mid3 = px(canvas.surface(), 3, 0) & 0xff;
    const uint32_t mid4 = px(canvas.surface(), 4, 0) & 0xff;
    EXPECT_GT(mid3, 0x40U);
    EXPECT_LT(mid3, mid4);
    EXPECT_LT(mid4, 0xc0U);
}

TEST(CanvasCopy, ScaledSourceAreaOutsideTheImageIsRejected) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 2, 2);
    Copy copy = copy_of(image_of(PIXMAN_x8r8g8b8, 2, 2, {1, 2, 3, 4}), rect(1, 1, 4, 4));
    const auto status = canvas.draw_copy(rect(0, 0, 2, 2), Clip::none(), copy);
    EXPECT_FALSE(status.ok());
    EXPECT_EQ(pixels_of(canvas.surface()), std::vector<uint32_t>(4, 0));
}

TEST(CanvasCopy, ConvertsSourceFormatToSurfaceFormat) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_16_555, 3, 1);
    Copy copy = copy_of(image_of(PIXMAN_a8r8g8b8, 3, 1, {0xffff0000U, 0xff00ff00U, 0xff0000ffU}),
                        rect(0, 0, 3, 1));
    ASSERT_TRUE(canvas.draw_copy(rect(0, 0, 3, 1), Clip::none(), copy));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0x7c00, 0x03e0, 0x001f}));
}

TEST(CanvasCopy, ArgbSourceKeepsItsRawBitsOnXrgb) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 1, 1);
    Copy copy = copy_of(image_of(PIXMAN_a8r8g8b8, 1, 1, {0x80123456U}), rect(0, 0, 1, 1));
    ASSERT_TRUE(canvas.draw_copy(rect(0, 0, 1, 1), Clip::none(), copy));
    EXPECT_EQ(px(canvas.surface(), 0, 0), 0x80123456U);
}

TEST(CanvasCopy, FromAnotherSurface) {
    Canvas offscreen = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 2, 1);
    Fill fill;
    fill.brush = Brush::solid(0x00abcdefU);
    ASSERT_TRUE(offscreen.draw_fill(rect(1, 0, 2, 1), Clip::none(), fill));
    Canvas primary = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 3, 1);
    ASSERT_TRUE(primary.draw_copy(rect(1, 0, 3, 1), Clip::none(),
                                  copy_of(offscreen.surface(), rect(0, 0, 2, 1))));
    EXPECT_EQ(pixels_of(primary.surface()), (std::vector<uint32_t>{0, 0, 0x00abcdefU}));
}

TEST(CanvasCopy, FromItselfOverlapping) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 1);
    fill_numbered(canvas.surface(), 1);
    // Shift right by one, reading the surface as it was before the draw.
    ASSERT_TRUE(canvas.draw_copy(rect(1, 0, 4, 1), Clip::none(),
                                 copy_of(canvas.surface(), rect(0, 0, 3, 1))));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{1, 1, 2, 3}));
}

TEST(CanvasCopy, ScalingASharedSourceLeavesItUntouched) {
    Canvas a = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 2, 1);
    set_px(a.surface(), 0, 0, 0x00000011U);
    set_px(a.surface(), 1, 0, 0x00000022U);
    Canvas b = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 1);
    Copy scaled = copy_of(a.surface(), rect(0, 0, 2, 1));
    ASSERT_TRUE(b.draw_copy(rect(0, 0, 4, 1), Clip::none(), scaled));
    EXPECT_EQ(pixels_of(b.surface()), (std::vector<uint32_t>{0x11, 0x11, 0x22, 0x22}));
    // The same image used unscaled through pixman afterwards: no transform or filter was left
    // on it.
    Canvas c = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 2, 1);
    AlphaBlend blend;
    blend.src = a.surface();
    blend.src_area = rect(0, 0, 2, 1);
    ASSERT_TRUE(c.draw_alpha_blend(rect(0, 0, 2, 1), Clip::none(), blend));
    EXPECT_EQ(pixels_of(c.surface()), (std::vector<uint32_t>{0x11, 0x22}));
}

TEST(CanvasCopy, CompositeFromItselfReadsThePreviousPixels) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_ARGB, 4, 1);
    for (int x = 0; x < 4; ++x) {
        set_px(canvas.surface(), x, 0, 0xff000000U + static_cast<uint32_t>(x + 1));
    }
    Composite op;
    op.flags = PIXMAN_OP_SRC;
    op.src = canvas.surface();
    op.src_origin = Point16{0, 0};
    ASSERT_TRUE(canvas.draw_composite(rect(1, 0, 4, 1), Clip::none(), op));
    EXPECT_EQ(pixels_of(canvas.surface()),
              (std::vector<uint32_t>{0xff000001U, 0xff000001U, 0xff000002U, 0xff000003U}));
}

TEST(CanvasCopy, ReadAreaCopiesInsideOnly) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_16_555, 4, 4);
    fill_numbered(canvas.surface(), 0);
    auto area = canvas.read_area(rect(1, 2, 3, 4));
    ASSERT_TRUE(area.ok()) << area.message();
    EXPECT_EQ(area->format(), PIXMAN_x1r5g5b5);
    EXPECT_EQ(pixels_of(*area), (std::vector<uint32_t>{0x21, 0x22, 0x31, 0x32}));
    EXPECT_FALSE(canvas.read_area(rect(3, 3, 5, 4)).ok());
    EXPECT_FALSE(canvas.read_area(rect(2, 2, 2, 3)).ok());
}

TEST(CanvasOpaque, PutsSourceThenAppliesBrush) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 2, 1);
    ASSERT_TRUE(canvas.draw_fill(rect(0, 0, 2, 1), Clip::none(),
                                 Fill{Brush::solid(0x00ffffff), SPICE_ROPD_OP_PUT, {}}));
    Opaque opaque;
    opaque.src = image_of(PIXMAN_x8r8g8b8, 2, 1, {0x00ff00ffU, 0x0000ff00U});
    opaque.src_area = rect(0, 0, 2, 1);
    opaque.brush = Brush::solid(0x000f0f0fU);
    opaque.rop_descriptor = SPICE_ROPD_OP_OR;
    ASSERT_TRUE(canvas.draw_opaque(rect(0, 0, 2, 1), Clip::none(), opaque));
    // result = brush OR source; the old destination (white) does not show.
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0x00ff0fffU, 0x000fff0fU}));
}

TEST(CanvasOpaque, InvertedSourceRole) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 1, 1);
    Opaque opaque;
    opaque.src = image_of(PIXMAN_x8r8g8b8, 1, 1, {0x000000ffU});
    opaque.src_area = rect(0, 0, 1, 1);
    opaque.brush = Brush::solid(0x00ffffffU);
    // brush AND NOT source.
    opaque.rop_descriptor = SPICE_ROPD_OP_AND | SPICE_ROPD_INVERS_SRC;
    ASSERT_TRUE(canvas.draw_opaque(rect(0, 0, 1, 1), Clip::none(), opaque));
    EXPECT_EQ(px(canvas.surface(), 0, 0), 0x00ffff00U);
}

}  // namespace
}  // namespace spicedesk::core::canvas::test
