// Hostile geometry: negative, huge, inverted and overflowing boxes, clips, masks, source areas,
// pattern and glyph positions and paths, on surfaces framed by guard bytes. Nothing outside a
// surface may change and nothing may crash (run under ASan/UBSan in the sanitizer build).

#include <gtest/gtest.h>
#include <spice/enums.h>

#include <climits>
#include <optional>
#include <vector>

#include "test_util.hpp"

namespace spicedesk::core::canvas::test {
namespace {

constexpr uint8_t kGuard = 0xab;
constexpr int kGuardRows = 4;
constexpr int kSize = 8;

// A kSize x kSize surface in the middle of a guarded buffer: guard rows above and below, and
// guard bytes at the end of every row (the stride is wider than the pixels).
class GuardedSurface {
  public:
    explicit GuardedSurface(pixman_format_code_t format) : format_(format) {
        const int bpp = static_cast<int>(PIXMAN_FORMAT_BPP(format));
        stride_ = ((kSize * bpp + 31) / 32) * 4 + 16;
        buffer_.assign(static_cast<size_t>(stride_) * (kSize + 2 * kGuardRows), kGuard);
        pixman_image_t* image = pixman_image_create_bits(
            format, kSize, kSize, reinterpret_cast<uint32_t*>(pixels()), stride_);
        auto canvas = Canvas::wrap(Image::adopt(image));
        EXPECT_TRUE(canvas.ok()) << canvas.message();
        canvas_.emplace(std::move(*canvas));
    }

    Canvas& canvas() { return *canvas_; }

    uint8_t* pixels() { return buffer_.data() + static_cast<size_t>(stride_) * kGuardRows; }

    // Every byte outside the surface's pixels still holds the guard value.
    bool guards_intact() const {
        const int bpp = static_cast<int>(PIXMAN_FORMAT_BPP(format_));
        const size_t used = static_cast<size_t>((kSize * bpp + 7) / 8);
        for (size_t i = 0; i < buffer_.size(); ++i) {
            const size_t row = i / static_cast<size_t>(stride_);
            const size_t col = i % static_cast<size_t>(stride_);
            const bool inside = row >= kGuardRows && row < kGuardRows + kSize && col < used;
            if (!inside && buffer_[i] != kGuard) {
                return false;
            }
        }
        return true;
    }

  private:
    pixman_format_code_t format_;
    int stride_ = 0;
    std::vector<uint8_t> buffer_;
    std::optional<Canvas> canvas_;
};

std::vector<Rect> hostile_rects() {
    return {
        rect(INT_MIN, INT_MIN, INT_MAX, INT_MAX),
        rect(-5, -5, 3, 3),
        rect(6, 6, 100, 100),
        rect(5, 5, 2, 2),  // inverted
        rect(INT_MAX - 1, INT_MAX - 1, INT_MAX, INT_MAX),
        rect(-100, -100, -50, -50),
        rect(INT_MIN, 0, INT_MIN + 4, 4),
        rect(0, 0, kSize, kSize),
        rect(3, INT_MIN, 4, INT_MAX),
    };
}

std::vector<Point> hostile_points() {
    return {Point{0, 0},
            Point{-3, 2},
            Point{INT_MIN, INT_MIN},
            Point{INT_MAX, INT_MAX},
            Point{INT_MAX, 0},
            Point{5, 7},
            Point{-7, -7}};
}

std::vector<Clip> hostile_clips() {
    return {Clip::none(), Clip::from_rects({rect(INT_MIN, INT_MIN, INT_MAX, INT_MAX)}),
            Clip::from_rects({rect(5, 5, 1, 1), rect(-3, -3, 2, 2), rect(7, 0, INT_MAX, 3)})};
}

void run_everything(Canvas& canvas) {
    const Image pattern = image_of(PIXMAN_x8r8g8b8, 3, 2, {1, 2, 3, 4, 5, 6});
    const Image source = image_of(PIXMAN_a8r8g8b8, 5, 5, std::vector<uint32_t>(25, 0x80402010U));
    const Image mask = mask_of({"101", "010"});
    for (const Rect& box : hostile_rects()) {
        for (const Clip& clip : hostile_clips()) {
            for (const Point& pos : hostile_points()) {
                Fill fill;
                fill.brush = Brush::tiled(pattern, pos);
                fill.rop_descriptor = SPICE_ROPD_OP_XOR;
                fill.mask = QMask{SPICE_MASK_FLAGS_INVERS, pos, mask};
                (void)canvas.draw_fill(box, clip, fill);
                (void)canvas.draw_invers(box, clip, Invers{QMask{0, pos, mask}});
                (void)canvas.copy_bits(box, clip, pos);
                for (const Rect& area : hostile_rects()) {
                    Copy copy;
                    copy.src = source;
                    copy.src_area = area;
                    copy.rop_descriptor = SPICE_ROPD_OP_OR;
                    (void)canvas.draw_copy(box, clip, copy);
                    copy.src = canvas.surface();  // the surface onto itself
                    (void)canvas.draw_copy(box, clip, copy);
                    Rop3 rop3;
                    rop3.src = source;
                    rop3.src_area = area;
                    rop3.brush = Brush::tiled(pattern, pos);
                    rop3.rop3 = 0x96;
                    (void)canvas.draw_rop3(box, clip, rop3);
                    Opaque opaque;
                    opaque.src = source;
                    opaque.src_area = area;
                    opaque.brush = Brush::solid(7);
                    opaque.rop_descriptor = SPICE_ROPD_OP_AND;
                    (void)canvas.draw_opaque(box, clip, opaque);
                    (void)canvas.draw_transparent(box, clip,
                                                  Transparent{source, area, 0, 0x402010});
                    (void)canvas.draw_alpha_blend(box, clip, AlphaBlend{0, 0x80, source, area});
                }
            }
        }
    }
}

void run_text_stroke_composite(Canvas& canvas) {
    for (const Rect& box : hostile_rects()) {
        for (const Point& pos : hostile_points()) {
            Text text;
            text.str.flags = SPICE_STRING_FLAGS_RASTER_A4;
            RasterGlyph g;
            g.render_pos = pos;
            g.glyph_origin = Point{-3, -1};
            g.width = 5;
            g.height = 3;
            g.data = std::vector<uint8_t>(9, 0xff);
            text.str.glyphs = {g, g};
            text.str.glyphs[1].glyph_origin = Point{INT_MAX, INT_MIN};
            text.fore_brush = Brush::solid(0x00ffffff);
            text.back_area = box;
            text.back_brush = Brush::solid(0x10);
            (void)canvas.draw_text(box, Clip::none(), text);
            RasterGlyph huge = g;
            huge.width = 65535;
            huge.height = 65535;  // data far too short: rejected
            text.str.glyphs = {huge};
            (void)canvas.draw_text(box, Clip::none(), text);

            Stroke stroke;
            stroke.brush = Brush::solid(0x123);
            stroke.fore_mode = SPICE_ROPD_OP_XOR;
            stroke.attr.flags = SPICE_LINE_FLAGS_STYLED;
            stroke.attr.style = {INT_MAX, 0, -16, 32};
            stroke.path.push_back(
                PathSegment{SPICE_PATH_BEGIN | SPICE_PATH_END | SPICE_PATH_CLOSE,
                            {PointFix{pos.x, pos.y}, PointFix{INT_MIN, INT_MAX},
                             PointFix{INT_MAX, INT_MAX}, PointFix{5 * 16, 5 * 16}}});
            stroke.path.push_back(
                PathSegment{SPICE_PATH_BEGIN | SPICE_PATH_BEZIER | SPICE_PATH_END,
                            {PointFix{0, 0}, PointFix{INT_MIN, 0}, PointFix{INT_MAX, INT_MAX},
                             PointFix{pos.x, pos.y}}});
            (void)canvas.draw_stroke(box, Clip::none(), stroke);

            Composite op;
            op.flags = static_cast<uint32_t>(PIXMAN_OP_OVER) | SPICE_COMPOSITE_HAS_MASK |
                       SPICE_COMPOSITE_HAS_SRC_TRANSFORM | SPICE_COMPOSITE_HAS_MASK_TRANSFORM |
                       (1U << 8) | (1U << 14) | (3U << 16);
            op.src = image_of(PIXMAN_a8r8g8b8, 2, 2, {1, 2, 3, 4});
            op.mask = image_of(PIXMAN_a8, 2, 2, {0x10, 0x20, 0x30, 0x40});
            op.src_transform = Transform{0x7fffffffU, 0x80000000U, static_cast<uint32_t>(pos.x),
                                         3,           0xffffffffU, static_cast<uint32_t>(pos.y)};
            op.mask_transform = Transform{0, 0, 0, 0, 0, 0};
            op.src_origin = Point16{INT16_MIN, INT16_MAX};
            op.mask_origin = Point16{INT16_MAX, INT16_MIN};
            (void)canvas.draw_composite(box, Clip::none(), op);
            op.flags &= ~(SPICE_COMPOSITE_HAS_SRC_TRANSFORM | SPICE_COMPOSITE_HAS_MASK_TRANSFORM);
            op.src = canvas.surface();
            (void)canvas.draw_composite(box, Clip::none(), op);
        }
    }
}

class CanvasBounds : public ::testing::TestWithParam<pixman_format_code_t> {};

TEST_P(CanvasBounds, HostileGeometryStaysInsideTheSurface) {
    GuardedSurface surface(GetParam());
    run_everything(surface.canvas());
    EXPECT_TRUE(surface.guards_intact());
    run_text_stroke_composite(surface.canvas());
    EXPECT_TRUE(surface.guards_intact());
}

INSTANTIATE_TEST_SUITE_P(Formats, CanvasBounds,
                         ::testing::Values(PIXMAN_x8r8g8b8, PIXMAN_a8r8g8b8, PIXMAN_x1r5g5b5,
                                           PIXMAN_r5g6b5, PIXMAN_a8, PIXMAN_a1));

TEST(CanvasBoundsExact, DrawsEntirelyOffTheSurfaceChangeNothing) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, kSize, kSize);
    fill_numbered(canvas.surface());
    const auto before = pixels_of(canvas.surface());
    const Rect off[] = {rect(-100, -100, -50, -50), rect(kSize, 0, INT_MAX, kSize),
                        rect(INT_MIN, INT_MIN, INT_MIN + 1, INT_MIN + 1), rect(5, 5, 2, 2)};
    for (const Rect& box : off) {
        Fill fill;
        fill.brush = Brush::solid(0xffffff);
        EXPECT_TRUE(canvas.draw_fill(box, Clip::none(), fill).ok());
        EXPECT_TRUE(canvas.draw_whiteness(box, Clip::none(), Whiteness{}).ok());
        EXPECT_TRUE(canvas.copy_bits(box, Clip::none(), Point{0, 0}).ok());
    }
    // A source area entirely outside its image (unscaled) draws nothing.
    Copy copy;
    copy.src = image_of(PIXMAN_x8r8g8b8, 2, 2, {9, 9, 9, 9});
    copy.src_area = rect(10, 10, 14, 14);
    EXPECT_TRUE(canvas.draw_copy(rect(0, 0, 4, 4), Clip::none(), copy).ok());
    // A mask placed entirely away from the box draws nothing.
    Fill masked;
    masked.brush = Brush::solid(0xffffff);
    masked.mask = QMask{0, Point{INT_MAX, INT_MAX}, mask_of({"11", "11"})};
    EXPECT_TRUE(canvas.draw_fill(rect(0, 0, kSize, kSize), Clip::none(), masked).ok());
    EXPECT_EQ(pixels_of(canvas.surface()), before);
}

TEST(CanvasBoundsExact, UnscaledSourcePartlyOutsideDrawsTheOverlapOnly) {
    Canvas canvas = make_canvas(SPICE_SURFACE_FMT_32_xRGB, 4, 1);
    Copy copy;
    copy.src = image_of(PIXMAN_x8r8g8b8, 2, 1, {7, 8});
    copy.src_area = rect(-1, 0, 3, 1);  // source x -1..2: only 0 and 1 exist
    ASSERT_TRUE(canvas.draw_copy(rect(0, 0, 4, 1), Clip::none(), copy));
    EXPECT_EQ(pixels_of(canvas.surface()), (std::vector<uint32_t>{0, 7, 8, 0}));
}

TEST(CanvasBoundsExact, CreateRejectsBadSizesAndFormats) {
    EXPECT_FALSE(Canvas::create(SPICE_SURFACE_FMT_32_xRGB, -1, 4).ok());
    EXPECT_FALSE(Canvas::create(SPICE_SURFACE_FMT_32_xRGB, INT_MAX, INT_MAX).ok());
    EXPECT_FALSE(Canvas::create(12345, 4, 4).ok());
    EXPECT_FALSE(Canvas::wrap(image_of(PIXMAN_b8g8r8a8, 1, 1, {0})).ok());
    EXPECT_FALSE(Canvas::wrap(Image()).ok());
}

}  // namespace
}  // namespace spicedesk::core::canvas::test
