#pragma once

// QXLImages read from guest memory (BITMAP with direct or chunked data and palettes, SURFACE,
// and the compressed QUIC and LZ_RGB images a guest driver may send), decoded into pixman images
// for the canvas. Data chunk chains are followed with a size and a chunk-count limit, so loops
// and overflowing sizes end in an error, never in a hang or an over-read. Thread: the worker's.

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "spice-core/canvas/image.hpp"
#include "spice-core/protocol/display.hpp"
#include "spice-core/server/qxl/qxl_parse_context.hpp"

namespace spicedesk::core::qxl {

// A chain of QXLDataChunks starting at the chunk at chunk_addr (an embedded first chunk is the
// address of the containing struct's `chunk` member), concatenated; at most max_bytes.
Result<std::vector<uint8_t>> read_chunks(const ParseContext& ctx, uint64_t chunk_addr,
                                         uint64_t max_bytes, std::string_view what);

// A QXLImage: BITMAP (direct or chunked data, palettes), SURFACE, QUIC or LZ_RGB. Bitmaps are
// decoded to x8r8g8b8 / a8r8g8b8 (RGBA) / a8 (8BIT_A); with as_mask, 1-bit bitmaps become a1 masks.
struct ParsedImage {
    canvas::Image image;
    bool from_surface = false;
    uint32_t surface_id = 0;
    // QUIC and LZ_RGB images: the data as the guest compressed it (opaque images only).
    std::shared_ptr<const EncodedImage> encoded;
};
Result<ParsedImage> parse_image(const ParseContext& ctx, uint64_t addr, bool as_mask = false);

}  // namespace spicedesk::core::qxl
