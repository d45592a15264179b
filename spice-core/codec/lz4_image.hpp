#pragma once

// SPICE_IMAGE_TYPE_LZ4 as a DecodedImage: the LZ4 data's 2-byte header (top_down, bitmap format)
// then big-endian-sized LZ4 blocks of one stream (lz4.hpp). Formats: 16BIT (x555), 24BIT,
// 32BIT, RGBA (has_alpha); the decompressed rows are width * bytes-per-pixel long. width and
// height come from the SpiceImage descriptor.

#include <cstdint>
#include <span>

#include "common/result.hpp"
#include "spice-core/codec/decoded_image.hpp"

namespace spicedesk::core {

Result<DecodedImage> decode_lz4_image(std::span<const uint8_t> data, uint32_t width,
                                      uint32_t height);

}  // namespace spicedesk::core
