#pragma once

// Value types of the SPICE draw commands (spice.proto, DisplayChannel draw_* messages), already
// decoded: images are pixman images (decoding belongs to spice-core/codec), every other field is
// as on the wire. Flag and enum values are spice-protocol's (<spice/enums.h>), never retyped.
// Nothing here is trusted: the canvas clamps every geometry to its surfaces.

#include <spice/enums.h>

#include <cstdint>
#include <utility>
#include <vector>

#include "spice-core/canvas/image.hpp"

namespace spicedesk::core::canvas {

struct Point {
    int32_t x = 0;
    int32_t y = 0;
};

struct Point16 {
    int16_t x = 0;
    int16_t y = 0;
};

// A point in 28.4 fixed point (SPICE_FIXED28_4), as stroke paths carry them.
struct PointFix {
    int32_t x = 0;
    int32_t y = 0;
};

// Half-open: [left, right) x [top, bottom). Empty when right <= left or bottom <= top. Named
// fields: the wire's order is top, left, bottom, right.
struct Rect {
    int32_t left = 0;
    int32_t top = 0;
    int32_t right = 0;
    int32_t bottom = 0;

    bool operator==(const Rect&) const = default;
};

// SPICE_CLIP_TYPE_NONE (draw everywhere in the box) or SPICE_CLIP_TYPE_RECTS (only inside the
// union of rects; an empty list draws nothing).
struct Clip {
    uint8_t type = SPICE_CLIP_TYPE_NONE;
    std::vector<Rect> rects;

    static Clip none() { return Clip{}; }
    static Clip from_rects(std::vector<Rect> list) {
        return Clip{SPICE_CLIP_TYPE_RECTS, std::move(list)};
    }
};

// A tiled pattern: the destination pixel (x, y) takes the pattern pixel
// ((x - pos.x) mod width, (y - pos.y) mod height).
struct Pattern {
    Image image;
    Point pos;
};

// SPICE_BRUSH_TYPE_NONE / _SOLID / _PATTERN. A solid color is a raw pixel value in the
// destination surface's format (32-bit xRGB/ARGB, 16-bit 555/565, 8-bit alpha; bit 0 for a1),
// as libspice-server and spice-gtk use it.
struct Brush {
    uint8_t type = SPICE_BRUSH_TYPE_NONE;
    uint32_t color = 0;
    Pattern pattern;

    static Brush none() { return Brush{}; }
    static Brush solid(uint32_t color) { return Brush{SPICE_BRUSH_TYPE_SOLID, color, {}}; }
    static Brush tiled(Image image, Point pos) {
        return Brush{SPICE_BRUSH_TYPE_PATTERN, 0, Pattern{std::move(image), pos}};
    }
};

// A 1-bit mask: the destination pixel (x, y) of a draw with box B is drawn only where the mask
// bit at (x - B.left + pos.x, y - B.top + pos.y) is set (clear with SPICE_MASK_FLAGS_INVERS);
// pixels that fall outside the mask bitmap are never drawn. No bitmap: no mask. The bitmap is
// normally PIXMAN_a1, which the decoder makes of a SPICE_BITMAP_FMT_1BIT_LE (bit 0 leftmost) or
// _1BIT_BE (bit 7 leftmost) bitmap, rows bottom-up unless SPICE_BITMAP_FLAGS_TOP_DOWN; other
// formats are reduced to a1 by pixman (top alpha bit).
struct QMask {
    uint8_t flags = 0;  // SPICE_MASK_FLAGS_*
    Point pos;
    Image bitmap;
};

// Image scale mode (SPICE_IMAGE_SCALE_MODE_INTERPOLATE / _NEAREST), used when src_area and the
// box differ in size.
using ScaleMode = uint8_t;

// DRAW_FILL: the brush combined with the destination by rop_descriptor (SPICE_ROPD_*).
struct Fill {
    Brush brush;
    uint16_t rop_descriptor = SPICE_ROPD_OP_PUT;
    QMask mask;
};

// DRAW_COPY and DRAW_BLEND (spice-common renders both alike): src_area of src, scaled to the box
// when the sizes differ, combined with the destination by rop_descriptor.
struct Copy {
    Image src;
    Rect src_area;
    uint16_t rop_descriptor = SPICE_ROPD_OP_PUT;
    ScaleMode scale_mode = SPICE_IMAGE_SCALE_MODE_NEAREST;
    QMask mask;
};
using Blend = Copy;

// DRAW_OPAQUE: src_area of src is put, then the brush is combined with it by rop_descriptor
// (the descriptor's "source" is the brush, its "destination" the just-put image).
struct Opaque {
    Image src;
    Rect src_area;
    Brush brush;
    uint16_t rop_descriptor = SPICE_ROPD_OP_PUT;
    ScaleMode scale_mode = SPICE_IMAGE_SCALE_MODE_NEAREST;
    QMask mask;
};

// DRAW_BLACKNESS / DRAW_WHITENESS / DRAW_INVERS.
struct MaskOnly {
    QMask mask;
};
using Blackness = MaskOnly;
using Whiteness = MaskOnly;
using Invers = MaskOnly;

// DRAW_ROP3: any of the 256 ternary raster operations of pattern (brush), source and destination,
// bit by bit: result bit = (rop3 >> (P << 2 | S << 1 | D)) & 1.
struct Rop3 {
    Image src;
    Rect src_area;
    Brush brush;
    uint8_t rop3 = 0xcc;
    ScaleMode scale_mode = SPICE_IMAGE_SCALE_MODE_NEAREST;
    QMask mask;
};

// One path segment: SPICE_PATH_BEGIN / _END / _CLOSE / _BEZIER flags and its points.
struct PathSegment {
    uint8_t flags = 0;
    std::vector<PointFix> points;
};

// Line attributes: SPICE_LINE_FLAGS_STYLED (style = dash lengths, 28.4 fixed) and
// SPICE_LINE_FLAGS_START_WITH_GAP.
struct LineAttr {
    uint8_t flags = 0;
    std::vector<int32_t> style;
};

// DRAW_STROKE: cosmetic (zero-width), endpoint-exclusive lines along the path.
struct Stroke {
    std::vector<PathSegment> path;
    LineAttr attr;
    Brush brush;
    uint16_t fore_mode = SPICE_ROPD_OP_PUT;
    uint16_t back_mode = SPICE_ROPD_OP_PUT;
};

// A raster glyph: its box is render_pos + glyph_origin, width x height. Rows are bottom-up unless
// the string has SPICE_STRING_FLAGS_RASTER_TOP_DOWN; 1 bpp rows are MSB-first, 4 bpp rows
// high-nibble-first, each row padded to a whole byte.
struct RasterGlyph {
    Point render_pos;
    Point glyph_origin;
    uint16_t width = 0;
    uint16_t height = 0;
    std::vector<uint8_t> data;
};

// SPICE_STRING_FLAGS_RASTER_A1 / _A4 / _A8 (exactly one) and _TOP_DOWN.
struct GlyphString {
    uint8_t flags = 0;
    std::vector<RasterGlyph> glyphs;
};

// DRAW_TEXT: back_area (when not empty) filled with back_brush, then fore_brush drawn through the
// glyphs (alpha-blended for A4/A8).
struct Text {
    GlyphString str;
    Rect back_area;
    Brush fore_brush;
    Brush back_brush;
    uint16_t fore_mode = SPICE_ROPD_OP_PUT;
    uint16_t back_mode = SPICE_ROPD_OP_PUT;
};

// DRAW_TRANSPARENT: src_area of src put where the source pixel differs from true_color (the
// color key, compared in the destination's format; 32-bit: the RGB bits only).
struct Transparent {
    Image src;
    Rect src_area;
    uint32_t src_color = 0;
    uint32_t true_color = 0;
};

// DRAW_ALPHA_BLEND: src OVER destination, times alpha/255; SPICE_ALPHA_FLAGS_DEST_HAS_ALPHA and
// SPICE_ALPHA_FLAGS_SRC_SURFACE_HAS_ALPHA say whether xRGB alpha bytes are meaningful.
struct AlphaBlend {
    uint8_t alpha_flags = 0;
    uint8_t alpha = 255;
    Image src;
    Rect src_area;
};

// A 2x3 affine transform in pixman's 16.16 fixed point (row-major, last row 0 0 1).
struct Transform {
    uint32_t t00 = 0x10000, t01 = 0, t02 = 0;
    uint32_t t10 = 0, t11 = 0x10000, t12 = 0;
};

// DRAW_COMPOSITE: a Render-style composite; flags carry the pixman op (bits 0-7), filters,
// repeats and SPICE_COMPOSITE_* switches.
struct Composite {
    uint32_t flags = 0;
    Image src;
    Image mask;  // used when flags has SPICE_COMPOSITE_HAS_MASK
    Transform src_transform;
    Transform mask_transform;
    Point16 src_origin;
    Point16 mask_origin;
};

}  // namespace spicedesk::core::canvas
