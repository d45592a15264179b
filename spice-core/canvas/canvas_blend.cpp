// The canvas draws that go through pixman compositing or per-pixel geometry: transparent,
// alpha_blend, composite, text and stroke.

#include <fmt/format.h>

#include <cstring>

#include "spice-core/canvas/canvas.hpp"
#include "spice-core/canvas/geometry.hpp"
#include "spice-core/canvas/raster.hpp"
#include "spice-core/canvas/scale.hpp"
#include "spice-core/canvas/stroke.hpp"
#include "spice-core/canvas/text.hpp"

namespace spicedesk::core::canvas {

namespace {

uint16_t expand(uint32_t value, unsigned bits) {
    const uint32_t max = (1U << bits) - 1U;
    return static_cast<uint16_t>(((value & max) * 0xffffU) / max);
}

// A solid brush color (raw, in the destination's format) as an opaque pixman color.
pixman_color_t opaque_color(uint32_t color, pixman_format_code_t format) {
    pixman_color_t c{0, 0, 0, 0xffff};
    switch (format) {
        case PIXMAN_x1r5g5b5:
            c.red = expand(color >> 10, 5);
            c.green = expand(color >> 5, 5);
            c.blue = expand(color, 5);
            break;
        case PIXMAN_r5g6b5:
            c.red = expand(color >> 11, 5);
            c.green = expand(color >> 5, 6);
            c.blue = expand(color, 5);
            break;
        case PIXMAN_x8r8g8b8:
        case PIXMAN_a8r8g8b8:
            c.red = expand(color >> 16, 8);
            c.green = expand(color >> 8, 8);
            c.blue = expand(color, 8);
            break;
        default:  // a8, a1: only the (full) alpha matters
            break;
    }
    return c;
}

int64_t floor_mod(int64_t value, int64_t modulus) {
    const int64_t r = value % modulus;
    return r < 0 ? r + modulus : r;
}

// A brush as a pixman source image in destination coordinates (NONE: no image).
Result<Image> pixman_brush(const Brush& brush, const Image& dest) {
    auto source = BrushSource::make(brush, dest);
    if (!source) {
        return source.error();
    }
    if (brush.type == SPICE_BRUSH_TYPE_NONE) {
        return Image();
    }
    if (source->solid()) {
        const pixman_color_t c = opaque_color(source->color(), dest.format());
        pixman_image_t* fill = pixman_image_create_solid_fill(&c);
        if (fill == nullptr) {
            return make_error("pixman refused a solid fill");
        }
        return Image::adopt(fill);
    }
    const Image& tile = source->tile();
    const int64_t px = floor_mod(source->pos().x, tile.width());
    const int64_t py = floor_mod(source->pos().y, tile.height());
    pixman_transform_t t;
    pixman_transform_init_translate(&t, static_cast<pixman_fixed_t>(-(px << 16)),
                                    static_cast<pixman_fixed_t>(-(py << 16)));
    // A copy of the tile owns its pixels and its transform (the tile may be a shared image).
    auto owned = create_image(tile.format(), tile.width(), tile.height());
    if (!owned) {
        return owned.error();
    }
    std::memcpy(owned->data(), tile.data(),
                static_cast<size_t>(tile.stride()) * static_cast<size_t>(tile.height()));
    pixman_image_set_transform(owned->get(), &t);
    pixman_image_set_repeat(owned->get(), PIXMAN_REPEAT_NORMAL);
    return owned;
}

// The format read as opaque (its alpha bits ignored). Only colour formats have an opaque twin:
// an alpha-only format (a8, a1) is returned unchanged, as pixman has no valid "a0" format.
pixman_format_code_t without_alpha(pixman_format_code_t format) {
    if (PIXMAN_FORMAT_A(format) == 0 || PIXMAN_FORMAT_RGB(format) == 0) {
        return format;
    }
    const auto opaque = static_cast<pixman_format_code_t>(
        PIXMAN_FORMAT(PIXMAN_FORMAT_BPP(format), PIXMAN_FORMAT_TYPE(format), 0,
                      PIXMAN_FORMAT_R(format), PIXMAN_FORMAT_G(format), PIXMAN_FORMAT_B(format)));
    return pixman_format_supported_source(opaque) != 0 ? opaque : format;
}

bool valid_pixman_op(uint32_t op) {
    return op <= PIXMAN_OP_SATURATE ||
           (op >= PIXMAN_OP_DISJOINT_CLEAR && op <= PIXMAN_OP_DISJOINT_XOR) ||
           (op >= PIXMAN_OP_CONJOINT_CLEAR && op <= PIXMAN_OP_CONJOINT_XOR) ||
           (op >= PIXMAN_OP_MULTIPLY && op <= PIXMAN_OP_HSL_LUMINOSITY);
}

bool valid_filter(uint32_t filter) {
    // Convolution filters need parameters the wire does not carry.
    return filter <= PIXMAN_FILTER_BILINEAR;
}

void set_transform(const Image& image, const Transform& t) {
    pixman_transform_t p;
    p.matrix[0][0] = static_cast<pixman_fixed_t>(t.t00);
    p.matrix[0][1] = static_cast<pixman_fixed_t>(t.t01);
    p.matrix[0][2] = static_cast<pixman_fixed_t>(t.t02);
    p.matrix[1][0] = static_cast<pixman_fixed_t>(t.t10);
    p.matrix[1][1] = static_cast<pixman_fixed_t>(t.t11);
    p.matrix[1][2] = static_cast<pixman_fixed_t>(t.t12);
    p.matrix[2][0] = 0;
    p.matrix[2][1] = 0;
    p.matrix[2][2] = pixman_fixed_1;
    pixman_image_set_transform(image.get(), &p);
}

uint32_t bits_field(uint32_t flags, unsigned lo, unsigned hi) {
    return (flags >> lo) & ((1U << (hi - lo)) - 1U);
}

}  // namespace

Status Canvas::draw_transparent(const Rect& box, const Clip& clip, const Transparent& op) {
    Region region = region_for(box, clip);
    if (region.empty()) {
        return {};
    }
    uint32_t key = 0;
    switch (surface_.format()) {
        case PIXMAN_x8r8g8b8:
        case PIXMAN_a8r8g8b8:
            key = op.true_color;
            break;
        case PIXMAN_x1r5g5b5:
            key = ((op.true_color >> 3) & 0x001fU) | ((op.true_color >> 6) & 0x03e0U) |
                  ((op.true_color >> 9) & 0x7c00U);
            break;
        case PIXMAN_r5g6b5:
            key = ((op.true_color >> 3) & 0x001fU) | ((op.true_color >> 5) & 0x07e0U) |
                  ((op.true_color >> 8) & 0xf800U);
            break;
        default:
            key = 0;
            break;
    }
    if (!op.src || op.src.data() == nullptr) {
        return make_error("draw_transparent: no source image");
    }
    Result<PlacedSource> src = PlacedSource{};
    if (same_size(box, op.src_area)) {
        PlacedSource placed{op.src, static_cast<int64_t>(op.src_area.left) - box.left,
                            static_cast<int64_t>(op.src_area.top) - box.top};
        restrict_to_source(region, placed);
        src = prepare_source(placed, surface_, region);
    } else {
        src = scale_source(op.src, op.src_area, box, SPICE_IMAGE_SCALE_MODE_NEAREST,
                           surface_.format(), region);
    }
    if (!src) {
        return make_error("draw_transparent: " + src.message());
    }
    if (!region.empty()) {
        colorkey_region(surface_, region, *src, key);
    }
    return {};
}

Status Canvas::draw_alpha_blend(const Rect& box, const Clip& clip, const AlphaBlend& op) {
    Region region = region_for(box, clip);
    if (region.empty() || op.alpha == 0) {
        return {};
    }
    if (!op.src || op.src.data() == nullptr) {
        return make_error("draw_alpha_blend: no source image");
    }
    auto detached = detach_if_aliasing(op.src, surface_);
    if (!detached) {
        return make_error("draw_alpha_blend: " + detached.message());
    }
    const bool src_alpha = (op.alpha_flags & SPICE_ALPHA_FLAGS_SRC_SURFACE_HAS_ALPHA) != 0;
    const bool dest_alpha = (op.alpha_flags & SPICE_ALPHA_FLAGS_DEST_HAS_ALPHA) != 0;
    const pixman_format_code_t src_format =
        src_alpha && detached->format() == PIXMAN_x8r8g8b8 ? PIXMAN_a8r8g8b8 : detached->format();
    auto src = bits_view(*detached, src_format);
    if (!src) {
        return make_error("draw_alpha_blend: " + src.message());
    }
    const pixman_format_code_t dest_format =
        dest_alpha && surface_.format() == PIXMAN_x8r8g8b8 ? PIXMAN_a8r8g8b8 : surface_.format();
    auto dest = bits_view(surface_, dest_format);
    if (!dest) {
        return make_error("draw_alpha_blend: " + dest.message());
    }
    PlacedSource placed;
    if (same_size(box, op.src_area)) {
        placed = PlacedSource{*src, static_cast<int64_t>(op.src_area.left) - box.left,
                              static_cast<int64_t>(op.src_area.top) - box.top};
        restrict_to_source(region, placed);
    } else {
        auto scaled = scale_source(*src, op.src_area, box, SPICE_IMAGE_SCALE_MODE_NEAREST,
                                   src_format, region);
        if (!scaled) {
            return make_error("draw_alpha_blend: " + scaled.message());
        }
        placed = std::move(*scaled);
    }
    Image mask;
    if (op.alpha != 0xff) {
        pixman_color_t c{0, 0, 0, static_cast<uint16_t>(op.alpha * 0x101)};
        mask = Image::adopt(pixman_image_create_solid_fill(&c));
    }
    int count = 0;
    const pixman_box32_t* boxes = region.boxes(&count);
    for (int i = 0; i < count; ++i) {
        const pixman_box32_t& b = boxes[i];
        pixman_image_composite32(PIXMAN_OP_OVER, placed.image.get(), mask.get(), dest->get(),
                                 static_cast<int>(b.x1 + placed.dx),
                                 static_cast<int>(b.y1 + placed.dy), 0, 0, b.x1, b.y1, b.x2 - b.x1,
                                 b.y2 - b.y1);
    }
    if (!dest_alpha) {
        clear_unused_byte(surface_, region);
    }
    return {};
}

Status Canvas::draw_composite(const Rect& box, const Clip& clip, const Composite& op) {
    Region region = region_for(box, clip);
    if (region.empty()) {
        return {};
    }
    const uint32_t pixman_op = bits_field(op.flags, 0, 8);
    const uint32_t src_filter = bits_field(op.flags, 8, 11);
    const uint32_t mask_filter = bits_field(op.flags, 11, 14);
    const uint32_t src_repeat = bits_field(op.flags, 14, 16);
    const uint32_t mask_repeat = bits_field(op.flags, 16, 18);
    const bool has_mask = (op.flags & SPICE_COMPOSITE_HAS_MASK) != 0;
    if (!valid_pixman_op(pixman_op)) {
        return make_error(fmt::format("draw_composite: unknown operator {}", pixman_op));
    }
    if (!valid_filter(src_filter) || (has_mask && !valid_filter(mask_filter))) {
        return make_error(fmt::format("draw_composite: unsupported filter (source {}, mask {})",
                                      src_filter, mask_filter));
    }
    const pixman_box32_t e = region.extents();
    // Source coordinates are Render's 16-bit ones: refuse boxes that would need more.
    if (static_cast<int64_t>(e.x2) - box.left > 0xffff ||
        static_cast<int64_t>(e.y2) - box.top > 0xffff) {
        return make_error("draw_composite: box too far from its origin");
    }
    if (!op.src || op.src.data() == nullptr ||
        (has_mask && (!op.mask || op.mask.data() == nullptr))) {
        return make_error("draw_composite: missing source or mask image");
    }
    auto src_pixels = detach_if_aliasing(op.src, surface_);
    if (!src_pixels) {
        return make_error("draw_composite: " + src_pixels.message());
    }
    const bool src_opaque = (op.flags & SPICE_COMPOSITE_SOURCE_OPAQUE) != 0;
    auto src = bits_view(*src_pixels,
                         src_opaque ? without_alpha(src_pixels->format()) : src_pixels->format());
    if (!src) {
        return make_error("draw_composite: " + src.message());
    }
    if ((op.flags & SPICE_COMPOSITE_HAS_SRC_TRANSFORM) != 0) {
        set_transform(*src, op.src_transform);
    }
    pixman_image_set_filter(src->get(), static_cast<pixman_filter_t>(src_filter), nullptr, 0);
    pixman_image_set_repeat(src->get(), static_cast<pixman_repeat_t>(src_repeat));

    Result<Image> mask_pixels = Image();
    Result<Image> mask = Image();
    if (has_mask) {
        mask_pixels = detach_if_aliasing(op.mask, surface_);
        if (!mask_pixels) {
            return make_error("draw_composite: " + mask_pixels.message());
        }
        const bool mask_opaque = (op.flags & SPICE_COMPOSITE_MASK_OPAQUE) != 0;
        mask = bits_view(*mask_pixels, mask_opaque ? without_alpha(mask_pixels->format())
                                                   : mask_pixels->format());
        if (!mask) {
            return make_error("draw_composite: " + mask.message());
        }
        if ((op.flags & SPICE_COMPOSITE_HAS_MASK_TRANSFORM) != 0) {
            set_transform(*mask, op.mask_transform);
        }
        pixman_image_set_filter(mask->get(), static_cast<pixman_filter_t>(mask_filter), nullptr, 0);
        pixman_image_set_repeat(mask->get(), static_cast<pixman_repeat_t>(mask_repeat));
        pixman_image_set_component_alpha(mask->get(),
                                         (op.flags & SPICE_COMPOSITE_COMPONENT_ALPHA) != 0);
    }
    const bool dest_opaque = (op.flags & SPICE_COMPOSITE_DEST_OPAQUE) != 0;
    auto dest =
        bits_view(surface_, dest_opaque ? without_alpha(surface_.format()) : surface_.format());
    if (!dest) {
        return make_error("draw_composite: " + dest.message());
    }
    int count = 0;
    const pixman_box32_t* boxes = region.boxes(&count);
    for (int i = 0; i < count; ++i) {
        const pixman_box32_t& b = boxes[i];
        const auto ox = static_cast<int>(b.x1 - static_cast<int64_t>(box.left));
        const auto oy = static_cast<int>(b.y1 - static_cast<int64_t>(box.top));
        pixman_image_composite32(static_cast<pixman_op_t>(pixman_op), src->get(),
                                 has_mask ? mask->get() : nullptr, dest->get(),
                                 op.src_origin.x + ox, op.src_origin.y + oy, op.mask_origin.x + ox,
                                 op.mask_origin.y + oy, b.x1, b.y1, b.x2 - b.x1, b.y2 - b.y1);
    }
    return {};
}

Status Canvas::draw_text(const Rect& box, const Clip& clip, const Text& text) {
    Region region = region_for(box, clip);
    if (region.empty()) {
        return {};
    }
    const pixman_box32_t e = region.extents();
    auto glyphs = render_glyphs(text.str, Box64{e.x1, e.y1, e.x2, e.y2});
    if (!glyphs) {
        return make_error("draw_text: " + glyphs.message());
    }
    auto fore = pixman_brush(text.fore_brush, surface_);
    if (!fore) {
        return make_error("draw_text: fore brush: " + fore.message());
    }
    auto back = BrushSource::make(text.back_brush, surface_);
    if (!back) {
        return make_error("draw_text: back brush: " + back.message());
    }
    const Box64 back_area = to_box(text.back_area);
    if (!back_area.empty()) {
        Region back_region = region;
        back_region.intersect(region_of(intersect(back_area, Box64{0, 0, width(), height()})));
        if (auto s = fill_region(surface_, back_region, text.back_brush, Rop::kCopy); !s) {
            return make_error("draw_text: back area: " + s.message());
        }
    }
    if (!glyphs->mask || !*fore) {
        return {};
    }
    Region fore_region = region;
    fore_region.intersect(region_of(Box64{glyphs->x, glyphs->y, glyphs->x + glyphs->mask.width(),
                                          glyphs->y + glyphs->mask.height()}));
    int count = 0;
    const pixman_box32_t* boxes = fore_region.boxes(&count);
    for (int i = 0; i < count; ++i) {
        const pixman_box32_t& b = boxes[i];
        pixman_image_composite32(PIXMAN_OP_OVER, fore->get(), glyphs->mask.get(), surface_.get(),
                                 b.x1, b.y1, b.x1 - glyphs->x, b.y1 - glyphs->y, b.x1, b.y1,
                                 b.x2 - b.x1, b.y2 - b.y1);
    }
    clear_unused_byte(surface_, fore_region);
    return {};
}

Status Canvas::draw_stroke(const Rect& box, const Clip& clip, const Stroke& stroke) {
    Region region = region_for(box, clip);
    if (region.empty()) {
        return {};
    }
    auto brush = BrushSource::make(stroke.brush, surface_);
    if (!brush) {
        return make_error("draw_stroke: " + brush.message());
    }
    const Rop rop = rop_from_descriptor(stroke.fore_mode, RopInput::kBrush, RopInput::kDest);
    if (rop == Rop::kNoop) {
        return {};
    }
    const int bpp = surface_.bpp();
    const uint32_t mask = pixel_mask(bpp);
    const pixman_box32_t e = region.extents();
    auto status = rasterize_stroke(stroke, Box64{e.x1, e.y1, e.x2, e.y2}, [&](int x, int y) {
        if (!region.contains(x, y)) {
            return;
        }
        uint8_t* row = row_at(surface_, y);
        store_pixel(row, x, bpp, apply_rop(rop, brush->at(x, y), load_pixel(row, x, bpp)) & mask);
    });
    if (!status) {
        return make_error("draw_stroke: " + status.message());
    }
    return {};
}

}  // namespace spicedesk::core::canvas
