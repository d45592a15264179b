#include "spice-core/server/qxl/qxl_parse.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <cstring>

#include "spice-core/protocol/reader.hpp"
#include "spice-core/server/qxl/qxl_parse_helpers.hpp"

namespace spicedesk::core::qxl {

using detail::le32;
using detail::to_point;
using detail::to_rect;
using detail::valid_surface;
using detail::wrap;

namespace {

Result<canvas::Clip> parse_clip(const ParseContext& ctx, const QXLClip& clip) {
    if (clip.type == SPICE_CLIP_TYPE_NONE) {
        return canvas::Clip::none();
    }
    if (clip.type != SPICE_CLIP_TYPE_RECTS) {
        return make_error(fmt::format("clip type {} unknown", +clip.type));
    }
    auto head = ctx.slots.read<uint32_t>(ctx.group_id, clip.data, "clip rects");
    if (!head) {
        return head.error();
    }
    const uint32_t n = *head;
    if (n > ctx.limits.max_clip_rects) {
        return make_error(fmt::format("clip: {} rects (at most {})", n, ctx.limits.max_clip_rects));
    }
    auto data = read_chunks(ctx, clip.data + offsetof(QXLClipRects, chunk),
                            uint64_t{n} * sizeof(QXLRect), "clip rects");
    if (!data) {
        return data.error();
    }
    if (data->size() < uint64_t{n} * sizeof(QXLRect)) {
        return make_error(fmt::format("clip: {} rects in {} bytes", n, data->size()));
    }
    std::vector<canvas::Rect> rects(n);
    for (uint32_t i = 0; i < n; ++i) {
        QXLRect r;
        std::memcpy(&r, data->data() + static_cast<size_t>(i) * sizeof(QXLRect), sizeof(r));
        rects[i] = to_rect(r);
    }
    return canvas::Clip::from_rects(std::move(rects));
}

Result<canvas::Brush> parse_brush(const ParseContext& ctx, const QXLBrush& brush) {
    switch (brush.type) {
        case SPICE_BRUSH_TYPE_NONE:
            return canvas::Brush::none();
        case SPICE_BRUSH_TYPE_SOLID:
            return canvas::Brush::solid(brush.u.color);
        case SPICE_BRUSH_TYPE_PATTERN: {
            auto image = parse_image(ctx, brush.u.pattern.pat);
            if (!image) {
                return wrap("pattern brush", image.message());
            }
            return canvas::Brush::tiled(std::move(image->image), to_point(brush.u.pattern.pos));
        }
        default:
            return make_error(fmt::format("brush type {} unknown", +brush.type));
    }
}

Result<canvas::QMask> parse_mask(const ParseContext& ctx, const QXLQMask& mask) {
    canvas::QMask out;
    out.flags = mask.flags;
    out.pos = to_point(mask.pos);
    if (mask.bitmap != 0) {
        auto image = parse_image(ctx, mask.bitmap, true);
        if (!image) {
            return wrap("mask", image.message());
        }
        out.bitmap = std::move(image->image);
    }
    return out;
}

struct Source {
    canvas::Image image;
    bool bitmap = false;
    std::shared_ptr<const EncodedImage> encoded;
};

Result<Source> parse_source(const ParseContext& ctx, uint64_t addr) {
    auto image = parse_image(ctx, addr);
    if (!image) {
        return wrap("source image", image.message());
    }
    return Source{std::move(image->image), !image->from_surface, std::move(image->encoded)};
}

Result<canvas::Transform> read_transform(const ParseContext& ctx, uint64_t addr) {
    if (addr == 0) {
        return canvas::Transform{};
    }
    auto t = ctx.slots.read<QXLTransform>(ctx.group_id, addr, "transform");
    if (!t) {
        return t.error();
    }
    return canvas::Transform{t->t00, t->t01, t->t02, t->t10, t->t11, t->t12};
}

Result<std::vector<canvas::PathSegment>> parse_path(const ParseContext& ctx, uint64_t addr) {
    auto size = ctx.slots.read<uint32_t>(ctx.group_id, addr, "path");
    if (!size) {
        return size.error();
    }
    if (*size > ctx.limits.max_path_bytes) {
        return make_error(
            fmt::format("path: {} bytes (at most {})", *size, ctx.limits.max_path_bytes));
    }
    auto data = read_chunks(ctx, addr + offsetof(QXLPath, chunk), *size, "path");
    if (!data) {
        return data.error();
    }
    Reader r(std::span<const uint8_t>(data->data(), std::min<size_t>(data->size(), *size)));
    std::vector<canvas::PathSegment> segments;
    while (r.ok() && r.remaining() > 0) {
        canvas::PathSegment seg;
        seg.flags = static_cast<uint8_t>(r.u32("path segment flags"));
        const uint32_t count = r.u32("path segment count");
        if (uint64_t{count} * 8 > r.remaining()) {
            return make_error(
                fmt::format("path: segment of {} points in {} bytes", count, r.remaining()));
        }
        seg.points.resize(count);
        for (auto& p : seg.points) {
            p.x = r.i32("point x");
            p.y = r.i32("point y");
        }
        segments.push_back(std::move(seg));
    }
    if (auto st = r.finish("path"); !st) {
        return st.error();
    }
    return segments;
}

Result<canvas::GlyphString> parse_string(const ParseContext& ctx, uint64_t addr) {
    auto head = ctx.slots.read<QXLString>(ctx.group_id, addr, "string");
    if (!head) {
        return head.error();
    }
    if (head->data_size > ctx.limits.max_string_bytes) {
        return make_error(fmt::format("string: {} bytes (at most {})", +head->data_size,
                                      ctx.limits.max_string_bytes));
    }
    canvas::GlyphString out;
    out.flags = static_cast<uint8_t>(head->flags);
    unsigned bpp = 0;
    if ((head->flags & SPICE_STRING_FLAGS_RASTER_A1) != 0) {
        bpp = 1;
    } else if ((head->flags & SPICE_STRING_FLAGS_RASTER_A4) != 0) {
        bpp = 4;
    } else if ((head->flags & SPICE_STRING_FLAGS_RASTER_A8) != 0) {
        bpp = 8;
    } else {
        return make_error(fmt::format("string: flags {:#x} name no raster depth", +head->flags));
    }
    auto data = read_chunks(ctx, addr + offsetof(QXLString, chunk), head->data_size, "string");
    if (!data) {
        return data.error();
    }
    Reader r(
        std::span<const uint8_t>(data->data(), std::min<size_t>(data->size(), head->data_size)));
    for (uint32_t i = 0; i < head->length && r.ok(); ++i) {
        canvas::RasterGlyph g;
        g.render_pos.x = r.i32("render_pos.x");
        g.render_pos.y = r.i32("render_pos.y");
        g.glyph_origin.x = r.i32("glyph_origin.x");
        g.glyph_origin.y = r.i32("glyph_origin.y");
        g.width = r.u16("glyph width");
        g.height = r.u16("glyph height");
        const uint64_t bytes = (uint64_t{g.width} * bpp + 7) / 8 * g.height;
        auto glyph = r.bytes(static_cast<size_t>(std::min<uint64_t>(bytes, r.remaining() + 1)),
                             "glyph data");
        g.data.assign(glyph.begin(), glyph.end());
        out.glyphs.push_back(std::move(g));
    }
    if (auto st = r.finish("string"); !st) {
        return st.error();
    }
    return out;
}

Result<std::vector<int32_t>> parse_style(const ParseContext& ctx, const QXLLineAttr& attr) {
    std::vector<int32_t> out;
    if ((attr.flags & SPICE_LINE_FLAGS_STYLED) == 0 || attr.style_nseg == 0) {
        return out;
    }
    auto bytes = ctx.slots.translate(ctx.group_id, attr.style, uint64_t{attr.style_nseg} * 4);
    if (!bytes) {
        return wrap("line style", bytes.message());
    }
    out.resize(attr.style_nseg);
    for (size_t i = 0; i < out.size(); ++i) {
        out[i] = static_cast<int32_t>(le32(bytes->data() + i * 4));
    }
    return out;
}

// src_is_bitmap, src_encoded: as Drawable's (src_encoded for DRAW_COPY, the one forwarded so).
Result<DrawOp> parse_op(const ParseContext& ctx, const QXLDrawable& d, bool& src_is_bitmap,
                        std::shared_ptr<const EncodedImage>& src_encoded) {
    switch (d.type) {
        case QXL_DRAW_FILL: {
            canvas::Fill op;
            auto brush = parse_brush(ctx, d.u.fill.brush);
            auto mask = parse_mask(ctx, d.u.fill.mask);
            if (!brush || !mask) {
                return !brush ? brush.error() : mask.error();
            }
            op.brush = std::move(*brush);
            op.rop_descriptor = d.u.fill.rop_descriptor;
            op.mask = std::move(*mask);
            return DrawOp(std::move(op));
        }
        case QXL_DRAW_OPAQUE: {
            canvas::Opaque op;
            auto src = parse_source(ctx, d.u.opaque.src_bitmap);
            if (!src) {
                return src.error();
            }
            auto brush = parse_brush(ctx, d.u.opaque.brush);
            auto mask = parse_mask(ctx, d.u.opaque.mask);
            if (!brush || !mask) {
                return !brush ? brush.error() : mask.error();
            }
            src_is_bitmap = src->bitmap;
            op.src = std::move(src->image);
            op.src_area = to_rect(d.u.opaque.src_area);
            op.brush = std::move(*brush);
            op.rop_descriptor = d.u.opaque.rop_descriptor;
            op.scale_mode = d.u.opaque.scale_mode;
            op.mask = std::move(*mask);
            return DrawOp(std::move(op));
        }
        case QXL_DRAW_COPY:
        case QXL_DRAW_BLEND: {
            const QXLCopy& c = d.type == QXL_DRAW_COPY ? d.u.copy : d.u.blend;
            canvas::Copy op;
            auto src = parse_source(ctx, c.src_bitmap);
            if (!src) {
                return src.error();
            }
            auto mask = parse_mask(ctx, c.mask);
            if (!mask) {
                return mask.error();
            }
            src_is_bitmap = src->bitmap;
            if (d.type == QXL_DRAW_COPY) {
                src_encoded = std::move(src->encoded);
            }
            op.src = std::move(src->image);
            op.src_area = to_rect(c.src_area);
            op.rop_descriptor = c.rop_descriptor;
            op.scale_mode = c.scale_mode;
            op.mask = std::move(*mask);
            return DrawOp(std::move(op));
        }
        case QXL_COPY_BITS:
            return DrawOp(CopyBitsOp{to_point(d.u.copy_bits.src_pos)});
        case QXL_DRAW_BLACKNESS:
        case QXL_DRAW_WHITENESS:
        case QXL_DRAW_INVERS: {
            auto mask = parse_mask(ctx, d.u.blackness.mask);
            if (!mask) {
                return mask.error();
            }
            return DrawOp(canvas::MaskOnly{std::move(*mask)});
        }
        case QXL_DRAW_ROP3: {
            canvas::Rop3 op;
            auto src = parse_source(ctx, d.u.rop3.src_bitmap);
            if (!src) {
                return src.error();
            }
            auto brush = parse_brush(ctx, d.u.rop3.brush);
            auto mask = parse_mask(ctx, d.u.rop3.mask);
            if (!brush || !mask) {
                return !brush ? brush.error() : mask.error();
            }
            src_is_bitmap = src->bitmap;
            op.src = std::move(src->image);
            op.src_area = to_rect(d.u.rop3.src_area);
            op.brush = std::move(*brush);
            op.rop3 = d.u.rop3.rop3;
            op.scale_mode = d.u.rop3.scale_mode;
            op.mask = std::move(*mask);
            return DrawOp(std::move(op));
        }
        case QXL_DRAW_STROKE: {
            canvas::Stroke op;
            auto path = parse_path(ctx, d.u.stroke.path);
            if (!path) {
                return wrap("stroke", path.message());
            }
            auto style = parse_style(ctx, d.u.stroke.attr);
            if (!style) {
                return style.error();
            }
            auto brush = parse_brush(ctx, d.u.stroke.brush);
            if (!brush) {
                return brush.error();
            }
            op.path = std::move(*path);
            op.attr.flags = d.u.stroke.attr.flags;
            op.attr.style = std::move(*style);
            op.brush = std::move(*brush);
            op.fore_mode = d.u.stroke.fore_mode;
            op.back_mode = d.u.stroke.back_mode;
            return DrawOp(std::move(op));
        }
        case QXL_DRAW_TEXT: {
            canvas::Text op;
            auto str = parse_string(ctx, d.u.text.str);
            if (!str) {
                return wrap("text", str.message());
            }
            auto fore = parse_brush(ctx, d.u.text.fore_brush);
            auto back = parse_brush(ctx, d.u.text.back_brush);
            if (!fore || !back) {
                return !fore ? fore.error() : back.error();
            }
            op.str = std::move(*str);
            op.back_area = to_rect(d.u.text.back_area);
            op.fore_brush = std::move(*fore);
            op.back_brush = std::move(*back);
            op.fore_mode = d.u.text.fore_mode;
            op.back_mode = d.u.text.back_mode;
            return DrawOp(std::move(op));
        }
        case QXL_DRAW_TRANSPARENT: {
            canvas::Transparent op;
            auto src = parse_source(ctx, d.u.transparent.src_bitmap);
            if (!src) {
                return src.error();
            }
            src_is_bitmap = src->bitmap;
            op.src = std::move(src->image);
            op.src_area = to_rect(d.u.transparent.src_area);
            op.src_color = d.u.transparent.src_color;
            op.true_color = d.u.transparent.true_color;
            return DrawOp(std::move(op));
        }
        case QXL_DRAW_ALPHA_BLEND: {
            canvas::AlphaBlend op;
            auto src = parse_source(ctx, d.u.alpha_blend.src_bitmap);
            if (!src) {
                return src.error();
            }
            src_is_bitmap = src->bitmap;
            op.alpha_flags = static_cast<uint8_t>(d.u.alpha_blend.alpha_flags);
            op.alpha = d.u.alpha_blend.alpha;
            op.src = std::move(src->image);
            op.src_area = to_rect(d.u.alpha_blend.src_area);
            return DrawOp(std::move(op));
        }
        case QXL_DRAW_COMPOSITE: {
            canvas::Composite op;
            const QXLComposite& c = d.u.composite;
            auto src = parse_source(ctx, c.src);
            if (!src) {
                return src.error();
            }
            op.flags = c.flags;
            op.src = std::move(src->image);
            if ((c.flags & SPICE_COMPOSITE_HAS_MASK) != 0 && c.mask != 0) {
                auto mask = parse_image(ctx, c.mask);
                if (!mask) {
                    return wrap("composite mask", mask.message());
                }
                op.mask = std::move(mask->image);
            } else {
                op.flags &= ~static_cast<uint32_t>(SPICE_COMPOSITE_HAS_MASK);
            }
            auto st = read_transform(ctx, c.src_transform);
            auto mt = read_transform(ctx, c.mask_transform);
            if (!st || !mt) {
                return !st ? st.error() : mt.error();
            }
            op.src_transform = *st;
            op.mask_transform = *mt;
            op.src_origin = canvas::Point16{c.src_origin.x, c.src_origin.y};
            op.mask_origin = canvas::Point16{c.mask_origin.x, c.mask_origin.y};
            return DrawOp(std::move(op));
        }
        default:
            return make_error(fmt::format("draw type {} unknown", +d.type));
    }
}
}  // namespace

Result<Drawable> parse_drawable(const ParseContext& ctx, uint64_t addr) {
    auto d = ctx.slots.read<QXLDrawable>(ctx.group_id, addr, "drawable");
    if (!d) {
        return d.error();
    }
    Drawable out;
    out.release = ReleaseInfo{d->release_info.id, addr, ctx.group_id};
    if (!valid_surface(ctx, d->surface_id)) {
        return make_error(fmt::format("drawable: surface {} out of range ({} surfaces)",
                                      +d->surface_id, ctx.n_surfaces));
    }
    out.surface_id = d->surface_id;
    out.type = d->type;
    out.effect = d->effect;
    out.box = to_rect(d->bbox);
    for (size_t i = 0; i < 3; ++i) {
        const int32_t dep = d->surfaces_dest[i];
        if (dep != -1 && !valid_surface(ctx, dep)) {
            return make_error(fmt::format("drawable: dependency on surface {} out of range", dep));
        }
        out.surfaces_dest[i] = dep;
    }
    auto clip = parse_clip(ctx, d->clip);
    if (!clip) {
        return wrap("drawable clip", clip.message());
    }
    out.clip = std::move(*clip);
    auto op = parse_op(ctx, *d, out.src_is_bitmap, out.src_encoded);
    if (!op) {
        return wrap(fmt::format("drawable type {}", +d->type), op.message());
    }
    out.op = std::move(*op);
    return out;
}

}  // namespace spicedesk::core::qxl
