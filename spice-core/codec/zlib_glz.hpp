#pragma once

// SPICE_IMAGE_TYPE_ZLIB_GLZ_RGB (SpiceZlibGlzRGBData): a zlib stream (deflate with zlib header)
// whose inflated bytes, glz_data_size of them, are a GLZ_RGB image (glz.hpp). The inflated size
// must be exactly glz_data_size (bounded: at most 4 bytes per pixel of kMaxDecodedPixels plus the
// header).

#include <cstdint>
#include <span>

#include "common/result.hpp"
#include "spice-core/codec/decoded_image.hpp"
#include "spice-core/codec/glz.hpp"

namespace spicedesk::core {

// data: the compressed bytes (SpiceZlibGlzRGBData's data); glz_data_size: its glz_data_size.
Result<DecodedImage> decode_zlib_glz(std::span<const uint8_t> data, uint32_t glz_data_size,
                                     GlzWindow& window);

}  // namespace spicedesk::core
