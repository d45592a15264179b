#pragma once

// Display channel messages (spice.proto "channel DisplayChannel"). Draw messages carry their
// image through a SPICE pointer (a 32-bit offset from the start of the body); the image
// follows the fixed part. Images are produced by the codecs in spice-core/codec.

#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "common/result.hpp"
#include "spice-core/protocol/message.hpp"
#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

struct WireRect {
    int32_t left = 0;
    int32_t top = 0;
    int32_t right = 0;
    int32_t bottom = 0;
    int32_t width() const { return right - left; }
    int32_t height() const { return bottom - top; }
};

struct WireHead {
    uint32_t monitor_id = 0;
    uint32_t surface_id = 0;
    uint32_t width = 0;
    uint32_t height = 0;
    uint32_t x = 0;
    uint32_t y = 0;
    uint32_t flags = 0;
};

// An encoded image: the SpiceImage descriptor and the bytes its type carries.
struct EncodedImage {
    uint64_t id = 0;
    uint8_t type = SPICE_IMAGE_TYPE_BITMAP;  // SPICE_IMAGE_TYPE_BITMAP or _LZ4 so far
    uint32_t width = 0;
    uint32_t height = 0;
    // BITMAP only:
    uint8_t bitmap_format = SPICE_BITMAP_FMT_32BIT;
    uint8_t bitmap_flags = SPICE_BITMAP_FLAGS_TOP_DOWN;
    uint32_t stride = 0;
    // BITMAP: stride * height pixel bytes; LZ4 (and later QUIC/LZ/GLZ/JPEG): the codec's
    // data, sent as BinaryData (data_size + bytes).
    std::vector<uint8_t> data;
};

OutMessage make_surface_create(uint32_t surface_id, uint32_t width, uint32_t height,
                               uint32_t format, uint32_t flags);
OutMessage make_surface_destroy(uint32_t surface_id);
OutMessage make_monitors_config(std::span<const WireHead> heads, uint16_t max_allowed);
OutMessage make_mark();
OutMessage make_display_reset();
// The unclipped draws (draw.hpp has them with clips and ROPs; defined in draw.cpp).
OutMessage make_draw_fill(uint32_t surface_id, const WireRect& box, uint32_t color);
// Copies the whole image onto box (src_area = the image), rop OP_PUT.
OutMessage make_draw_copy(uint32_t surface_id, const WireRect& box, const EncodedImage& image);
OutMessage make_copy_bits(uint32_t surface_id, const WireRect& box, int32_t src_x, int32_t src_y);

// Client messages.
struct DisplayInit {
    uint8_t pixmap_cache_id = 0;
    int64_t pixmap_cache_size = 0;
    uint8_t glz_dictionary_id = 0;
    int32_t glz_dictionary_window_size = 0;
};
struct PreferredCompression {
    uint8_t compression = SPICE_IMAGE_COMPRESSION_INVALID;
};
struct StreamReport {
    uint32_t stream_id = 0;
    uint32_t unique_id = 0;
    uint32_t start_frame_mm_time = 0;
    uint32_t end_frame_mm_time = 0;
    uint32_t num_frames = 0;
    uint32_t num_drops = 0;
    int32_t last_frame_delay = 0;
    uint32_t audio_delay = 0;
};
struct PreferredVideoCodecs {
    std::vector<uint8_t> codecs;
};
struct GlDrawDone {};
using DisplayClientMessage =
    std::variant<DisplayInit, PreferredCompression, StreamReport, PreferredVideoCodecs, GlDrawDone>;

Result<DisplayClientMessage> parse_display_client_message(const InMessage& msg);

// Client side, for tests and fuzz seeds.
OutMessage make_display_init(const DisplayInit& init);
OutMessage make_preferred_compression(uint8_t compression);

}  // namespace spicedesk::core
