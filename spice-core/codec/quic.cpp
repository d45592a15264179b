#include "spice-core/codec/quic.hpp"

namespace spicedesk::core {

Result<DecodedImage> decode_quic(std::span<const uint8_t>) {
    return make_error("QUIC image: decoder not implemented yet");
}

}  // namespace spicedesk::core
