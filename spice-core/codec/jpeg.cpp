#include "spice-core/codec/jpeg.hpp"

namespace spicedesk::core {

Result<DecodedImage> decode_jpeg(std::span<const uint8_t>) {
    return make_error("JPEG image: decoder not implemented yet");
}

Result<DecodedImage> decode_jpeg_alpha(std::span<const uint8_t>, uint32_t, uint8_t) {
    return make_error("JPEG_ALPHA image: decoder not implemented yet");
}

}  // namespace spicedesk::core
