#pragma once

// Scaled sources: src_area of an image stretched to a draw's box (DRAW_COPY, OPAQUE, ROP3,
// TRANSPARENT and ALPHA_BLEND when the sizes differ), rendered by pixman with the SPICE scale
// mode into a temporary image that covers only the pixels the draw touches.

#include <pixman.h>

#include "common/result.hpp"
#include "spice-core/canvas/image.hpp"
#include "spice-core/canvas/raster.hpp"
#include "spice-core/canvas/types.hpp"

namespace spicedesk::core::canvas {

// True when box and src_area have the same size (no scaling).
bool same_size(const Rect& box, const Rect& src_area);

// src_area of src scaled to box, sampled at pixel centres (nearest: the source pixel under the
// centre, ties to the lower index; interpolate: pixman's GOOD filter), converted to `format`,
// over the extents of region. src_area must lie inside src and src must be smaller than 32768
// pixels each way (pixman's fixed point); otherwise an error and nothing is drawn.
Result<PlacedSource> scale_source(const Image& src, const Rect& src_area, const Rect& box,
                                  ScaleMode mode, pixman_format_code_t format,
                                  const Region& region);

}  // namespace spicedesk::core::canvas
