#include "spice-core/server/qxl/qxl_parse.hpp"

#include <fmt/format.h>

#include <bit>
#include <cstddef>
#include <cstring>

#include "spice-core/protocol/reader.hpp"

namespace spicedesk::core::qxl {

namespace {

// Bitmaps are little endian, as pixman's 32-bit pixels are on this host.
static_assert(std::endian::native == std::endian::little);

Error wrap(std::string_view what, const std::string& why) {
    return make_error(fmt::format("{}: {}", what, why));
}

canvas::Rect to_rect(const QXLRect& r) {
    return canvas::Rect{r.left, r.top, r.right, r.bottom};
}

canvas::Point to_point(const QXLPoint& p) {
    return canvas::Point{p.x, p.y};
}

uint32_t le32(const uint8_t* p) {
    return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
           (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

// Bytes of one row of a bitmap, or 0 for an unknown format.
uint64_t row_bytes(uint8_t format, uint64_t width) {
    switch (format) {
        case SPICE_BITMAP_FMT_1BIT_LE:
        case SPICE_BITMAP_FMT_1BIT_BE:
            return (width + 7) / 8;
        case SPICE_BITMAP_FMT_4BIT_LE:
        case SPICE_BITMAP_FMT_4BIT_BE:
            return (width + 1) / 2;
        case SPICE_BITMAP_FMT_8BIT:
        case SPICE_BITMAP_FMT_8BIT_A:
            return width;
        case SPICE_BITMAP_FMT_16BIT:
            return width * 2;
        case SPICE_BITMAP_FMT_24BIT:
            return width * 3;
        case SPICE_BITMAP_FMT_32BIT:
        case SPICE_BITMAP_FMT_RGBA:
            return width * 4;
        default:
            return 0;
    }
}

Result<std::vector<uint32_t>> read_palette(const ParseContext& ctx, uint64_t addr) {
    auto header = ctx.slots.translate(ctx.group_id, addr, sizeof(QXLPalette));
    if (!header) {
        return wrap("palette", header.message());
    }
    QXLPalette pal;
    std::memcpy(&pal, header->data(), sizeof(QXLPalette));
    auto ents =
        ctx.slots.translate(ctx.group_id, addr + sizeof(QXLPalette), uint64_t{pal.num_ents} * 4);
    if (!ents) {
        return wrap("palette entries", ents.message());
    }
    std::vector<uint32_t> out(pal.num_ents);
    for (size_t i = 0; i < out.size(); ++i) {
        out[i] = le32(ents->data() + i * 4);
    }
    return out;
}

Result<canvas::Image> decode_bitmap(const QXLBitmap& bm, std::span<const uint8_t> data,
                                    std::span<const uint32_t> palette, bool as_mask) {
    const uint32_t w = bm.x;
    const uint32_t h = bm.y;
    const uint64_t stride = bm.stride;
    const bool top_down = (bm.flags & QXL_BITMAP_TOP_DOWN) != 0;
    const uint8_t fmt = bm.format;
    const bool one_bit = fmt == SPICE_BITMAP_FMT_1BIT_LE || fmt == SPICE_BITMAP_FMT_1BIT_BE;
    const bool palette_fmt = one_bit || fmt == SPICE_BITMAP_FMT_4BIT_LE ||
                             fmt == SPICE_BITMAP_FMT_4BIT_BE || fmt == SPICE_BITMAP_FMT_8BIT;
    pixman_format_code_t out_format = PIXMAN_x8r8g8b8;
    if (as_mask && one_bit) {
        out_format = PIXMAN_a1;
    } else if (fmt == SPICE_BITMAP_FMT_RGBA) {
        out_format = PIXMAN_a8r8g8b8;
    } else if (fmt == SPICE_BITMAP_FMT_8BIT_A) {
        out_format = PIXMAN_a8;
    } else if (palette_fmt && palette.empty()) {
        if (!one_bit) {
            return make_error(fmt::format("bitmap format {} without a palette", fmt));
        }
        out_format = PIXMAN_a1;  // a palette-less 1-bit bitmap is a mask
    }
    auto image = canvas::create_image(out_format, static_cast<int>(w), static_cast<int>(h));
    if (!image) {
        return image.error();
    }
    uint8_t* dst = image->data();
    const auto dst_stride = static_cast<size_t>(image->stride());
    auto pal = [&](uint32_t index) -> Result<uint32_t> {
        if (index >= palette.size()) {
            return make_error(
                fmt::format("palette index {} beyond {} entries", index, palette.size()));
        }
        return palette[index] & 0xffffffU;
    };
    for (uint32_t y = 0; y < h; ++y) {
        const uint8_t* src = data.data() + (top_down ? y : h - 1 - y) * stride;
        uint8_t* row = dst + y * dst_stride;
        auto* row32 = reinterpret_cast<uint32_t*>(row);
        if (fmt == SPICE_BITMAP_FMT_32BIT || fmt == SPICE_BITMAP_FMT_RGBA) {
            std::memcpy(row, src, static_cast<size_t>(w) * 4);  // already pixman's layout (LE)
            continue;
        }
        if (out_format == PIXMAN_a1) {
            for (uint32_t x = 0; x < w; ++x) {
                const uint8_t byte = src[x / 8];
                const bool bit = fmt == SPICE_BITMAP_FMT_1BIT_LE ? ((byte >> (x % 8)) & 1) != 0
                                                                 : ((byte >> (7 - x % 8)) & 1) != 0;
                if (bit) {
                    row32[x / 32] |= uint32_t{1} << (x % 32);  // pixman a1: LSB first (LE host)
                }
            }
            continue;
        }
        for (uint32_t x = 0; x < w; ++x) {
            uint32_t pixel = 0;
            switch (fmt) {
                case SPICE_BITMAP_FMT_1BIT_LE:
                case SPICE_BITMAP_FMT_1BIT_BE: {
                    const uint8_t byte = src[x / 8];
                    const uint32_t bit = fmt == SPICE_BITMAP_FMT_1BIT_LE
                                             ? (byte >> (x % 8)) & 1
                                             : (byte >> (7 - x % 8)) & 1;
                    auto p = pal(bit);
                    if (!p) {
                        return p.error();
                    }
                    pixel = *p;
                    break;
                }
                case SPICE_BITMAP_FMT_4BIT_LE:
                case SPICE_BITMAP_FMT_4BIT_BE: {
                    const uint8_t byte = src[x / 2];
                    const bool low_first = fmt == SPICE_BITMAP_FMT_4BIT_LE;
                    const uint32_t nib = ((x % 2 == 0) == low_first) ? byte & 0xfU : byte >> 4U;
                    auto p = pal(nib);
                    if (!p) {
                        return p.error();
                    }
                    pixel = *p;
                    break;
                }
                case SPICE_BITMAP_FMT_8BIT: {
                    auto p = pal(src[x]);
                    if (!p) {
                        return p.error();
                    }
                    pixel = *p;
                    break;
                }
                case SPICE_BITMAP_FMT_8BIT_A:
                    row[x] = src[x];
                    continue;
                case SPICE_BITMAP_FMT_16BIT: {
                    const uint32_t v = static_cast<uint32_t>(src[x * 2]) |
                                       (static_cast<uint32_t>(src[x * 2 + 1]) << 8);
                    const uint32_t r = (v >> 10) & 0x1f;
                    const uint32_t g = (v >> 5) & 0x1f;
                    const uint32_t b = v & 0x1f;
                    pixel =
                        ((r << 3 | r >> 2) << 16) | ((g << 3 | g >> 2) << 8) | (b << 3 | b >> 2);
                    break;
                }
                case SPICE_BITMAP_FMT_24BIT:
                    pixel = static_cast<uint32_t>(src[x * 3]) |
                            (static_cast<uint32_t>(src[x * 3 + 1]) << 8) |
                            (static_cast<uint32_t>(src[x * 3 + 2]) << 16);
                    break;
                default:  // 32BIT, RGBA
                    pixel = le32(src + static_cast<size_t>(x) * 4);
                    break;
            }
            row32[x] = pixel;
        }
    }
    return std::move(*image);
}

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
};

Result<Source> parse_source(const ParseContext& ctx, uint64_t addr) {
    auto image = parse_image(ctx, addr);
    if (!image) {
        return wrap("source image", image.message());
    }
    return Source{std::move(image->image), !image->from_surface};
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

Result<DrawOp> parse_op(const ParseContext& ctx, const QXLDrawable& d, bool& src_is_bitmap) {
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

bool valid_surface(const ParseContext& ctx, int64_t id) {
    return id >= 0 && id < static_cast<int64_t>(ctx.n_surfaces);
}

}  // namespace

uint32_t surface_format_bits(uint32_t format) {
    switch (format) {
        case SPICE_SURFACE_FMT_1_A:
            return 1;
        case SPICE_SURFACE_FMT_8_A:
            return 8;
        case SPICE_SURFACE_FMT_16_555:
        case SPICE_SURFACE_FMT_16_565:
            return 16;
        case SPICE_SURFACE_FMT_32_xRGB:
        case SPICE_SURFACE_FMT_32_ARGB:
            return 32;
        default:
            return 0;
    }
}

Result<std::vector<uint8_t>> read_chunks(const ParseContext& ctx, uint64_t chunk_addr,
                                         uint64_t max_bytes, std::string_view what) {
    std::vector<uint8_t> out;
    uint64_t addr = chunk_addr;
    uint32_t chunks = 0;
    while (true) {
        if (++chunks > ctx.limits.max_chunks) {
            return make_error(
                fmt::format("{}: more than {} data chunks (a loop?)", what, ctx.limits.max_chunks));
        }
        auto head = ctx.slots.read<QXLDataChunk>(ctx.group_id, addr, what);
        if (!head) {
            return head.error();
        }
        const uint32_t size = head->data_size;
        if (size > max_bytes - out.size()) {
            return make_error(
                fmt::format("{}: data chunks hold more than {} bytes", what, max_bytes));
        }
        auto data = ctx.slots.translate(ctx.group_id, addr + sizeof(QXLDataChunk), size);
        if (!data) {
            return wrap(what, data.message());
        }
        out.insert(out.end(), data->begin(), data->end());
        if (head->next_chunk == 0) {
            break;
        }
        addr = head->next_chunk;
    }
    return out;
}

Result<ParsedImage> parse_image(const ParseContext& ctx, uint64_t addr, bool as_mask) {
    auto desc = ctx.slots.read<QXLImageDescriptor>(ctx.group_id, addr, "image");
    if (!desc) {
        return desc.error();
    }
    const uint64_t body = addr + sizeof(QXLImageDescriptor);
    if (desc->type == SPICE_IMAGE_TYPE_SURFACE) {
        auto sid = ctx.slots.read<QXLSurfaceId>(ctx.group_id, body, "surface image");
        if (!sid) {
            return sid.error();
        }
        if (!valid_surface(ctx, sid->surface_id) || !ctx.surface_image) {
            return make_error(fmt::format("surface image: no surface {}", +sid->surface_id));
        }
        auto image = ctx.surface_image(sid->surface_id);
        if (!image) {
            return wrap("surface image", image.message());
        }
        return ParsedImage{std::move(*image), true, sid->surface_id};
    }
    if (desc->type != SPICE_IMAGE_TYPE_BITMAP) {
        return make_error(
            fmt::format("image type {} not supported (BITMAP and SURFACE are)", +desc->type));
    }
    auto bm = ctx.slots.read<QXLBitmap>(ctx.group_id, body, "bitmap");
    if (!bm) {
        return bm.error();
    }
    if (bm->x == 0 || bm->y == 0 || bm->x > ctx.limits.max_image_side ||
        bm->y > ctx.limits.max_image_side) {
        return make_error(fmt::format("bitmap {}x{}: empty or larger than {} a side", +bm->x,
                                      +bm->y, ctx.limits.max_image_side));
    }
    const uint64_t row = row_bytes(bm->format, bm->x);
    if (row == 0) {
        return make_error(fmt::format("bitmap format {} unknown", +bm->format));
    }
    if (bm->stride < row) {
        return make_error(
            fmt::format("bitmap stride {} shorter than a row ({})", +bm->stride, row));
    }
    const uint64_t size = uint64_t{bm->stride} * bm->y;
    if (size > ctx.limits.max_image_bytes) {
        return make_error(
            fmt::format("bitmap of {} bytes (at most {})", size, ctx.limits.max_image_bytes));
    }
    std::vector<uint32_t> palette;
    if (bm->palette != 0) {
        auto pal = read_palette(ctx, bm->palette);
        if (!pal) {
            return pal.error();
        }
        palette = std::move(*pal);
    }
    std::vector<uint8_t> chunked;
    std::span<const uint8_t> data;
    if ((bm->flags & QXL_BITMAP_DIRECT) != 0) {
        auto direct = ctx.slots.translate(ctx.group_id, bm->data, size);
        if (!direct) {
            return wrap("bitmap data", direct.message());
        }
        data = *direct;
    } else {
        auto chunks = read_chunks(ctx, bm->data, size, "bitmap data");
        if (!chunks) {
            return chunks.error();
        }
        if (chunks->size() < size) {
            return make_error(
                fmt::format("bitmap data: {} bytes in chunks, {} needed", chunks->size(), size));
        }
        chunked = std::move(*chunks);
        data = chunked;
    }
    auto image = decode_bitmap(*bm, data, palette, as_mask);
    if (!image) {
        return wrap("bitmap", image.message());
    }
    return ParsedImage{std::move(*image), false, 0};
}

Result<ReleaseInfo> read_release_info(const ParseContext& ctx, uint64_t addr) {
    auto info = ctx.slots.read<QXLReleaseInfo>(ctx.group_id, addr, "release info");
    if (!info) {
        return info.error();
    }
    return ReleaseInfo{info->id, addr, ctx.group_id};
}

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
    auto op = parse_op(ctx, *d, out.src_is_bitmap);
    if (!op) {
        return wrap(fmt::format("drawable type {}", +d->type), op.message());
    }
    out.op = std::move(*op);
    return out;
}

Result<SurfaceCommand> parse_surface_command(const ParseContext& ctx, uint64_t addr) {
    auto c = ctx.slots.read<QXLSurfaceCmd>(ctx.group_id, addr, "surface command");
    if (!c) {
        return c.error();
    }
    SurfaceCommand out;
    out.release = ReleaseInfo{c->release_info.id, addr, ctx.group_id};
    out.surface_id = c->surface_id;
    out.type = c->type;
    out.flags = c->flags;
    if (!valid_surface(ctx, c->surface_id)) {
        return make_error(fmt::format("surface command: surface {} out of range ({} surfaces)",
                                      +c->surface_id, ctx.n_surfaces));
    }
    if (c->type == QXL_SURFACE_CMD_DESTROY) {
        return out;
    }
    if (c->type != QXL_SURFACE_CMD_CREATE) {
        return make_error(fmt::format("surface command type {} unknown", +c->type));
    }
    const QXLSurface& s = c->u.surface_create;
    const uint32_t bits = surface_format_bits(s.format);
    if (bits == 0) {
        return make_error(fmt::format("surface {}: format {} unknown", +c->surface_id, +s.format));
    }
    if (s.width == 0 || s.height == 0 || s.width > ctx.limits.max_image_side ||
        s.height > ctx.limits.max_image_side) {
        return make_error(fmt::format("surface {}: size {}x{} out of range", +c->surface_id,
                                      +s.width, +s.height));
    }
    const uint64_t abs_stride =
        s.stride < 0 ? uint64_t{0} - static_cast<uint64_t>(static_cast<int64_t>(s.stride))
                     : static_cast<uint64_t>(s.stride);
    if (abs_stride < (uint64_t{s.width} * bits + 7) / 8) {
        return make_error(fmt::format("surface {}: stride {} shorter than a row of {} pixels",
                                      +c->surface_id, +s.stride, +s.width));
    }
    if (auto mem = ctx.slots.translate(ctx.group_id, s.data, abs_stride * s.height); !mem) {
        return wrap(fmt::format("surface {} memory", +c->surface_id), mem.message());
    }
    out.format = s.format;
    out.width = s.width;
    out.height = s.height;
    out.stride = s.stride;
    out.data = s.data;
    return out;
}

Result<UpdateCommand> parse_update_command(const ParseContext& ctx, uint64_t addr) {
    auto c = ctx.slots.read<QXLUpdateCmd>(ctx.group_id, addr, "update command");
    if (!c) {
        return c.error();
    }
    if (!valid_surface(ctx, c->surface_id)) {
        return make_error(fmt::format("update command: surface {} out of range", +c->surface_id));
    }
    return UpdateCommand{ReleaseInfo{c->release_info.id, addr, ctx.group_id}, to_rect(c->area),
                         c->update_id, c->surface_id};
}

Result<CursorCommand> parse_cursor_command(const ParseContext& ctx, uint64_t addr) {
    auto c = ctx.slots.read<QXLCursorCmd>(ctx.group_id, addr, "cursor command");
    if (!c) {
        return c.error();
    }
    CursorCommand out;
    out.release = ReleaseInfo{c->release_info.id, addr, ctx.group_id};
    out.type = c->type;
    switch (c->type) {
        case QXL_CURSOR_MOVE:
            out.x = c->u.position.x;
            out.y = c->u.position.y;
            return out;
        case QXL_CURSOR_HIDE:
            return out;
        case QXL_CURSOR_TRAIL:
            out.trail_length = c->u.trail.length;
            out.trail_frequency = c->u.trail.frequency;
            return out;
        case QXL_CURSOR_SET:
            break;
        default:
            return make_error(fmt::format("cursor command type {} unknown", +c->type));
    }
    out.x = c->u.set.position.x;
    out.y = c->u.set.position.y;
    out.visible = c->u.set.visible != 0;
    const uint64_t shape_addr = c->u.set.shape;
    auto cur = ctx.slots.read<QXLCursor>(ctx.group_id, shape_addr, "cursor shape");
    if (!cur) {
        return cur.error();
    }
    const QXLCursorHeader h = cur->header;
    if (h.width > ctx.limits.max_cursor_side || h.height > ctx.limits.max_cursor_side) {
        return make_error(fmt::format("cursor {}x{} larger than {} a side", +h.width, +h.height,
                                      ctx.limits.max_cursor_side));
    }
    const uint64_t pixels = uint64_t{h.width} * h.height;
    const uint64_t mask_bytes = (uint64_t{h.width} + 7) / 8 * h.height;
    uint64_t expected = 0;
    switch (h.type) {
        case SPICE_CURSOR_TYPE_ALPHA:
            expected = pixels * 4;
            break;
        case SPICE_CURSOR_TYPE_MONO:
            expected = mask_bytes * 2;
            break;
        case SPICE_CURSOR_TYPE_COLOR32:
            expected = pixels * 4 + mask_bytes;
            break;
        default:
            return make_error(fmt::format("cursor type {} not supported", +h.type));
    }
    if (h.hot_spot_x > h.width || h.hot_spot_y > h.height) {
        return make_error("cursor hot spot outside the cursor");
    }
    auto data = read_chunks(ctx, shape_addr + offsetof(QXLCursor, chunk), expected, "cursor data");
    if (!data) {
        return data.error();
    }
    if (data->size() != expected || cur->data_size != expected) {
        return make_error(fmt::format("cursor data: {} bytes (data_size {}), {} expected",
                                      data->size(), +cur->data_size, expected));
    }
    auto shape = std::make_shared<CursorShape>();
    shape->unique = h.unique;
    shape->type = static_cast<uint8_t>(h.type);
    shape->width = h.width;
    shape->height = h.height;
    shape->hot_x = h.hot_spot_x;
    shape->hot_y = h.hot_spot_y;
    shape->data = std::move(*data);
    out.shape = std::move(shape);
    return out;
}

Result<MessageCommand> parse_message_command(const ParseContext& ctx, uint64_t addr) {
    auto info = read_release_info(ctx, addr);
    if (!info) {
        return info.error();
    }
    MessageCommand out;
    out.release = *info;
    // The text is NUL-terminated; read byte by byte up to 1 KiB, staying inside the slot.
    const uint64_t text = addr + sizeof(QXLReleaseInfo);
    for (uint64_t i = 0; i < 1024; ++i) {
        auto byte = ctx.slots.translate(ctx.group_id, text + i, 1);
        if (!byte || (*byte)[0] == 0) {
            break;
        }
        const auto ch = static_cast<char>((*byte)[0]);
        out.text.push_back(ch >= 0x20 && ch < 0x7f ? ch : '?');
    }
    return out;
}

}  // namespace spicedesk::core::qxl
