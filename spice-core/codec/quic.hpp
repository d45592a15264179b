#pragma once

// SPICE_IMAGE_TYPE_QUIC (SpiceQUICData's data): spice-common's QUIC format — a header (magic
// "QUIC", version, image type, width, height as 32-bit little-endian words) then the
// Golomb-coded, model-adaptive prediction residuals of each channel, packed into 32-bit words.
// Image types: GRAY, RGB16, RGB24, RGB32 (xRGB), RGBA (has_alpha). QUIC images are top-down.
// Corrupt or truncated data is an error for that image.

#include <cstdint>
#include <span>

#include "common/result.hpp"
#include "spice-core/codec/decoded_image.hpp"

namespace spicedesk::core {

Result<DecodedImage> decode_quic(std::span<const uint8_t> data);

}  // namespace spicedesk::core
