#include "spice-core/codec/zlib_glz.hpp"

namespace spicedesk::core {

Result<DecodedImage> decode_zlib_glz(std::span<const uint8_t>, uint32_t, GlzWindow&) {
    return make_error("ZLIB_GLZ image: decoder not implemented yet");
}

}  // namespace spicedesk::core
