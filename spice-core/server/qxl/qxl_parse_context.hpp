#pragma once

// What every QXL parser takes: the memslots guest addresses go through, the command's group, the
// device's surface count, a way to reach existing surfaces, and the limits a hostile guest meets.
// Thread: the worker's.

#include <cstdint>
#include <functional>

#include "common/result.hpp"
#include "spice-core/canvas/image.hpp"
#include "spice-core/server/qxl/memslots.hpp"

namespace spicedesk::core::qxl {

struct ParseLimits {
    uint64_t max_image_bytes = uint64_t{256} * 1024 * 1024;
    uint32_t max_image_side = 16384;
    uint32_t max_chunks = 65536;
    uint32_t max_clip_rects = 65536;
    uint64_t max_path_bytes = uint64_t{4} * 1024 * 1024;
    uint64_t max_string_bytes = uint64_t{4} * 1024 * 1024;
    uint32_t max_cursor_side = 512;
};

struct ParseContext {
    const MemSlots& slots;
    uint32_t group_id = 0;
    uint32_t n_surfaces = 1;
    // The current image of an existing surface (SURFACE images), or an error.
    std::function<Result<canvas::Image>(uint32_t surface_id)> surface_image;
    ParseLimits limits;
};

}  // namespace spicedesk::core::qxl
