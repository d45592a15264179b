#pragma once

// The compressed QXLImages a guest driver may send: QUIC and LZ_RGB (QXLQUICData /
// QXLLZRGBData: data_size, then the data as an embedded QXLDataChunk chain). libspice-server
// takes QUIC this way and forwards it to clients unchanged; LZ_RGB has the same layout in
// qxl_dev.h. LZ_PLT has no QXL layout (no palette reference), so it stays refused. The data is
// decoded (spice-core/codec) for the canvas, after its header's size has been checked against
// the descriptor and the limits, and kept as it came for the display channel to pass on.
// Thread: the worker's.

#include <cstdint>
#include <memory>

#include "common/result.hpp"
#include "spice-core/canvas/image.hpp"
#include "spice-core/protocol/display.hpp"
#include "spice-core/server/qxl/qxl_parse_context.hpp"

namespace spicedesk::core::qxl {

struct CompressedImage {
    canvas::Image image;  // x8r8g8b8, or a8r8g8b8 when the image has alpha
    bool has_alpha = false;
    // type, width, height and the compressed data (id left 0: the encoder gives one).
    std::shared_ptr<const EncodedImage> encoded;
};

// desc: the image's descriptor (type QUIC or LZ_RGB); body: the guest address after it.
Result<CompressedImage> parse_compressed_image(const ParseContext& ctx,
                                               const QXLImageDescriptor& desc, uint64_t body);

}  // namespace spicedesk::core::qxl
