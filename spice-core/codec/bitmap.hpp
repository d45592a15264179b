#pragma once

// The uncompressed path: a SPICE_IMAGE_TYPE_BITMAP, 32BIT top-down, rows packed.

#include "spice-core/codec/image.hpp"
#include "spice-core/protocol/display.hpp"

namespace spicedesk::core {

EncodedImage encode_bitmap(const PixelView& view, uint64_t id);

}  // namespace spicedesk::core
