#pragma once

// SPICE_IMAGE_TYPE_LZ4 (liblz4): the data is a 2-byte header (top_down flag, bitmap format)
// followed by blocks, each a big-endian u32 compressed size and an LZ4 block; the blocks
// decompress back to back (one LZ4 stream) into rows of width * 4 bytes.

#include <cstdint>
#include <span>
#include <vector>

#include "common/result.hpp"
#include "spice-core/codec/image.hpp"
#include "spice-core/protocol/display.hpp"

namespace spicedesk::core {

// Rows per LZ4 block.
inline constexpr uint32_t kLz4RowsPerBlock = 64;

EncodedImage encode_lz4(const PixelView& view, uint64_t id);

// Decodes the data of an LZ4 image of width x height 32BIT pixels (tests, our client later).
Result<std::vector<uint32_t>> decode_lz4(std::span<const uint8_t> data, uint32_t width,
                                         uint32_t height);

}  // namespace spicedesk::core
