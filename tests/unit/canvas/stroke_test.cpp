// DRAW_STROKE: cosmetic lines as X11 draws zero-width lines (Bresenham; a tie takes the diagonal
// step in octant 1 and the axial step in octant 5, X's default bias), endpoint-exclusive,
// polylines, closing, dashes, beziers, far-away coordinates and malformed paths.

#include "spice-core/canvas/stroke.hpp"

#include <gtest/gtest.h>
#include <spice/enums.h>

#include <set>
#include <utility>

#include "test_util.hpp"

namespace spicedesk::core::canvas::test {
namespace {

constexpr uint32_t L = 0x00ff0000U;

PointFix fx(int x, int y) {
    return PointFix{x * 16, y * 16};
}

Stroke polyline(std::vector<PointFix> points, uint8_t extra_flags = 0) {
    Stroke stroke;
    stroke.path.push_back(PathSegment{
        static_cast<uint8_t>(SPICE_PATH_BEGIN | SPICE_PATH_END | extra_flags), std::move(points)});
    stroke.brush = Brush::solid(L);
    return stroke;
}

std::set<std::pair<int, int>> lit(const Canvas& canvas) {
    std::set<std::pair<int, int>> out;
    for (int y = 0; y < canvas.height(); ++y) {
        for (int x = 0; x < canvas.width(); ++x) {
            if (px(canvas.surface(), x, y) != 0) {
                out.insert({x, y});
            }
        }
    }
    return out;
}

using Pixels = std::set<std::pair<int, int>>;

TEST(CanvasStroke, FixedToIntRoundsHalfDown) {
    EXPECT_EQ(fix_to_int(0x18), 1);    // 1.5
    EXPECT_EQ(fix_to_int(0x19), 2);    // 1.5625
    EXPECT_EQ(fix_to_int(-0x18), -2);  // -1.5
    EXPECT_EQ(fix_to_int(-0x17), -1);  // -1.4375
}

TEST(CanvasStroke, HorizontalAndVerticalLinesExcludeTheirEnd) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 5, 4);
    ASSERT_TRUE(canvas.draw_stroke(rect(0, 0, 5, 4), Clip::none(), polyline({fx(0, 1), fx(4, 1)})));
    EXPECT_EQ(lit(canvas), (Pixels{{0, 1}, {1, 1}, {2, 1}, {3, 1}}));
    Canvas vertical = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 5, 4);
    ASSERT_TRUE(
        vertical.draw_stroke(rect(0, 0, 5, 4), Clip::none(), polyline({fx(2, 3), fx(2, 0)})));
    EXPECT_EQ(lit(vertical), (Pixels{{2, 3}, {2, 2}, {2, 1}}));
}

TEST(CanvasStroke, TiesFollowTheXBias) {
    Canvas forward = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 5, 3);
    ASSERT_TRUE(
        forward.draw_stroke(rect(0, 0, 5, 3), Clip::none(), polyline({fx(0, 0), fx(4, 2)})));
    EXPECT_EQ(lit(forward), (Pixels{{0, 0}, {1, 1}, {2, 1}, {3, 2}}));
    Canvas backward = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 5, 3);
    ASSERT_TRUE(
        backward.draw_stroke(rect(0, 0, 5, 3), Clip::none(), polyline({fx(4, 2), fx(0, 0)})));
    EXPECT_EQ(lit(backward), (Pixels{{4, 2}, {3, 2}, {2, 1}, {1, 1}}));
}

TEST(CanvasStroke, ClosedSquareDrawsEachPerimeterPixelOnce) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 5, 5);
    ASSERT_TRUE(canvas.draw_fill(rect(0, 0, 5, 5), Clip::none(),
                                 Fill{Brush::solid(0x000000ffU), SPICE_ROPD_OP_PUT, {}}));
    Stroke square = polyline({fx(0, 0), fx(3, 0), fx(3, 3), fx(0, 3)}, SPICE_PATH_CLOSE);
    square.fore_mode = SPICE_ROPD_OP_XOR;
    ASSERT_TRUE(canvas.draw_stroke(rect(0, 0, 5, 5), Clip::none(), square));
    Pixels changed;
    for (int y = 0; y < 5; ++y) {
        for (int x = 0; x < 5; ++x) {
            const uint32_t v = px(canvas.surface(), x, y);
            if (v != 0x000000ffU) {
                EXPECT_EQ(v, 0x00ff00ffU) << x << "," << y;  // XORed exactly once
                changed.insert({x, y});
            }
        }
    }
    Pixels perimeter;
    for (int i = 0; i < 4; ++i) {
        perimeter.insert({i, 0});
        perimeter.insert({i, 3});
        perimeter.insert({0, i});
        perimeter.insert({3, i});
    }
    EXPECT_EQ(changed, perimeter);
}

TEST(CanvasStroke, Dashes) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 9, 3);
    Stroke dashed = polyline({fx(0, 0), fx(8, 0)});
    dashed.attr.flags = SPICE_LINE_FLAGS_STYLED;
    dashed.attr.style = {2 * 16, 1 * 16};
    ASSERT_TRUE(canvas.draw_stroke(rect(0, 0, 9, 3), Clip::none(), dashed));
    Stroke gap_first = polyline({fx(0, 1), fx(8, 1)});
    gap_first.attr.flags = SPICE_LINE_FLAGS_STYLED | SPICE_LINE_FLAGS_START_WITH_GAP;
    gap_first.attr.style = {2 * 16, 1 * 16};
    ASSERT_TRUE(canvas.draw_stroke(rect(0, 0, 9, 3), Clip::none(), gap_first));
    // Starting two pixels off the surface: the dash pattern counts the clipped pixels too.
    Stroke clipped = polyline({fx(-2, 2), fx(8, 2)});
    clipped.attr = dashed.attr;
    ASSERT_TRUE(canvas.draw_stroke(rect(0, 0, 9, 3), Clip::none(), clipped));
    EXPECT_EQ(lit(canvas), (Pixels{{0, 0},
                                   {1, 0},
                                   {3, 0},
                                   {4, 0},
                                   {6, 0},
                                   {7, 0},  //
                                   {2, 1},
                                   {5, 1},  //
                                   {1, 2},
                                   {2, 2},
                                   {4, 2},
                                   {5, 2},
                                   {7, 2}}));
}

TEST(CanvasStroke, FlatBezierIsItsChord) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 6, 2);
    Stroke stroke;
    stroke.brush = Brush::solid(L);
    stroke.path.push_back(PathSegment{SPICE_PATH_BEGIN, {fx(0, 0)}});
    stroke.path.push_back(
        PathSegment{SPICE_PATH_BEZIER | SPICE_PATH_END, {fx(1, 0), fx(2, 0), fx(4, 0)}});
    ASSERT_TRUE(canvas.draw_stroke(rect(0, 0, 6, 2), Clip::none(), stroke));
    EXPECT_EQ(lit(canvas), (Pixels{{0, 0}, {1, 0}, {2, 0}, {3, 0}}));
}

TEST(CanvasStroke, CurvedBezierStaysInItsHull) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 20, 20);
    Stroke stroke;
    stroke.brush = Brush::solid(L);
    stroke.path.push_back(PathSegment{SPICE_PATH_BEGIN | SPICE_PATH_BEZIER | SPICE_PATH_END,
                                      {fx(1, 18), fx(1, 1), fx(18, 1), fx(18, 18)}});
    ASSERT_TRUE(canvas.draw_stroke(rect(0, 0, 20, 20), Clip::none(), stroke));
    const Pixels pixels = lit(canvas);
    EXPECT_TRUE(pixels.count({1, 18}) == 1);   // the start
    EXPECT_TRUE(pixels.count({18, 18}) == 0);  // the end is excluded
    EXPECT_GT(pixels.size(), 30U);
    for (const auto& [x, y] : pixels) {
        EXPECT_TRUE(x >= 1 && x <= 18 && y >= 1 && y <= 18) << x << "," << y;
    }
}

TEST(CanvasStroke, FarAwayEndpointsAreClippedCheaply) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 16, 3);
    const int32_t far = 1 << 30;  // 2^26 pixels in 28.4
    ASSERT_TRUE(canvas.draw_stroke(rect(-far, -far, far, far), Clip::none(),
                                   polyline({PointFix{-far, 1 * 16}, PointFix{far, 1 * 16}})));
    Pixels row;
    for (int x = 0; x < 16; ++x) {
        row.insert({x, 1});
    }
    EXPECT_EQ(lit(canvas), row);
}

TEST(CanvasStroke, ClipAndPatternBrush) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 1);
    Stroke stroke = polyline({fx(0, 0), fx(4, 0)});
    stroke.brush = Brush::tiled(image_of(PIXMAN_x8r8g8b8, 2, 1, {0x11, 0x22}), Point{0, 0});
    ASSERT_TRUE(canvas.draw_stroke(rect(0, 0, 4, 1), Clip::from_rects({rect(1, 0, 3, 1)}), stroke));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0, 0x22, 0x11, 0}));
}

TEST(CanvasStroke, PathsThatFlattenToTooManyPointsAreRefused) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 4);
    Stroke stroke;
    stroke.brush = Brush::solid(L);
    PathSegment seg{SPICE_PATH_BEGIN | SPICE_PATH_BEZIER | SPICE_PATH_END, {fx(0, 0)}};
    const int32_t far = 1 << 30;
    for (int i = 0; i < 2000; ++i) {  // wide loops: each flattens to hundreds of points
        seg.points.push_back(PointFix{far, 0});
        seg.points.push_back(PointFix{far, far});
        seg.points.push_back(PointFix{0, 0});
    }
    stroke.path.push_back(seg);
    const auto status = canvas.draw_stroke(rect(0, 0, 4, 4), Clip::none(), stroke);
    EXPECT_FALSE(status.ok());
    EXPECT_NE(status.message().find("more than"), std::string::npos) << status.message();
    EXPECT_TRUE(lit(canvas).empty());
}

TEST(CanvasStroke, MalformedPathsDrawNothing) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 4);
    Stroke stroke = polyline({fx(0, 0), fx(3, 0)});
    stroke.path.push_back(PathSegment{SPICE_PATH_BEGIN, {}});
    EXPECT_FALSE(canvas.draw_stroke(rect(0, 0, 4, 4), Clip::none(), stroke).ok());
    Stroke bezier = polyline({fx(0, 0), fx(3, 0)});
    bezier.path.push_back(PathSegment{SPICE_PATH_BEZIER, {fx(1, 1), fx(2, 2)}});
    EXPECT_FALSE(canvas.draw_stroke(rect(0, 0, 4, 4), Clip::none(), bezier).ok());
    EXPECT_TRUE(lit(canvas).empty());
}

}  // namespace
}  // namespace spicedesk::core::canvas::test
