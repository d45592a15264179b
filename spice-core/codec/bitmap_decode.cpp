#include "spice-core/codec/bitmap_decode.hpp"

namespace spicedesk::core {

Result<DecodedImage> decode_bitmap(std::span<const uint8_t>, uint8_t, uint32_t, uint32_t,
                                   uint32_t, bool, std::span<const uint32_t>) {
    return make_error("BITMAP image: decoder not implemented yet");
}

}  // namespace spicedesk::core
