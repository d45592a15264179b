// DRAW_TRANSPARENT (color key), DRAW_ALPHA_BLEND (global alpha, source alpha, destination alpha)
// and DRAW_COMPOSITE (pixman operators, masks, transforms), with hand-computed blends.

#include <gtest/gtest.h>
#include <spice/enums.h>

#include "test_util.hpp"

namespace spicedesk::core::canvas::test {
namespace {

TEST(CanvasTransparent, ColorKeyComparesRgbOnly) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 1);
    for (int x = 0; x < 4; ++x) {
        set_px(canvas.surface(), x, 0, 0x00555555U);
    }
    Transparent op;
    // The second pixel differs from the key only in its unused byte: still transparent.
    op.src = image_of(PIXMAN_x8r8g8b8, 4, 1, {0x00ff00ffU, 0xabff00ffU, 0x00123456U, 0x00ff00feU});
    op.src_area = rect(0, 0, 4, 1);
    op.true_color = 0x00ff00ffU;
    ASSERT_TRUE(canvas.draw_transparent(rect(0, 0, 4, 1), Clip::none(), op));
    EXPECT_EQ(pixels_of(canvas.surface()),
              (std::vector<uint32_t>{0x00555555U, 0x00555555U, 0x00123456U, 0x00ff00feU}));
}

TEST(CanvasTransparent, SixteenBitKeyAndScaling) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_16_555, 4, 1);
    Transparent op;
    op.src = image_of(PIXMAN_x1r5g5b5, 2, 1, {0x7c00, 0x001f});
    op.src_area = rect(0, 0, 2, 1);
    op.true_color = 0x00ff0000U;  // red, which is 0x7c00 in 555
    ASSERT_TRUE(canvas.draw_transparent(rect(0, 0, 4, 1), Clip::none(), op));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0, 0, 0x001f, 0x001f}));
}

TEST(CanvasAlphaBlend, GlobalAlphaOnOpaqueSource) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 2, 1);
    for (int x = 0; x < 2; ++x) {
        set_px(canvas.surface(), x, 0, 0x000000ffU);
    }
    AlphaBlend op;
    op.alpha = 0x80;
    op.src = image_of(PIXMAN_x8r8g8b8, 1, 1, {0x00ff0000U});
    op.src_area = rect(0, 0, 1, 1);
    ASSERT_TRUE(canvas.draw_alpha_blend(rect(1, 0, 2, 1), Clip::none(), op));
    // red: 255 * 128 / 255 = 0x80; blue: 255 * 127 / 255 = 0x7f; the unused byte stays clear.
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0x000000ffU, 0x0080007fU}));
}

TEST(CanvasAlphaBlend, SourceAlphaAndZeroAlpha) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 2, 1);
    for (int x = 0; x < 2; ++x) {
        set_px(canvas.surface(), x, 0, 0x000000ffU);
    }
    AlphaBlend op;
    op.alpha = 0xff;
    // Premultiplied half-transparent red, then a fully transparent pixel.
    op.src = image_of(PIXMAN_a8r8g8b8, 2, 1, {0x80800000U, 0x00000000U});
    op.src_area = rect(0, 0, 2, 1);
    ASSERT_TRUE(canvas.draw_alpha_blend(rect(0, 0, 2, 1), Clip::none(), op));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0x0080007fU, 0x000000ffU}));
    op.alpha = 0;
    op.src = image_of(PIXMAN_x8r8g8b8, 2, 1, {0x00ffffffU, 0x00ffffffU});
    ASSERT_TRUE(canvas.draw_alpha_blend(rect(0, 0, 2, 1), Clip::none(), op));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0x0080007fU, 0x000000ffU}));
}

TEST(CanvasAlphaBlend, SurfaceAlphaFlags) {
    // An xRGB source surface whose unused byte holds alpha, used only with SRC_SURFACE_HAS_ALPHA.
    Image src = image_of(PIXMAN_x8r8g8b8, 1, 1, {0x00000000U});
    Canvas with = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 1, 1);
    Canvas without = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 1, 1);
    set_px(with.surface(), 0, 0, 0x00ffffffU);
    set_px(without.surface(), 0, 0, 0x00ffffffU);
    AlphaBlend op;
    op.src = src;
    op.src_area = rect(0, 0, 1, 1);
    op.alpha_flags = SPICE_ALPHA_FLAGS_SRC_SURFACE_HAS_ALPHA;
    ASSERT_TRUE(with.draw_alpha_blend(rect(0, 0, 1, 1), Clip::none(), op));
    EXPECT_EQ(px(with.surface(), 0, 0), 0x00ffffffU);  // alpha 0: nothing shows
    op.alpha_flags = 0;
    ASSERT_TRUE(without.draw_alpha_blend(rect(0, 0, 1, 1), Clip::none(), op));
    EXPECT_EQ(px(without.surface(), 0, 0), 0x00000000U);  // opaque black

    // DEST_HAS_ALPHA: the destination's unused byte is its alpha, and is written.
    Canvas dest = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 1, 1);
    AlphaBlend half;
    half.alpha_flags = SPICE_ALPHA_FLAGS_DEST_HAS_ALPHA;
    half.src = image_of(PIXMAN_a8r8g8b8, 1, 1, {0x80008000U});
    half.src_area = rect(0, 0, 1, 1);
    ASSERT_TRUE(dest.draw_alpha_blend(rect(0, 0, 1, 1), Clip::none(), half));
    EXPECT_EQ(px(dest.surface(), 0, 0), 0x80008000U);
}

TEST(CanvasAlphaBlend, ScaledSource) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 1);
    AlphaBlend op;
    op.src = image_of(PIXMAN_x8r8g8b8, 2, 1, {0x00000011U, 0x00000022U});
    op.src_area = rect(0, 0, 2, 1);
    ASSERT_TRUE(canvas.draw_alpha_blend(rect(0, 0, 4, 1), Clip::none(), op));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0x11, 0x11, 0x22, 0x22}));
}

uint32_t composite_flags(pixman_op_t op, uint32_t extra = 0) {
    return static_cast<uint32_t>(op) | extra;
}

TEST(CanvasComposite, SrcOverAndMask) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_ARGB, 3, 1);
    for (int x = 0; x < 3; ++x) {
        set_px(canvas.surface(), x, 0, 0xff0000ffU);
    }
    Composite op;
    op.flags = composite_flags(PIXMAN_OP_SRC);
    op.src = image_of(PIXMAN_a8r8g8b8, 3, 1, {0x80800000U, 0xff00ff00U, 0x00000000U});
    ASSERT_TRUE(canvas.draw_composite(rect(0, 0, 2, 1), Clip::none(), op));
    EXPECT_EQ(pixels_of(canvas.surface()),
              (std::vector<uint32_t>{0x80800000U, 0xff00ff00U, 0xff0000ffU}));

    // OVER through an a8 mask of 0x80: white source at half coverage on opaque blue.
    op.flags = composite_flags(PIXMAN_OP_OVER, SPICE_COMPOSITE_HAS_MASK);
    op.src = image_of(PIXMAN_a8r8g8b8, 1, 1, {0xffffffffU});
    op.flags |= 1U << 14;  // SRC_REPEAT = NORMAL
    op.mask = image_of(PIXMAN_a8, 1, 1, {0x80});
    op.flags |= 1U << 16;  // MASK_REPEAT = NORMAL
    ASSERT_TRUE(canvas.draw_composite(rect(2, 0, 3, 1), Clip::none(), op));
    // r, g: 255 * 0x80 / 255 = 0x80; b: 0x80 + 255 * 0x7f / 255 = 0xff; alpha 0xff.
    EXPECT_EQ(px(canvas.surface(), 2, 0), 0xff8080ffU);
}

TEST(CanvasComposite, OriginAndTranslateTransform) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_ARGB, 2, 1);
    Image src =
        image_of(PIXMAN_a8r8g8b8, 4, 1, {0xff000001U, 0xff000002U, 0xff000003U, 0xff000004U});
    Composite op;
    op.flags = composite_flags(PIXMAN_OP_SRC);
    op.src = src;
    op.src_origin = Point16{1, 0};
    ASSERT_TRUE(canvas.draw_composite(rect(0, 0, 2, 1), Clip::none(), op));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0xff000002U, 0xff000003U}));
    // A transform that translates by one more pixel.
    op.flags |= SPICE_COMPOSITE_HAS_SRC_TRANSFORM;
    op.src_transform.t02 = 0x10000;
    ASSERT_TRUE(canvas.draw_composite(rect(0, 0, 2, 1), Clip::none(), op));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0xff000003U, 0xff000004U}));
}

TEST(CanvasComposite, SourceOpaqueAndRejectedParameters) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_ARGB, 1, 1);
    Composite op;
    op.flags = composite_flags(PIXMAN_OP_SRC, SPICE_COMPOSITE_SOURCE_OPAQUE);
    op.src = image_of(PIXMAN_a8r8g8b8, 1, 1, {0x00123456U});
    ASSERT_TRUE(canvas.draw_composite(rect(0, 0, 1, 1), Clip::none(), op));
    EXPECT_EQ(px(canvas.surface(), 0, 0), 0xff123456U);

    Composite bad = op;
    bad.flags = 0x0e;  // not a pixman operator
    EXPECT_FALSE(canvas.draw_composite(rect(0, 0, 1, 1), Clip::none(), bad).ok());
    bad.flags = composite_flags(PIXMAN_OP_SRC) | (5U << 8);  // convolution filter, no params
    EXPECT_FALSE(canvas.draw_composite(rect(0, 0, 1, 1), Clip::none(), bad).ok());
    bad.flags = composite_flags(PIXMAN_OP_SRC, SPICE_COMPOSITE_HAS_MASK);  // mask missing
    EXPECT_FALSE(canvas.draw_composite(rect(0, 0, 1, 1), Clip::none(), bad).ok());
    EXPECT_EQ(px(canvas.surface(), 0, 0), 0xff123456U);
}

// Found by the fuzzer: an "opaque" view of an alpha-only format is no valid pixman format; the
// flag is ignored there instead of crashing pixman.
TEST(CanvasComposite, OpaqueFlagsOnAlphaOnlyFormats) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_8_A, 2, 1);
    Composite op;
    op.flags =
        composite_flags(PIXMAN_OP_SRC, SPICE_COMPOSITE_DEST_OPAQUE | SPICE_COMPOSITE_SOURCE_OPAQUE);
    op.src = image_of(PIXMAN_a8, 2, 1, {0x40, 0x80});
    ASSERT_TRUE(canvas.draw_composite(rect(0, 0, 2, 1), Clip::none(), op));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0x40, 0x80}));
}

}  // namespace
}  // namespace spicedesk::core::canvas::test
