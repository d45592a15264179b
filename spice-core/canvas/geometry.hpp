#pragma once

// Clamping of untrusted geometry: every box, clip and mask is reduced to the surface in 64-bit
// arithmetic before a pixman region or a pixel address is made of it, so no wire value can make
// the canvas read or write outside an image or overflow an int.

#include <cstdint>

#include "common/result.hpp"
#include "spice-core/canvas/image.hpp"
#include "spice-core/canvas/types.hpp"

namespace spicedesk::core::canvas {

// A box in 64-bit coordinates, half-open.
struct Box64 {
    int64_t x1 = 0;
    int64_t y1 = 0;
    int64_t x2 = 0;
    int64_t y2 = 0;

    bool empty() const { return x2 <= x1 || y2 <= y1; }
    int64_t width() const { return x2 - x1; }
    int64_t height() const { return y2 - y1; }
};

Box64 to_box(const Rect& rect);
Box64 intersect(const Box64& a, const Box64& b);
// The box as a region; the box must already lie within int32 (e.g. be clamped to a surface).
Region region_of(const Box64& box);

// The pixels a draw may touch: box ∩ [0, width) x [0, height) ∩ clip.
Region draw_region(const Rect& box, const Clip& clip, int width, int height);

// Restricts region to the set bits (clear bits with SPICE_MASK_FLAGS_INVERS) of the mask, placed
// so that mask pixel mask.pos is at (box.left, box.top). No bitmap: region is unchanged.
Status apply_mask(Region& region, const Rect& box, const QMask& mask);

}  // namespace spicedesk::core::canvas
