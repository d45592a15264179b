#pragma once

// The SPICE draw-operation renderer: applies DRAW_* commands and COPY_BITS to one pixman
// surface, with clip and mask, as spice-common's canvas does for libspice-server and spice-gtk.
// Shared by the server's QXL worker (render for update_area and new clients) and our client.
//
// Every geometry is untrusted: boxes, clips, masks, source areas, glyph and path positions are
// clamped so that no draw reads or writes outside its surface or its sources; what cannot be
// drawn safely (a scaled source area outside its image, malformed glyphs, unknown enum values)
// returns an error and leaves the surface unchanged, or changed only by the parts already drawn
// (a text's back area). Sources are decoded pixman images (any format pixman reads), including
// another canvas's surface or this canvas's own (SURFACE images).
//
// Thread: a Canvas belongs to the thread that draws on it (the worker thread or the client's
// display thread); it is movable, not shareable.

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "spice-core/canvas/geometry.hpp"
#include "spice-core/canvas/image.hpp"
#include "spice-core/canvas/rop.hpp"
#include "spice-core/canvas/types.hpp"

namespace spicedesk::core::canvas {

class Canvas {
  public:
    // A new zero-filled surface of a SPICE surface format (SPICE_SURFACE_FMT_*).
    static Result<Canvas> create(uint32_t spice_surface_format, int width, int height);
    // Draws on an existing image (e.g. guest memory the worker wrapped); its format must be one
    // of a1, a8, x1r5g5b5, r5g6b5, x8r8g8b8, a8r8g8b8.
    static Result<Canvas> wrap(Image surface);

    const Image& surface() const { return surface_; }
    int width() const { return surface_.width(); }
    int height() const { return surface_.height(); }

    Status draw_fill(const Rect& box, const Clip& clip, const Fill& fill);
    Status draw_opaque(const Rect& box, const Clip& clip, const Opaque& opaque);
    Status draw_copy(const Rect& box, const Clip& clip, const Copy& copy);
    Status draw_blend(const Rect& box, const Clip& clip, const Blend& blend);
    Status draw_blackness(const Rect& box, const Clip& clip, const Blackness& blackness);
    Status draw_whiteness(const Rect& box, const Clip& clip, const Whiteness& whiteness);
    Status draw_invers(const Rect& box, const Clip& clip, const Invers& invers);
    Status draw_rop3(const Rect& box, const Clip& clip, const Rop3& rop3);
    Status draw_stroke(const Rect& box, const Clip& clip, const Stroke& stroke);
    Status draw_text(const Rect& box, const Clip& clip, const Text& text);
    Status draw_transparent(const Rect& box, const Clip& clip, const Transparent& transparent);
    Status draw_alpha_blend(const Rect& box, const Clip& clip, const AlphaBlend& alpha_blend);
    Status draw_composite(const Rect& box, const Clip& clip, const Composite& composite);
    // COPY_BITS: box takes the pixels at src_pos (same size) of this surface; overlapping moves
    // read the source as it was before the draw.
    Status copy_bits(const Rect& box, const Clip& clip, Point src_pos);

    // Restricts every draw until group_end() to the union of rects (as spice-common's
    // group_start: e.g. the visible part of a drawable during update_area).
    void group_start(const std::vector<Rect>& rects);
    void group_end();

    // A copy of area of the surface (e.g. for the display encoder); area must lie inside it.
    Result<Image> read_area(const Rect& area) const;

  private:
    explicit Canvas(Image surface) : surface_(std::move(surface)) {}
    // box ∩ surface ∩ clip ∩ the group restriction.
    Region region_for(const Rect& box, const Clip& clip) const;
    Status draw_mask_only(const Rect& box, const Clip& clip, const QMask& mask, const Brush& brush,
                          Rop rop);

    Image surface_;
    std::optional<Region> group_;
};

}  // namespace spicedesk::core::canvas
