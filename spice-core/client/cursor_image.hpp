#pragma once

// SPICE cursor shapes (ALPHA, MONO, COLOR4/8/16/24/32) to straight ARGB32. Layouts: ALPHA is
// width * height ARGB words; MONO is an AND plane then an XOR plane, rows of (width + 7) / 8
// bytes, MSB first; the COLOR types are the colour pixels (COLOR4: two per byte, high nibble
// first, rows of (width + 1) / 2 bytes; COLOR8: one index per byte), then their palette (16 or
// 256 xRGB words), then the AND mask with one bit per pixel counted over the whole image, MSB
// first. AND bit set: transparent (or inverted, which we draw as opaque black on white pixels).

#include <cstdint>
#include <span>

#include "common/result.hpp"
#include "spice-core/client/session.hpp"
#include "spice-core/client/wire/cursor.hpp"

namespace spicedesk::core::client {

inline constexpr uint16_t kMaxCursorSide = 512;

Result<CursorImage> convert_cursor(const wire::WireCursor& cursor);

}  // namespace spicedesk::core::client
