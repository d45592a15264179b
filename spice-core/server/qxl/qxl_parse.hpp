#pragma once

// QXL commands read from guest memory into validated values: drawables (every DRAW type, with
// their images decoded into pixman images, clips, brushes, masks, paths and glyph strings),
// surface, update, cursor and message commands. Guest memory is reached only through the
// memslots (bounded copies of <spice/qxl_dev.h> structs, never a cast onto guest memory); data
// chunk chains are followed with a size and a chunk-count limit, so loops and overflowing sizes
// end in an error, never in a hang or an over-read. Thread: the worker's.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.hpp"
#include "spice-core/canvas/types.hpp"
#include "spice-core/protocol/cursor.hpp"
#include "spice-core/server/qxl/memslots.hpp"

namespace spicedesk::core::qxl {

struct ParseLimits {
    uint64_t max_image_bytes = uint64_t{256} * 1024 * 1024;
    uint32_t max_image_side = 16384;
    uint32_t max_chunks = 65536;
    uint32_t max_clip_rects = 65536;
    uint64_t max_path_bytes = uint64_t{4} * 1024 * 1024;
    uint64_t max_string_bytes = uint64_t{4} * 1024 * 1024;
    uint32_t max_cursor_side = 512;
};

struct ParseContext {
    const MemSlots& slots;
    uint32_t group_id = 0;
    uint32_t n_surfaces = 1;
    // The current image of an existing surface (SURFACE images), or an error.
    std::function<Result<canvas::Image>(uint32_t surface_id)> surface_image;
    ParseLimits limits;
};

// A chain of QXLDataChunks starting at the chunk at chunk_addr (an embedded first chunk is the
// address of the containing struct's `chunk` member), concatenated; at most max_bytes.
Result<std::vector<uint8_t>> read_chunks(const ParseContext& ctx, uint64_t chunk_addr,
                                         uint64_t max_bytes, std::string_view what);

// A QXLImage: BITMAP (direct or chunked data, palettes) or SURFACE. Bitmaps are decoded to
// x8r8g8b8 / a8r8g8b8 (RGBA) / a8 (8BIT_A); with as_mask, 1-bit bitmaps become a1 masks.
struct ParsedImage {
    canvas::Image image;
    bool from_surface = false;
    uint32_t surface_id = 0;
};
Result<ParsedImage> parse_image(const ParseContext& ctx, uint64_t addr, bool as_mask = false);

struct CopyBitsOp {
    canvas::Point src_pos;
};

// The draw operation; DRAW_BLEND uses canvas::Copy, BLACKNESS/WHITENESS/INVERS canvas::MaskOnly
// (Drawable::type tells them apart).
using DrawOp = std::variant<canvas::Fill, canvas::Opaque, canvas::Copy, CopyBitsOp,
                            canvas::MaskOnly, canvas::Rop3, canvas::Stroke, canvas::Text,
                            canvas::Transparent, canvas::AlphaBlend, canvas::Composite>;

struct Drawable {
    ReleaseInfo release;
    uint32_t surface_id = 0;
    uint8_t type = QXL_DRAW_NOP;  // QXL_DRAW_*, QXL_COPY_BITS
    uint8_t effect = 0;
    canvas::Rect box;
    canvas::Clip clip;
    std::array<int32_t, 3> surfaces_dest{-1, -1, -1};
    DrawOp op;
    // The main source image came from a guest bitmap (not a surface).
    bool src_is_bitmap = false;
};

struct SurfaceCommand {
    ReleaseInfo release;
    uint32_t surface_id = 0;
    uint8_t type = QXL_SURFACE_CMD_CREATE;
    uint32_t flags = 0;
    uint32_t format = 0;
    uint32_t width = 0;
    uint32_t height = 0;
    int32_t stride = 0;
    uint64_t data = 0;  // guest address (checked to hold |stride| * height bytes)
};

struct UpdateCommand {
    ReleaseInfo release;
    canvas::Rect area;
    uint32_t update_id = 0;
    uint32_t surface_id = 0;
};

struct CursorCommand {
    ReleaseInfo release;
    uint8_t type = QXL_CURSOR_SET;
    int16_t x = 0;
    int16_t y = 0;
    bool visible = false;
    std::shared_ptr<const CursorShape> shape;  // SET only
    uint16_t trail_length = 0;
    uint16_t trail_frequency = 0;
};

struct MessageCommand {
    ReleaseInfo release;
    std::string text;  // printable ASCII only, at most 1 KiB
};

// The QXLReleaseInfo every command starts with (for releasing a command that failed to parse).
Result<ReleaseInfo> read_release_info(const ParseContext& ctx, uint64_t addr);

Result<Drawable> parse_drawable(const ParseContext& ctx, uint64_t addr);
Result<SurfaceCommand> parse_surface_command(const ParseContext& ctx, uint64_t addr);
Result<UpdateCommand> parse_update_command(const ParseContext& ctx, uint64_t addr);
Result<CursorCommand> parse_cursor_command(const ParseContext& ctx, uint64_t addr);
Result<MessageCommand> parse_message_command(const ParseContext& ctx, uint64_t addr);

// Bytes per pixel of a SPICE surface format (SPICE_SURFACE_FMT_*), 0 when unknown.
uint32_t surface_format_bits(uint32_t format);

}  // namespace spicedesk::core::qxl
