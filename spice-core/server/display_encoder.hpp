#pragma once

// Between the display source and the wire: turns display events into display channel
// messages and chooses each image's codec. Later passes (QUIC/LZ/GLZ/JPEG choice by
// content, COPY_BITS detection, streams) belong here. Thread: the display channel's.

#include <cstdint>
#include <optional>

#include "spice-core/protocol/display.hpp"
#include "spice-core/protocol/message.hpp"
#include "spice-core/protocol/spice_headers.hpp"
#include "spice-core/server/display_source.hpp"
#include "spice-core/server/stats.hpp"

namespace spicedesk::core {

enum class ImageCodec { kRaw, kLz4 };

// The server setting, overridden by the client's PREFERRED_COMPRESSION when it sent one.
// OFF gives raw bitmaps; every other setting gives LZ4 when the client advertised
// SPICE_DISPLAY_CAP_LZ4_COMPRESSION (QUIC, LZ and GLZ are not implemented yet), else raw.
ImageCodec choose_codec(SpiceImageCompression server_setting, std::optional<uint8_t> client_pref,
                        bool client_has_lz4);

class DisplayEncoder {
  public:
    explicit DisplayEncoder(ServerStats* stats = nullptr) : stats_(stats) {}

    void set_codec(ImageCodec codec) { codec_ = codec; }
    ImageCodec codec() const { return codec_; }

    OutMessage encode(const DisplayEvent& event);
    // One DRAW_COPY of a whole surface.
    OutMessage full_image(uint32_t surface_id, const AreaPixels& area);

  private:
    EncodedImage encode_image(std::span<const uint32_t> pixels, uint32_t width, uint32_t height);

    ServerStats* stats_;
    ImageCodec codec_ = ImageCodec::kRaw;
    uint64_t next_image_id_ = 1;
};

}  // namespace spicedesk::core
