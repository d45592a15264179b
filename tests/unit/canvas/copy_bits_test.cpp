// COPY_BITS: overlapping moves in every direction must read the surface as it was before the
// move; clips and sources partly off the surface.

#include <gtest/gtest.h>
#include <spice/enums.h>

#include "test_util.hpp"

namespace spicedesk::core::canvas::test {
namespace {

constexpr int kSize = 8;

// The expected surface after moving box from src_pos, computed from a snapshot.
std::vector<uint32_t> moved(const std::vector<uint32_t>& before, Rect box, Point src,
                            const std::vector<Rect>& clip = {}) {
    std::vector<uint32_t> after = before;
    for (int y = box.top; y < box.bottom; ++y) {
        for (int x = box.left; x < box.right; ++x) {
            if (x < 0 || y < 0 || x >= kSize || y >= kSize) {
                continue;
            }
            bool inside_clip = clip.empty();
            for (const Rect& r : clip) {
                inside_clip |= x >= r.left && x < r.right && y >= r.top && y < r.bottom;
            }
            const int sx = x - box.left + src.x;
            const int sy = y - box.top + src.y;
            if (!inside_clip || sx < 0 || sy < 0 || sx >= kSize || sy >= kSize) {
                continue;
            }
            after[static_cast<size_t>(y * kSize + x)] =
                before[static_cast<size_t>(sy * kSize + sx)];
        }
    }
    return after;
}

struct Move {
    const char* name;
    Rect box;
    Point src;
};

TEST(CanvasCopyBits, OverlappingMovesInEveryDirection) {
    const Move moves[] = {
        {"right", rect(2, 1, 8, 7), Point{0, 1}},      {"left", rect(0, 1, 6, 7), Point{2, 1}},
        {"down", rect(1, 3, 7, 8), Point{1, 0}},       {"up", rect(1, 0, 7, 5), Point{1, 3}},
        {"down-right", rect(1, 1, 8, 8), Point{0, 0}}, {"up-left", rect(0, 0, 7, 7), Point{1, 1}},
        {"down-left", rect(0, 2, 6, 8), Point{2, 0}},  {"up-right", rect(3, 0, 8, 5), Point{0, 3}},
    };
    for (const Move& move : moves) {
        Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, kSize, kSize);
        fill_numbered(canvas.surface());
        const auto before = pixels_of(canvas.surface());
        ASSERT_TRUE(canvas.copy_bits(move.box, Clip::none(), move.src)) << move.name;
        EXPECT_EQ(pixels_of(canvas.surface()), moved(before, move.box, move.src)) << move.name;
    }
}

TEST(CanvasCopyBits, ScrollByOneLineLikeATerminal) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, kSize, kSize);
    fill_numbered(canvas.surface());
    ASSERT_TRUE(canvas.copy_bits(rect(0, 0, 8, 7), Clip::none(), Point{0, 1}));
    for (int y = 0; y < 7; ++y) {
        for (int x = 0; x < kSize; ++x) {
            ASSERT_EQ(px(canvas.surface(), x, y),
                      0x00100000U + static_cast<uint32_t>((y + 1) * 16 + x));
        }
    }
    EXPECT_EQ(px(canvas.surface(), 3, 7), 0x00100000U + 7 * 16 + 3);
}

TEST(CanvasCopyBits, ClipWithSeveralRectsOverlappingTheSource) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, kSize, kSize);
    fill_numbered(canvas.surface());
    const auto before = pixels_of(canvas.surface());
    const std::vector<Rect> clip = {rect(1, 1, 4, 4), rect(4, 4, 8, 8), rect(1, 6, 3, 8)};
    ASSERT_TRUE(canvas.copy_bits(rect(1, 1, 8, 8), Clip::from_rects(clip), Point{0, 0}));
    EXPECT_EQ(pixels_of(canvas.surface()), moved(before, rect(1, 1, 8, 8), Point{0, 0}, clip));
}

TEST(CanvasCopyBits, HorizontalMovesWithSeveralBoxesInOneBand) {
    const std::vector<Rect> clip = {rect(0, 2, 3, 5), rect(4, 2, 8, 5)};
    const Move moves[] = {
        {"right", rect(1, 2, 8, 5), Point{0, 2}},
        {"left", rect(0, 2, 7, 5), Point{1, 2}},
    };
    for (const Move& move : moves) {
        for (uint32_t format : {SPICE_SURFACE_FMT_32_xRGB, SPICE_SURFACE_FMT_1_A}) {
            Canvas canvas = make_canvas(format, kSize, kSize);
            fill_numbered(canvas.surface(), 0x00100003U);  // a1 keeps the low bit: a 1010 pattern
            const auto before = pixels_of(canvas.surface());
            ASSERT_TRUE(canvas.copy_bits(move.box, Clip::from_rects(clip), move.src)) << move.name;
            EXPECT_EQ(pixels_of(canvas.surface()), moved(before, move.box, move.src, clip))
                << move.name << " format " << format;
        }
    }
}

TEST(CanvasCopyBits, SourcePartlyOffTheSurfaceMovesOnlyWhatExists) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, kSize, kSize);
    fill_numbered(canvas.surface());
    const auto before = pixels_of(canvas.surface());
    ASSERT_TRUE(canvas.copy_bits(rect(0, 0, 4, 4), Clip::none(), Point{-2, 6}));
    EXPECT_EQ(pixels_of(canvas.surface()), moved(before, rect(0, 0, 4, 4), Point{-2, 6}));
}

TEST(CanvasCopyBits, SixteenBitAndOneBitSurfaces) {
    Canvas c16 = make_canvas(SPICE_SURFACE_FMT_16_555, 4, 1);
    for (int x = 0; x < 4; ++x) {
        set_px(c16.surface(), x, 0, static_cast<uint32_t>(x + 1));
    }
    ASSERT_TRUE(c16.copy_bits(rect(1, 0, 4, 1), Clip::none(), Point{0, 0}));
    EXPECT_EQ(pixels_of(c16.surface()), (std::vector<uint32_t>{1, 1, 2, 3}));

    Canvas a1 = make_canvas(SPICE_SURFACE_FMT_1_A, 40, 1);
    set_px(a1.surface(), 0, 0, 1);
    set_px(a1.surface(), 33, 0, 1);
    ASSERT_TRUE(a1.copy_bits(rect(2, 0, 40, 1), Clip::none(), Point{0, 0}));
    for (int x = 0; x < 40; ++x) {
        EXPECT_EQ(px(a1.surface(), x, 0), (x == 0 || x == 2 || x == 35) ? 1U : 0U) << x;
    }
}

}  // namespace
}  // namespace spicedesk::core::canvas::test
