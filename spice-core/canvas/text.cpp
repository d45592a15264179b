#include "spice-core/canvas/text.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "spice-core/canvas/raster.hpp"

namespace spicedesk::core::canvas {

namespace {

int depth_of(uint8_t flags) {
    const unsigned raster = flags & (SPICE_STRING_FLAGS_RASTER_A1 | SPICE_STRING_FLAGS_RASTER_A4 |
                                     SPICE_STRING_FLAGS_RASTER_A8);
    switch (raster) {
        case SPICE_STRING_FLAGS_RASTER_A1:
            return 1;
        case SPICE_STRING_FLAGS_RASTER_A4:
            return 4;
        case SPICE_STRING_FLAGS_RASTER_A8:
            return 8;
        default:
            return 0;
    }
}

Box64 glyph_box(const RasterGlyph& glyph) {
    const int64_t left = static_cast<int64_t>(glyph.render_pos.x) + glyph.glyph_origin.x;
    const int64_t top = static_cast<int64_t>(glyph.render_pos.y) + glyph.glyph_origin.y;
    return Box64{left, top, left + glyph.width, top + glyph.height};
}

size_t row_bytes(int depth, int width) {
    return (static_cast<size_t>(width) * static_cast<size_t>(depth) + 7) / 8;
}

uint8_t coverage(const uint8_t* row, int x, int depth) {
    switch (depth) {
        case 1:
            return ((row[x >> 3] >> (7 - (x & 7))) & 1U) != 0 ? 0xff : 0;
        case 4:
            return (x & 1) == 0 ? static_cast<uint8_t>(row[x >> 1] & 0xf0)
                                : static_cast<uint8_t>(row[x >> 1] << 4);
        default:
            return row[x];
    }
}

}  // namespace

Result<GlyphMask> render_glyphs(const GlyphString& str, const Box64& limit) {
    const int depth = depth_of(str.flags);
    if (depth == 0) {
        return make_error(
            fmt::format("text: string flags {:#x} name no single raster depth", str.flags));
    }
    // Validate every glyph first, and find what falls inside limit.
    Box64 bounds;
    bool any = false;
    for (size_t i = 0; i < str.glyphs.size(); ++i) {
        const RasterGlyph& glyph = str.glyphs[i];
        const size_t needed = row_bytes(depth, glyph.width) * glyph.height;
        if (glyph.data.size() < needed) {
            return make_error(fmt::format("text: glyph {} ({}x{}, {} bpp) has {} bytes, needs {}",
                                          i, glyph.width, glyph.height, depth, glyph.data.size(),
                                          needed));
        }
        const Box64 inside = intersect(glyph_box(glyph), limit);
        if (inside.empty()) {
            continue;
        }
        bounds = any ? Box64{std::min(bounds.x1, inside.x1), std::min(bounds.y1, inside.y1),
                             std::max(bounds.x2, inside.x2), std::max(bounds.y2, inside.y2)}
                     : inside;
        any = true;
    }
    if (!any) {
        return GlyphMask{};
    }
    auto mask = create_image(PIXMAN_a8, static_cast<int>(bounds.width()),
                             static_cast<int>(bounds.height()));
    if (!mask) {
        return make_error("text: " + mask.message());
    }
    // Rows are read bottom-up whatever SPICE_STRING_FLAGS_RASTER_TOP_DOWN says: spice-common's
    // canvas (libspice-server, spice-gtk) never implemented the flag, so guests and servers send
    // glyphs that every client draws this way, and honouring it would turn text over.
    for (const RasterGlyph& glyph : str.glyphs) {
        const Box64 box = glyph_box(glyph);
        const Box64 inside = intersect(box, bounds);
        if (inside.empty()) {
            continue;
        }
        const size_t stride = row_bytes(depth, glyph.width);
        for (int64_t y = inside.y1; y < inside.y2; ++y) {
            const int64_t gy = y - box.y1;  // row from the glyph's top
            const int64_t data_row = glyph.height - 1 - gy;
            const uint8_t* src = glyph.data.data() + static_cast<size_t>(data_row) * stride;
            uint8_t* dst = row_at(*mask, static_cast<int>(y - bounds.y1));
            for (int64_t x = inside.x1; x < inside.x2; ++x) {
                uint8_t& out = dst[x - bounds.x1];
                out = std::max(out, coverage(src, static_cast<int>(x - box.x1), depth));
            }
        }
    }
    return GlyphMask{std::move(*mask), static_cast<int>(bounds.x1), static_cast<int>(bounds.y1)};
}

}  // namespace spicedesk::core::canvas
