#include "spice-core/codec/lz.hpp"

namespace spicedesk::core {

Result<DecodedImage> decode_lz(std::span<const uint8_t>, std::span<const uint32_t>) {
    return make_error("LZ image: decoder not implemented yet");
}

}  // namespace spicedesk::core
