#pragma once

// QXL DRAW commands read from guest memory into validated drawables: every DRAW type, with
// their images decoded into pixman images (qxl_image.hpp), clips, brushes, masks, paths and
// glyph strings. Guest memory is reached only through the memslots (bounded copies of
// <spice/qxl_dev.h> structs, never a cast onto guest memory). The other commands are
// qxl_commands.hpp's. Thread: the worker's.

#include <array>
#include <cstdint>
#include <memory>
#include <variant>

#include "common/result.hpp"
#include "spice-core/canvas/types.hpp"
#include "spice-core/server/qxl/qxl_commands.hpp"
#include "spice-core/server/qxl/qxl_image.hpp"
#include "spice-core/server/qxl/qxl_parse_context.hpp"

namespace spicedesk::core::qxl {

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
    // The main source as the guest compressed it (QUIC, LZ_RGB), to forward unchanged.
    std::shared_ptr<const EncodedImage> src_encoded;
};

Result<Drawable> parse_drawable(const ParseContext& ctx, uint64_t addr);

}  // namespace spicedesk::core::qxl
