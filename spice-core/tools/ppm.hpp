#pragma once

// Writes 32-bit xRGB pixels as a binary PPM (P6), as spicy-screenshot does.

#include <cstdint>
#include <span>
#include <string>

#include "common/result.hpp"

namespace spicedesk::core {

// Written to path + ".tmp" and renamed, so a reader never sees half a file.
Status write_ppm(const std::string& path, std::span<const uint32_t> pixels, uint32_t width,
                 uint32_t height);

}  // namespace spicedesk::core
