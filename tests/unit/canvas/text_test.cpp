// DRAW_TEXT: raster glyphs (1, 4 and 8 bits) at known positions, bottom-up and top-down rows,
// back area, clipping at the surface edge and by clip rects, malformed glyphs.

#include <gtest/gtest.h>
#include <spice/enums.h>

#include "test_util.hpp"

namespace spicedesk::core::canvas::test {
namespace {

constexpr uint32_t W = 0x00ffffffU;

RasterGlyph glyph(Point render_pos, Point origin, uint16_t width, uint16_t height,
                  std::vector<uint8_t> data) {
    RasterGlyph g;
    g.render_pos = render_pos;
    g.glyph_origin = origin;
    g.width = width;
    g.height = height;
    g.data = std::move(data);
    return g;
}

Text white_text(uint8_t flags, std::vector<RasterGlyph> glyphs) {
    Text text;
    text.str.flags = flags;
    text.str.glyphs = std::move(glyphs);
    text.fore_brush = Brush::solid(W);
    return text;
}

// Top row "101", bottom row "011", stored bottom row first, MSB = leftmost pixel.
const std::vector<uint8_t> kBottomUp = {0x60, 0xa0};

TEST(CanvasText, OneBitGlyphBottomUpRows) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 5, 4);
    ASSERT_TRUE(canvas.draw_text(rect(0, 0, 5, 4), Clip::none(),
                                 white_text(SPICE_STRING_FLAGS_RASTER_A1,
                                            {glyph(Point{1, 1}, Point{0, 0}, 3, 2, kBottomUp)})));
    const std::vector<uint32_t> expected = {
        0, 0, 0, 0, 0,  //
        0, W, 0, W, 0,  //
        0, 0, W, W, 0,  //
        0, 0, 0, 0, 0,
    };
    EXPECT_EQ(pixels_of(canvas.surface()), expected);
}

TEST(CanvasText, TopDownFlagIsIgnoredAsByTheReferenceAndGlyphOrigin) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 5, 4);
    // render_pos + origin = (1, 0). The rows are still read bottom row first with
    // RASTER_TOP_DOWN set: spice-common's canvas_put_glyph_bits ignores the flag.
    ASSERT_TRUE(canvas.draw_text(
        rect(0, 0, 5, 4), Clip::none(),
        white_text(SPICE_STRING_FLAGS_RASTER_A1 | SPICE_STRING_FLAGS_RASTER_TOP_DOWN,
                   {glyph(Point{2, 2}, Point{-1, -2}, 3, 2, kBottomUp)})));
    const std::vector<uint32_t> expected = {
        0, W, 0, W, 0,  //
        0, 0, W, W, 0,  //
        0, 0, 0, 0, 0,  //
        0, 0, 0, 0, 0,
    };
    EXPECT_EQ(pixels_of(canvas.surface()), expected);
}

TEST(CanvasText, FourAndEightBitCoverage) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 1);
    // A4: nibbles F and 8 give coverage 0xf0 and 0x80 (v << 4, as spice-common).
    ASSERT_TRUE(canvas.draw_text(
        rect(0, 0, 4, 1), Clip::none(),
        white_text(SPICE_STRING_FLAGS_RASTER_A4, {glyph(Point{0, 0}, Point{0, 0}, 2, 1, {0xf8})})));
    ASSERT_TRUE(
        canvas.draw_text(rect(0, 0, 4, 1), Clip::none(),
                         white_text(SPICE_STRING_FLAGS_RASTER_A8,
                                    {glyph(Point{2, 0}, Point{0, 0}, 2, 1, {0x40, 0xff})})));
    EXPECT_EQ(pixels_of(canvas.surface()),
              (std::vector<uint32_t>{0x00f0f0f0U, 0x00808080U, 0x00404040U, W}));
}

TEST(CanvasText, OverlappingGlyphsTakeTheMaximum) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 2, 1);
    ASSERT_TRUE(
        canvas.draw_text(rect(0, 0, 2, 1), Clip::none(),
                         white_text(SPICE_STRING_FLAGS_RASTER_A8,
                                    {glyph(Point{0, 0}, Point{0, 0}, 2, 1, {0x40, 0x80}),
                                     glyph(Point{0, 0}, Point{0, 0}, 2, 1, {0x80, 0x40})})));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0x00808080U, 0x00808080U}));
}

TEST(CanvasText, BackAreaThenGlyphs) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 2);
    Text text =
        white_text(SPICE_STRING_FLAGS_RASTER_A1, {glyph(Point{1, 0}, Point{0, 0}, 2, 1, {0x80})});
    text.back_area = rect(0, 0, 3, 1);
    text.back_brush = Brush::solid(0x000000ffU);
    ASSERT_TRUE(canvas.draw_text(rect(0, 0, 4, 2), Clip::none(), text));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0xff, W, 0xff, 0, 0, 0, 0, 0}));
}

TEST(CanvasText, ClippedByClipAndSurfaceEdge) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 3, 1);
    // An 8-pixel all-set glyph starting at x = -2: columns 2..4 would land on x 0..2.
    Text text =
        white_text(SPICE_STRING_FLAGS_RASTER_A1, {glyph(Point{-2, 0}, Point{0, 0}, 8, 1, {0xff})});
    ASSERT_TRUE(canvas.draw_text(rect(-10, 0, 10, 1), Clip::from_rects({rect(1, 0, 10, 1)}), text));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0, W, W}));
}

TEST(CanvasText, SixteenBitSurface) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_16_555, 2, 1);
    Text text =
        white_text(SPICE_STRING_FLAGS_RASTER_A1, {glyph(Point{0, 0}, Point{0, 0}, 2, 1, {0x40})});
    text.fore_brush = Brush::solid(0x7c00);  // red in 555
    ASSERT_TRUE(canvas.draw_text(rect(0, 0, 2, 1), Clip::none(), text));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0, 0x7c00}));
}

TEST(CanvasText, MalformedGlyphsAreRejectedBeforeDrawing) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 2);
    Text text = white_text(SPICE_STRING_FLAGS_RASTER_A1,
                           {glyph(Point{0, 0}, Point{0, 0}, 9, 2, {0xff, 0xff, 0xff})});
    text.back_area = rect(0, 0, 4, 2);
    text.back_brush = Brush::solid(0x000000ffU);
    auto status = canvas.draw_text(rect(0, 0, 4, 2), Clip::none(), text);
    EXPECT_FALSE(status.ok());
    EXPECT_NE(status.message().find("glyph 0"), std::string::npos) << status.message();
    text.str.flags = SPICE_STRING_FLAGS_RASTER_A1 | SPICE_STRING_FLAGS_RASTER_A8;
    EXPECT_FALSE(canvas.draw_text(rect(0, 0, 4, 2), Clip::none(), text).ok());
    EXPECT_EQ(pixels_of(canvas.surface()), std::vector<uint32_t>(8, 0));
}

}  // namespace
}  // namespace spicedesk::core::canvas::test
