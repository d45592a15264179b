#pragma once

// DRAW_TEXT glyphs: a string of raster glyphs (1, 4 or 8 bits per pixel) merged into one a8
// coverage mask, as spice-common merges them (the maximum where glyphs overlap; a 4-bit value v
// becomes v << 4, so full coverage is 0xf0, and 1-bit glyphs give 0 or 0xff).

#include "common/result.hpp"
#include "spice-core/canvas/geometry.hpp"
#include "spice-core/canvas/image.hpp"
#include "spice-core/canvas/types.hpp"

namespace spicedesk::core::canvas {

// An a8 mask whose pixel (0, 0) lies at destination (x, y).
struct GlyphMask {
    Image mask;
    int x = 0;
    int y = 0;
};

// Renders the glyphs that fall inside limit (destination coordinates, already clamped to the
// surface); glyph parts outside are dropped, so the mask never exceeds limit. An empty string or
// nothing inside limit gives an empty mask (no image). Errors: no or several raster depth flags,
// a glyph whose data is shorter than its size needs.
Result<GlyphMask> render_glyphs(const GlyphString& str, const Box64& limit);

}  // namespace spicedesk::core::canvas
