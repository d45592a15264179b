#pragma once

// SPICE_IMAGE_TYPE_JPEG (SpiceJPEGData's data: a baseline JFIF stream) and
// SPICE_IMAGE_TYPE_JPEG_ALPHA (SpiceJPEGAlphaData: flags, jpeg_size, data = jpeg_size bytes of
// JPEG then an LZ stream of type XXXA holding the alpha plane), decoded with libturbojpeg.
// JPEG images are opaque xRGB; JPEG_ALPHA sets has_alpha and takes the alpha bytes from the LZ
// plane (same width and height as the JPEG, else an error); SPICE_JPEG_ALPHA_FLAGS_TOP_DOWN unset
// means the JPEG's rows are bottom-up. Corrupt data is an error for that image.

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
