#include "spice-core/codec/lz4_image.hpp"

namespace spicedesk::core {

Result<DecodedImage> decode_lz4_image(std::span<const uint8_t>, uint32_t, uint32_t) {
    return make_error("LZ4 image: decoder not implemented yet");
}

}  // namespace spicedesk::core
