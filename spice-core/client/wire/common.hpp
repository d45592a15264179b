#pragma once

// Sub-structures shared by the server→client message parsers (spice.proto): rects, points,
// clips, SPICE pointers to images, brushes and masks. Everything is read through the
// bounds-checked Reader; a SPICE pointer is a 32-bit offset from the start of the message body
// (0 = null). Parsed images are descriptors whose byte spans point into the message body: they
// live as long as the body does.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "spice-core/canvas/types.hpp"
#include "spice-core/protocol/reader.hpp"
#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core::client::wire {

// Bounds on counts read from the wire, beyond the implicit "must fit in the message".
inline constexpr uint32_t kMaxClipRects = 1U << 20;
inline constexpr uint32_t kMaxPaletteEntries = 256;

struct Palette {
    uint64_t unique = 0;
    std::vector<uint32_t> entries;
};

// A SpiceImage: its descriptor and what its type carries (spice.proto "struct Image").
struct ImageDesc {
    uint64_t id = 0;
    uint8_t type = SPICE_IMAGE_TYPE_BITMAP;
    uint8_t flags = 0;  // SPICE_IMAGE_FLAGS_*
    uint32_t width = 0;
    uint32_t height = 0;
    // BITMAP
    uint8_t bitmap_format = 0;
    uint8_t bitmap_flags = 0;  // SPICE_BITMAP_FLAGS_* (also LZ_PLT's flags)
    uint32_t stride = 0;
    // BITMAP / LZ_PLT: the palette sent inline, or palette_id when PAL_FROM_CACHE.
    std::optional<Palette> palette;
    uint64_t palette_id = 0;
    // BITMAP: stride * height pixel bytes; every compressed type: its data.
    std::span<const uint8_t> data;
    uint32_t glz_data_size = 0;    // ZLIB_GLZ_RGB
    uint8_t jpeg_alpha_flags = 0;  // JPEG_ALPHA
    uint32_t jpeg_size = 0;        // JPEG_ALPHA
    uint32_t surface_id = 0;       // SURFACE
};

struct Brush {
    uint8_t type = SPICE_BRUSH_TYPE_NONE;
    uint32_t color = 0;
    std::optional<ImageDesc> pattern;
    canvas::Point pos;
};

struct Mask {
    uint8_t flags = 0;
    canvas::Point pos;
    std::optional<ImageDesc> bitmap;
};

canvas::Rect read_rect(Reader& r);  // wire order top, left, bottom, right
canvas::Point read_point(Reader& r);
canvas::Point16 read_point16(Reader& r);
// A Clip (type, then ClipRects inline for RECTS). msg: errors are recorded in r.
canvas::Clip read_clip(Reader& r);

// Reads the SpiceImage a pointer names. Null pointers are an error (use read_optional_image).
Result<ImageDesc> read_image_at(const Reader& r, uint32_t offset);
// Reads a 32-bit pointer from r and the image it names (nullopt for a null pointer).
Result<std::optional<ImageDesc>> read_optional_image(Reader& r);
Result<ImageDesc> read_image_ptr(Reader& r);  // a pointer that must not be null

Result<Brush> read_brush(Reader& r);
Result<Mask> read_mask(Reader& r);

// Error text helper: "what: reason".
Error wire_error(std::string_view what, std::string_view reason);

}  // namespace spicedesk::core::client::wire
