// libFuzzer target: a sequence of random canvas draws (every operation, random boxes, clips,
// masks, brushes, sources, paths and glyphs, mostly near the surface but also at the int32
// extremes) on a small surface framed by guard bytes. Any byte changed outside the surface traps;
// reads outside images are caught by ASan (pixman images are heap blocks).

#include <pixman.h>
#include <spice/enums.h>

#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "spice-core/canvas/canvas.hpp"

namespace {

using namespace spicedesk::core::canvas;

class Input {
  public:
    Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}

    bool done() const { return pos_ >= size_; }

    uint8_t u8() { return pos_ < size_ ? data_[pos_++] : 0; }

    uint32_t u32() {
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            v = v << 8 | u8();
        }
        return v;
    }

    // Mostly small coordinates around a 16-pixel surface, sometimes anything.
    int32_t coord() {
        const uint8_t mode = u8();
        switch (mode % 8) {
            case 0:
                return static_cast<int32_t>(u32());
            case 1:
                return (mode & 0x80) != 0 ? INT_MAX - (u8() % 4) : INT_MIN + (u8() % 4);
            default:
                return static_cast<int32_t>(u8() % 64) - 24;
        }
    }

    Rect rect() { return Rect{coord(), coord(), coord(), coord()}; }
    Point point() { return Point{coord(), coord()}; }

  private:
    const uint8_t* data_;
    size_t size_;
    size_t pos_ = 0;
};

constexpr pixman_format_code_t kFormats[] = {PIXMAN_x8r8g8b8, PIXMAN_a8r8g8b8, PIXMAN_x1r5g5b5,
                                             PIXMAN_r5g6b5,   PIXMAN_a8,       PIXMAN_a1};
constexpr uint8_t kGuard = 0x5a;
constexpr int kGuardRows = 2;

Image random_image(Input& in, pixman_format_code_t format) {
    const int w = in.u8() % 17;
    const int h = in.u8() % 17;
    auto image = create_image(format, w, h);
    if (!image) {
        return Image();
    }
    const size_t bytes = static_cast<size_t>(image->stride()) * static_cast<size_t>(h);
    for (size_t i = 0; i < bytes; ++i) {
        image->data()[i] = in.u8();
    }
    return *image;
}

Image random_source(Input& in, const Canvas& canvas) {
    const uint8_t pick = in.u8();
    if (pick % 5 == 0) {
        return canvas.surface();  // SURFACE image of the canvas itself
    }
    return random_image(in, kFormats[pick % 6]);
}

Clip random_clip(Input& in) {
    const uint8_t n = in.u8() % 5;
    if (n == 0) {
        return Clip::none();
    }
    std::vector<Rect> rects;
    for (uint8_t i = 0; i + 1 < n; ++i) {
        rects.push_back(in.rect());
    }
    return Clip::from_rects(std::move(rects));
}

QMask random_mask(Input& in) {
    QMask mask;
    if (in.u8() % 2 == 0) {
        return mask;
    }
    mask.flags = in.u8() & SPICE_MASK_FLAGS_INVERS;
    mask.pos = in.point();
    mask.bitmap = random_image(in, in.u8() % 4 == 0 ? PIXMAN_a8 : PIXMAN_a1);
    return mask;
}

Brush random_brush(Input& in, const Canvas& canvas) {
    switch (in.u8() % 3) {
        case 0:
            return Brush::none();
        case 1:
            return Brush::solid(in.u32());
        default:
            return Brush::tiled(random_source(in, canvas), in.point());
    }
}

// A 28.4 coordinate: a whole pixel (wrapping like the wire's int32) plus a fraction.
int32_t small_fix(Input& in) {
    const auto whole = static_cast<uint32_t>(in.coord());
    return static_cast<int32_t>(whole * 16U + in.u8() % 16U);
}

Stroke random_stroke(Input& in, const Canvas& canvas) {
    Stroke stroke;
    const int segments = in.u8() % 4;
    for (int s = 0; s < segments; ++s) {
        PathSegment seg;
        seg.flags =
            in.u8() & (SPICE_PATH_BEGIN | SPICE_PATH_END | SPICE_PATH_CLOSE | SPICE_PATH_BEZIER);
        const int points = in.u8() % 8;
        for (int p = 0; p < points; ++p) {
            // 28.4: small coordinates scaled to pixels, or anything.
            const bool raw = in.u8() % 4 == 0;
            seg.points.push_back(raw ? PointFix{in.coord(), in.coord()}
                                     : PointFix{small_fix(in), small_fix(in)});
        }
        stroke.path.push_back(std::move(seg));
    }
    stroke.attr.flags = in.u8() & (SPICE_LINE_FLAGS_STYLED | SPICE_LINE_FLAGS_START_WITH_GAP);
    const int styles = in.u8() % 4;
    for (int i = 0; i < styles; ++i) {
        stroke.attr.style.push_back(in.coord());
    }
    stroke.brush = random_brush(in, canvas);
    stroke.fore_mode = static_cast<uint16_t>(in.u32() & SPICE_ROPD_MASK);
    return stroke;
}

Text random_text(Input& in, const Canvas& canvas) {
    Text text;
    text.str.flags = in.u8() & SPICE_STRING_FLAGS_MASK;
    const int glyphs = in.u8() % 4;
    for (int i = 0; i < glyphs; ++i) {
        RasterGlyph g;
        g.render_pos = in.point();
        g.glyph_origin = in.point();
        g.width = static_cast<uint16_t>(in.u8() % 20);
        g.height = static_cast<uint16_t>(in.u8() % 20);
        const size_t bytes = in.u8() % 64;
        for (size_t b = 0; b < bytes; ++b) {
            g.data.push_back(in.u8());
        }
        text.str.glyphs.push_back(std::move(g));
    }
    text.back_area = in.rect();
    text.fore_brush = random_brush(in, canvas);
    text.back_brush = random_brush(in, canvas);
    return text;
}

Composite random_composite(Input& in, const Canvas& canvas) {
    Composite op;
    op.flags = in.u32() & SPICE_COMPOSITE_FLAGS_MASK;
    op.src = random_source(in, canvas);
    op.mask = random_source(in, canvas);
    op.src_transform = Transform{in.u32(), in.u32(), in.u32(), in.u32(), in.u32(), in.u32()};
    op.mask_transform = Transform{in.u32(), in.u32(), in.u32(), in.u32(), in.u32(), in.u32()};
    op.src_origin = Point16{static_cast<int16_t>(in.coord()), static_cast<int16_t>(in.coord())};
    op.mask_origin = Point16{static_cast<int16_t>(in.coord()), static_cast<int16_t>(in.coord())};
    return op;
}

void run_one(Input& in, Canvas& canvas) {
    const uint8_t kind = in.u8() % 16;
    const Rect box = in.rect();
    const Clip clip = random_clip(in);
    switch (kind) {
        case 0:
            (void)canvas.draw_fill(
                box, clip,
                Fill{random_brush(in, canvas), static_cast<uint16_t>(in.u32() & SPICE_ROPD_MASK),
                     random_mask(in)});
            break;
        case 1:
        case 2: {
            Copy copy;
            copy.src = random_source(in, canvas);
            copy.src_area = in.rect();
            copy.rop_descriptor = static_cast<uint16_t>(in.u32() & SPICE_ROPD_MASK);
            copy.scale_mode = in.u8() % 3;
            copy.mask = random_mask(in);
            (void)(kind == 1 ? canvas.draw_copy(box, clip, copy)
                             : canvas.draw_blend(box, clip, copy));
            break;
        }
        case 3: {
            Opaque op;
            op.src = random_source(in, canvas);
            op.src_area = in.rect();
            op.brush = random_brush(in, canvas);
            op.rop_descriptor = static_cast<uint16_t>(in.u32() & SPICE_ROPD_MASK);
            op.scale_mode = in.u8() % 3;
            op.mask = random_mask(in);
            (void)canvas.draw_opaque(box, clip, op);
            break;
        }
        case 4:
            (void)canvas.draw_blackness(box, clip, Blackness{random_mask(in)});
            break;
        case 5:
            (void)canvas.draw_whiteness(box, clip, Whiteness{random_mask(in)});
            break;
        case 6:
            (void)canvas.draw_invers(box, clip, Invers{random_mask(in)});
            break;
        case 7: {
            Rop3 op;
            op.src = random_source(in, canvas);
            op.src_area = in.rect();
            op.brush = random_brush(in, canvas);
            op.rop3 = in.u8();
            op.scale_mode = in.u8() % 3;
            op.mask = random_mask(in);
            (void)canvas.draw_rop3(box, clip, op);
            break;
        }
        case 8:
            (void)canvas.draw_stroke(box, clip, random_stroke(in, canvas));
            break;
        case 9:
            (void)canvas.draw_text(box, clip, random_text(in, canvas));
            break;
        case 10: {
            Transparent op;
            op.src = random_source(in, canvas);
            op.src_area = in.rect();
            op.true_color = in.u32();
            (void)canvas.draw_transparent(box, clip, op);
            break;
        }
        case 11: {
            AlphaBlend op;
            op.alpha_flags = in.u8() & SPICE_ALPHA_FLAGS_MASK;
            op.alpha = in.u8();
            op.src = random_source(in, canvas);
            op.src_area = in.rect();
            (void)canvas.draw_alpha_blend(box, clip, op);
            break;
        }
        case 12:
            (void)canvas.draw_composite(box, clip, random_composite(in, canvas));
            break;
        case 13:
            (void)canvas.copy_bits(box, clip, in.point());
            break;
        case 14:
            if (clip.type == SPICE_CLIP_TYPE_RECTS) {
                canvas.group_start(clip.rects);
            } else {
                canvas.group_end();
            }
            break;
        default: {
            auto area = canvas.read_area(box);
            (void)area;
            break;
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Input in(data, size);
    const pixman_format_code_t format = kFormats[in.u8() % 6];
    const int width = 1 + in.u8() % 16;
    const int height = 1 + in.u8() % 16;
    const int bpp = static_cast<int>(PIXMAN_FORMAT_BPP(format));
    const int row_bytes = ((width * bpp + 31) / 32) * 4;  // pixman's own row: whole 32-bit words
    const int stride = row_bytes + 8;
    std::vector<uint8_t> buffer(static_cast<size_t>(stride) * (height + 2 * kGuardRows), kGuard);
    uint8_t* pixels = buffer.data() + static_cast<size_t>(stride) * kGuardRows;
    const auto used = static_cast<size_t>(row_bytes);
    for (int y = 0; y < height; ++y) {
        std::memset(pixels + static_cast<size_t>(y) * stride, in.u8(), used);
    }
    auto canvas = Canvas::wrap(Image::adopt(pixman_image_create_bits(
        format, width, height, reinterpret_cast<uint32_t*>(pixels), stride)));
    if (!canvas) {
        __builtin_trap();
    }
    for (int ops = 0; ops < 32 && !in.done(); ++ops) {
        run_one(in, *canvas);
        for (size_t i = 0; i < buffer.size(); ++i) {
            const size_t row = i / static_cast<size_t>(stride);
            const size_t col = i % static_cast<size_t>(stride);
            const bool inside =
                row >= kGuardRows && row < static_cast<size_t>(kGuardRows + height) && col < used;
            if (!inside && buffer[i] != kGuard) {
                __builtin_trap();  // a draw wrote outside its surface
            }
        }
    }
    return 0;
}
