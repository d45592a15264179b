#pragma once

// Display channel draw messages with a clip (spice.proto DisplayBase: surface_id, box, clip) and
// a ROP descriptor, as the QXL worker forwards guest draw commands. display.hpp's writers are
// the unclipped special cases.

#include <cstdint>
#include <span>

#include "spice-core/protocol/display.hpp"
#include "spice-core/protocol/message.hpp"

namespace spicedesk::core {

// clip: empty = SPICE_CLIP_TYPE_NONE, else SPICE_CLIP_TYPE_RECTS with these rects.
OutMessage make_draw_fill_clipped(uint32_t surface_id, const WireRect& box,
                                  std::span<const WireRect> clip, uint32_t color,
                                  uint16_t rop_descriptor);
// Copies the whole image onto box, rop OP_PUT.
OutMessage make_draw_copy_clipped(uint32_t surface_id, const WireRect& box,
                                  std::span<const WireRect> clip, const EncodedImage& image);
OutMessage make_copy_bits_clipped(uint32_t surface_id, const WireRect& box,
                                  std::span<const WireRect> clip, int32_t src_x, int32_t src_y);

}  // namespace spicedesk::core
