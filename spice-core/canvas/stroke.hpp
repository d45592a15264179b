#pragma once

// DRAW_STROKE geometry: a SPICE path (28.4 fixed points, BEGIN/END/CLOSE/BEZIER segments) as
// polylines of cosmetic zero-width lines, rasterized as X11's mi zero-width lines are
// (Bresenham with the default thin-line bias, endpoint-exclusive: CapNotLast, as spice-common
// draws win32 cosmetic lines), optionally dashed (SPICE_LINE_FLAGS_STYLED).

#include <cstdint>
#include <functional>
#include <vector>

#include "common/result.hpp"
#include "spice-core/canvas/geometry.hpp"
#include "spice-core/canvas/types.hpp"

namespace spicedesk::core::canvas {

// 28.4 fixed to int, as spice-common rounds it (a fraction of exactly one half rounds down).
int32_t fix_to_int(int32_t fixed);

// Calls plot(x, y) for every pixel of the stroked path that lies in bounds (a box inside the
// surface), in drawing order (a pixel where lines cross is plotted once per line). The work per
// line is bounded by the size of bounds, whatever the coordinates; a path that flattens to more
// than 2^18 points is refused.
Status rasterize_stroke(const Stroke& stroke, const Box64& bounds,
                        const std::function<void(int, int)>& plot);

}  // namespace spicedesk::core::canvas
