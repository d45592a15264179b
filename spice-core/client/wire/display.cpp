#include "spice-core/client/wire/display.hpp"

#include <fmt/format.h>

namespace spicedesk::core::client::wire {

namespace {

DisplayBase read_base(Reader& r) {
    DisplayBase b;
    b.surface_id = r.u32("base.surface_id");
    b.box = read_rect(r);
    b.clip = read_clip(r);
    return b;
}

// Finishes a message: an error naming the message when any read failed.
template <typename T>
Result<DisplayMessage> done(const Reader& r, std::string_view what, T&& msg) {
    if (auto st = r.finish(what); !st) {
        return st.error();
    }
    return DisplayMessage(std::forward<T>(msg));
}

Error sub_error(std::string_view what, const Error& e) {
    return make_error(fmt::format("malformed {}: {}", what, e.message));
}

Result<std::vector<canvas::PathSegment>> read_path_at(const Reader& msg, uint32_t offset) {
    if (offset == 0) {
        return make_error("null path pointer");
    }
    Reader r = msg.at(offset, "path pointer");
    uint32_t n = r.u32("path.num_segments");
    // Each segment takes at least 5 bytes.
    if (n > kMaxPathSegments || uint64_t{n} * 5 > r.remaining()) {
        return make_error(fmt::format("path of {} segments does not fit", n));
    }
    std::vector<canvas::PathSegment> path(n);
    for (auto& seg : path) {
        seg.flags = r.u8("segment.flags");
        uint32_t count = r.u32("segment.count");
        if (uint64_t{count} * 8 > r.remaining()) {
            return make_error(fmt::format("path segment of {} points does not fit", count));
        }
        seg.points.resize(count);
        for (auto& p : seg.points) {
            p.x = r.i32("point.x");
            p.y = r.i32("point.y");
        }
    }
    if (!r.ok()) {
        return make_error(r.error());
    }
    return path;
}

Result<canvas::GlyphString> read_string_at(const Reader& msg, uint32_t offset) {
    if (offset == 0) {
        return make_error("null string pointer");
    }
    Reader r = msg.at(offset, "string pointer");
    canvas::GlyphString s;
    uint16_t n = r.u16("string.length");
    s.flags = r.u8("string.flags");
    unsigned bpp = 0;
    if (s.flags & SPICE_STRING_FLAGS_RASTER_A1) {
        bpp = 1;
    } else if (s.flags & SPICE_STRING_FLAGS_RASTER_A4) {
        bpp = 4;
    } else if (s.flags & SPICE_STRING_FLAGS_RASTER_A8) {
        bpp = 8;
    } else if (n != 0) {
        return make_error(fmt::format("string flags {:#x} name no raster depth", s.flags));
    }
    if (uint64_t{n} * 20 > r.remaining()) {
        return make_error(fmt::format("string of {} glyphs does not fit", n));
    }
    s.glyphs.resize(n);
    for (auto& g : s.glyphs) {
        g.render_pos = read_point(r);
        g.glyph_origin = read_point(r);
        g.width = r.u16("glyph.width");
        g.height = r.u16("glyph.height");
        uint64_t size = (uint64_t{g.width} * bpp + 7) / 8 * g.height;
        if (size > r.remaining()) {
            return make_error(fmt::format("glyph {}x{} does not fit", g.width, g.height));
        }
        auto data = r.bytes(static_cast<size_t>(size), "glyph.data");
        g.data.assign(data.begin(), data.end());
    }
    if (!r.ok()) {
        return make_error(r.error());
    }
    return s;
}

Result<canvas::LineAttr> read_line_attr(Reader& r) {
    canvas::LineAttr a;
    a.flags = r.u8("attr.flags");
    if (a.flags & SPICE_LINE_FLAGS_STYLED) {
        uint8_t nseg = r.u8("attr.style_nseg");
        uint32_t ptr = r.u32("attr.style pointer");
        if (!r.ok()) {
            return make_error(r.error());
        }
        if (ptr != 0) {
            Reader s = r.at(ptr, "style pointer");
            a.style.resize(nseg);
            for (auto& v : a.style) {
                v = s.i32("style");
            }
            if (!s.ok()) {
                return make_error(s.error());
            }
        }
    }
    return a;
}

canvas::Transform read_transform(Reader& r) {
    canvas::Transform t;
    t.t00 = r.u32("t00");
    t.t01 = r.u32("t01");
    t.t02 = r.u32("t02");
    t.t10 = r.u32("t10");
    t.t11 = r.u32("t11");
    t.t12 = r.u32("t12");
    return t;
}

// Stops at the first failed read (naming its field) before parsing a sub-structure.
#define TRY_ASSIGN(lhs, expr, what)               \
    do {                                          \
        if (!r.ok()) {                            \
            return r.finish(what).error();        \
        }                                         \
        auto tmp_ = (expr);                       \
        if (!tmp_) {                              \
            return sub_error(what, tmp_.error()); \
        }                                         \
        lhs = std::move(*tmp_);                   \
    } while (0)

Result<DisplayMessage> parse_draw(uint16_t type, Reader& r) {
    switch (type) {
        case SPICE_MSG_DISPLAY_DRAW_FILL: {
            DrawFill m;
            m.base = read_base(r);
            TRY_ASSIGN(m.brush, read_brush(r), "DRAW_FILL");
            m.rop_descriptor = r.u16("rop_descriptor");
            TRY_ASSIGN(m.mask, read_mask(r), "DRAW_FILL");
            return done(r, "DRAW_FILL", std::move(m));
        }
        case SPICE_MSG_DISPLAY_DRAW_OPAQUE: {
            DrawOpaque m;
            m.base = read_base(r);
            TRY_ASSIGN(m.src, read_image_ptr(r), "DRAW_OPAQUE");
            m.src_area = read_rect(r);
            TRY_ASSIGN(m.brush, read_brush(r), "DRAW_OPAQUE");
            m.rop_descriptor = r.u16("rop_descriptor");
            m.scale_mode = r.u8("scale_mode");
            TRY_ASSIGN(m.mask, read_mask(r), "DRAW_OPAQUE");
            return done(r, "DRAW_OPAQUE", std::move(m));
        }
        case SPICE_MSG_DISPLAY_DRAW_COPY:
        case SPICE_MSG_DISPLAY_DRAW_BLEND: {
            const char* what = type == SPICE_MSG_DISPLAY_DRAW_COPY ? "DRAW_COPY" : "DRAW_BLEND";
            DrawCopy m;
            m.blend = type == SPICE_MSG_DISPLAY_DRAW_BLEND;
            m.base = read_base(r);
            TRY_ASSIGN(m.src, read_image_ptr(r), what);
            m.src_area = read_rect(r);
            m.rop_descriptor = r.u16("rop_descriptor");
            m.scale_mode = r.u8("scale_mode");
            TRY_ASSIGN(m.mask, read_mask(r), what);
            return done(r, what, std::move(m));
        }
        case SPICE_MSG_DISPLAY_DRAW_BLACKNESS:
        case SPICE_MSG_DISPLAY_DRAW_WHITENESS:
        case SPICE_MSG_DISPLAY_DRAW_INVERS: {
            DrawMaskOnly m;
            m.type = type;
            m.base = read_base(r);
            TRY_ASSIGN(m.mask, read_mask(r), "DRAW_BLACKNESS/WHITENESS/INVERS");
            return done(r, "DRAW_BLACKNESS/WHITENESS/INVERS", std::move(m));
        }
        case SPICE_MSG_DISPLAY_DRAW_ROP3: {
            DrawRop3 m;
            m.base = read_base(r);
            TRY_ASSIGN(m.src, read_image_ptr(r), "DRAW_ROP3");
            m.src_area = read_rect(r);
            TRY_ASSIGN(m.brush, read_brush(r), "DRAW_ROP3");
            m.rop3 = r.u8("rop3");
            m.scale_mode = r.u8("scale_mode");
            TRY_ASSIGN(m.mask, read_mask(r), "DRAW_ROP3");
            return done(r, "DRAW_ROP3", std::move(m));
        }
        case SPICE_MSG_DISPLAY_DRAW_STROKE: {
            DrawStroke m;
            m.base = read_base(r);
            uint32_t path_ptr = r.u32("path pointer");
            if (!r.ok()) {
                return r.finish("DRAW_STROKE").error();
            }
            TRY_ASSIGN(m.path, read_path_at(r, path_ptr), "DRAW_STROKE");
            TRY_ASSIGN(m.attr, read_line_attr(r), "DRAW_STROKE");
            TRY_ASSIGN(m.brush, read_brush(r), "DRAW_STROKE");
            m.fore_mode = r.u16("fore_mode");
            m.back_mode = r.u16("back_mode");
            return done(r, "DRAW_STROKE", std::move(m));
        }
        case SPICE_MSG_DISPLAY_DRAW_TEXT: {
            DrawText m;
            m.base = read_base(r);
            uint32_t str_ptr = r.u32("string pointer");
            if (!r.ok()) {
                return r.finish("DRAW_TEXT").error();
            }
            TRY_ASSIGN(m.str, read_string_at(r, str_ptr), "DRAW_TEXT");
            m.back_area = read_rect(r);
            TRY_ASSIGN(m.fore_brush, read_brush(r), "DRAW_TEXT");
            TRY_ASSIGN(m.back_brush, read_brush(r), "DRAW_TEXT");
            m.fore_mode = r.u16("fore_mode");
            m.back_mode = r.u16("back_mode");
            return done(r, "DRAW_TEXT", std::move(m));
        }
        case SPICE_MSG_DISPLAY_DRAW_TRANSPARENT: {
            DrawTransparent m;
            m.base = read_base(r);
            TRY_ASSIGN(m.src, read_image_ptr(r), "DRAW_TRANSPARENT");
            m.src_area = read_rect(r);
            m.src_color = r.u32("src_color");
            m.true_color = r.u32("true_color");
            return done(r, "DRAW_TRANSPARENT", std::move(m));
        }
        case SPICE_MSG_DISPLAY_DRAW_ALPHA_BLEND: {
            DrawAlphaBlend m;
            m.base = read_base(r);
            m.alpha_flags = r.u8("alpha_flags");
            m.alpha = r.u8("alpha");
            TRY_ASSIGN(m.src, read_image_ptr(r), "DRAW_ALPHA_BLEND");
            m.src_area = read_rect(r);
            return done(r, "DRAW_ALPHA_BLEND", std::move(m));
        }
        case SPICE_MSG_DISPLAY_DRAW_COMPOSITE: {
            DrawComposite m;
            m.base = read_base(r);
            m.flags = r.u32("composite.flags");
            TRY_ASSIGN(m.src, read_image_ptr(r), "DRAW_COMPOSITE");
            if (m.flags & SPICE_COMPOSITE_HAS_MASK) {
                TRY_ASSIGN(m.mask, read_optional_image(r), "DRAW_COMPOSITE");
            }
            if (m.flags & SPICE_COMPOSITE_HAS_SRC_TRANSFORM) {
                m.src_transform = read_transform(r);
            }
            if (m.flags & SPICE_COMPOSITE_HAS_MASK_TRANSFORM) {
                m.mask_transform = read_transform(r);
            }
            m.src_origin = read_point16(r);
            m.mask_origin = read_point16(r);
            return done(r, "DRAW_COMPOSITE", std::move(m));
        }
        default:
            return make_error(fmt::format("unknown display message type {}", type));
    }
}

}  // namespace

bool is_display_message(uint16_t type) {
    return (type >= SPICE_MSG_DISPLAY_MODE && type <= SPICE_MSG_DISPLAY_INVAL_ALL_PALETTES) ||
           (type >= SPICE_MSG_DISPLAY_STREAM_CREATE &&
            type <= SPICE_MSG_DISPLAY_STREAM_DESTROY_ALL) ||
           (type >= SPICE_MSG_DISPLAY_DRAW_FILL && type <= SPICE_MSG_DISPLAY_QUALITY_INDICATOR);
}

Result<DisplayMessage> parse_display_message(uint16_t type, std::span<const uint8_t> body) {
    Reader r(body);
    switch (type) {
        case SPICE_MSG_DISPLAY_MODE: {
            DisplayMode m;
            m.x_res = r.u32("x_res");
            m.y_res = r.u32("y_res");
            m.bits = r.u32("bits");
            return done(r, "DISPLAY_MODE", m);
        }
        case SPICE_MSG_DISPLAY_MARK:
            return DisplayMessage(Mark{});
        case SPICE_MSG_DISPLAY_RESET:
            return DisplayMessage(Reset{});
        case SPICE_MSG_DISPLAY_COPY_BITS: {
            CopyBits m;
            m.base = read_base(r);
            m.src_pos = read_point(r);
            return done(r, "COPY_BITS", std::move(m));
        }
        case SPICE_MSG_DISPLAY_INVAL_LIST: {
            InvalList m;
            uint16_t n = r.u16("count");
            if (uint64_t{n} * 9 > r.remaining()) {
                return make_error(fmt::format("malformed INVAL_LIST: {} resources do not fit", n));
            }
            m.resources.resize(n);
            for (auto& res : m.resources) {
                res.type = r.u8("resource.type");
                res.id = r.u64("resource.id");
            }
            return done(r, "INVAL_LIST", std::move(m));
        }
        case SPICE_MSG_DISPLAY_INVAL_ALL_PIXMAPS: {
            InvalAllPixmaps m;
            uint8_t n = r.u8("wait_count");
            if (uint64_t{n} * 10 > r.remaining()) {
                return make_error(
                    fmt::format("malformed INVAL_ALL_PIXMAPS: {} waits do not fit", n));
            }
            m.wait_list.resize(n);
            for (auto& w : m.wait_list) {
                w.channel_type = r.u8("channel_type");
                w.channel_id = r.u8("channel_id");
                w.message_serial = r.u64("message_serial");
            }
            return done(r, "INVAL_ALL_PIXMAPS", std::move(m));
        }
        case SPICE_MSG_DISPLAY_INVAL_PALETTE: {
            InvalPalette m;
            m.id = r.u64("id");
            return done(r, "INVAL_PALETTE", m);
        }
        case SPICE_MSG_DISPLAY_INVAL_ALL_PALETTES:
            return DisplayMessage(InvalAllPalettes{});
        case SPICE_MSG_DISPLAY_STREAM_CREATE: {
            StreamCreate m;
            m.surface_id = r.u32("surface_id");
            m.id = r.u32("id");
            m.flags = r.u8("flags");
            m.codec_type = r.u8("codec_type");
            m.stamp = r.u64("stamp");
            m.stream_width = r.u32("stream_width");
            m.stream_height = r.u32("stream_height");
            m.src_width = r.u32("src_width");
            m.src_height = r.u32("src_height");
            m.dest = read_rect(r);
            m.clip = read_clip(r);
            return done(r, "STREAM_CREATE", std::move(m));
        }
        case SPICE_MSG_DISPLAY_STREAM_DATA: {
            StreamData m;
            m.id = r.u32("id");
            m.multi_media_time = r.u32("multi_media_time");
            uint32_t size = r.u32("data_size");
            m.data = r.bytes(size, "data");
            return done(r, "STREAM_DATA", m);
        }
        case SPICE_MSG_DISPLAY_STREAM_DATA_SIZED: {
            StreamData m;
            m.sized = true;
            m.id = r.u32("id");
            m.multi_media_time = r.u32("multi_media_time");
            m.width = r.u32("width");
            m.height = r.u32("height");
            m.dest = read_rect(r);
            uint32_t size = r.u32("data_size");
            m.data = r.bytes(size, "data");
            return done(r, "STREAM_DATA_SIZED", m);
        }
        case SPICE_MSG_DISPLAY_STREAM_CLIP: {
            StreamClip m;
            m.id = r.u32("id");
            m.clip = read_clip(r);
            return done(r, "STREAM_CLIP", std::move(m));
        }
        case SPICE_MSG_DISPLAY_STREAM_DESTROY: {
            StreamDestroy m;
            m.id = r.u32("id");
            return done(r, "STREAM_DESTROY", m);
        }
        case SPICE_MSG_DISPLAY_STREAM_DESTROY_ALL:
            return DisplayMessage(StreamDestroyAll{});
        case SPICE_MSG_DISPLAY_STREAM_ACTIVATE_REPORT: {
            StreamActivateReport m;
            m.stream_id = r.u32("stream_id");
            m.unique_id = r.u32("unique_id");
            m.max_window_size = r.u32("max_window_size");
            m.timeout_ms = r.u32("timeout_ms");
            return done(r, "STREAM_ACTIVATE_REPORT", m);
        }
        case SPICE_MSG_DISPLAY_SURFACE_CREATE: {
            SurfaceCreate m;
            m.surface_id = r.u32("surface_id");
            m.width = r.u32("width");
            m.height = r.u32("height");
            m.format = r.u32("format");
            m.flags = r.u32("flags");
            return done(r, "SURFACE_CREATE", m);
        }
        case SPICE_MSG_DISPLAY_SURFACE_DESTROY: {
            SurfaceDestroy m;
            m.surface_id = r.u32("surface_id");
            return done(r, "SURFACE_DESTROY", m);
        }
        case SPICE_MSG_DISPLAY_MONITORS_CONFIG: {
            MonitorsConfig m;
            uint16_t n = r.u16("count");
            m.max_allowed = r.u16("max_allowed");
            if (n > kMaxMonitors) {
                return make_error(
                    fmt::format("malformed MONITORS_CONFIG: {} heads (limit {})", n, kMaxMonitors));
            }
            m.heads.resize(n);
            for (auto& h : m.heads) {
                h.monitor_id = r.u32("monitor_id");
                h.surface_id = r.u32("surface_id");
                h.width = r.u32("width");
                h.height = r.u32("height");
                h.x = r.u32("x");
                h.y = r.u32("y");
                h.flags = r.u32("flags");
            }
            return done(r, "MONITORS_CONFIG", std::move(m));
        }
        case SPICE_MSG_DISPLAY_GL_SCANOUT_UNIX:
        case SPICE_MSG_DISPLAY_GL_DRAW:
        case SPICE_MSG_DISPLAY_QUALITY_INDICATOR:
            return DisplayMessage(DisplayIgnored{type});
        default:
            return parse_draw(type, r);
    }
}

}  // namespace spicedesk::core::client::wire
