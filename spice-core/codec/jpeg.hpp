#pragma once

// SPICE_IMAGE_TYPE_JPEG (SpiceJPEGData's data: a baseline JFIF stream) and
// SPICE_IMAGE_TYPE_JPEG_ALPHA (SpiceJPEGAlphaData: flags, jpeg_size, data = jpeg_size bytes of
// JPEG then an LZ stream of type XXXA holding the alpha plane), decoded with libturbojpeg.
// JPEG images are opaque xRGB (rows always top-down). JPEG_ALPHA sets has_alpha and takes the
// alpha bytes from the LZ plane, which must have the JPEG's size and the top-down flag that
// SPICE_JPEG_ALPHA_FLAGS_TOP_DOWN in `flags` announces (without it the plane's rows are bottom-up,
// as in spice-common's canvas). Corrupt data is an error for that image.

#include <cstdint>
#include <span>

#include "common/result.hpp"
#include "spice-core/codec/decoded_image.hpp"

namespace spicedesk::core {

Result<DecodedImage> decode_jpeg(std::span<const uint8_t> data);

// data: SpiceJPEGAlphaData's data; jpeg_size and flags: its fields.
Result<DecodedImage> decode_jpeg_alpha(std::span<const uint8_t> data, uint32_t jpeg_size,
                                       uint8_t flags);

}  // namespace spicedesk::core
