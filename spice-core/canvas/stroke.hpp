#pragma once

// DRAW_STROKE geometry: a SPICE path (28.4 fixed points, BEGIN/END/CLOSE/BEZIER segments) as
// polylines of cosmetic zero-width lines, rasterized as X11's mi zero-width lines are
// (Bresenham with the default thin-line bias, endpoint-exclusive: CapNotLast, as spice-common
// draws win32 cosmetic lines), optionally dashed (SPICE_LINE_FLAGS_STYLED).

#include <cstdint>
#include <functional>
#include <vector>

#include "common/result.hpp"
#include "spice-core/canvas/types.hpp"

namespace spicedesk::core::canvas {

// 28.4 fixed to int, as spice-common rounds it (a fraction of exactly one half rounds down).
int32_t fix_to_int(int32_t fixed);

// Calls plot(x, y) for every pixel of the stroked path that lies in [0, width) x [0, height), in
// drawing order (a pixel where lines cross is plotted once per line). The work is bounded by
// the surface size per line, whatever the coordinates.
Status rasterize_stroke(const Stroke& stroke, int width, int height,
                        const std::function<void(int, int)>& plot);

}  // namespace spicedesk::core::canvas
