#pragma once

// Hand-built server→client messages for the client's unit tests and fuzz seeds: spice.proto
// layouts written field by field with the Writer (SPICE pointers patched once their target is
// placed).

#include <cstdint>
#include <vector>

#include "spice-core/canvas/types.hpp"
#include "spice-core/protocol/spice_headers.hpp"
#include "spice-core/protocol/writer.hpp"

namespace spicedesk::core::client::test {

inline void put_rect(Writer& w, int32_t left, int32_t top, int32_t right, int32_t bottom) {
    w.i32(top);
    w.i32(left);
    w.i32(bottom);
    w.i32(right);
}

// DisplayBase: surface, box, clip (NONE when rects is empty and !force_rects).
inline void put_base(Writer& w, uint32_t surface, canvas::Rect box,
                     const std::vector<canvas::Rect>& clip = {}, bool force_rects = false) {
    w.u32(surface);
    put_rect(w, box.left, box.top, box.right, box.bottom);
    if (clip.empty() && !force_rects) {
        w.u8(SPICE_CLIP_TYPE_NONE);
        return;
    }
    w.u8(SPICE_CLIP_TYPE_RECTS);
    w.u32(static_cast<uint32_t>(clip.size()));
    for (const auto& r : clip) {
        put_rect(w, r.left, r.top, r.right, r.bottom);
    }
}

inline void put_no_mask(Writer& w) {
    w.u8(0);
    w.i32(0);
    w.i32(0);
    w.u32(0);
}

// A top-down 32BIT bitmap SpiceImage of w x h pixels (xRGB values).
inline void put_bitmap_image(Writer& w, uint64_t id, uint8_t flags, uint32_t width, uint32_t height,
                             const std::vector<uint32_t>& pixels) {
    w.u64(id);
    w.u8(SPICE_IMAGE_TYPE_BITMAP);
    w.u8(flags);
    w.u32(width);
    w.u32(height);
    w.u8(SPICE_BITMAP_FMT_32BIT);
    w.u8(SPICE_BITMAP_FLAGS_TOP_DOWN);
    w.u32(width);
    w.u32(height);
    w.u32(width * 4);
    w.u32(0);  // no palette
    for (uint32_t p : pixels) {
        w.u32(p);
    }
}

inline void put_cache_image(Writer& w, uint64_t id, bool lossless = false) {
    w.u64(id);
    w.u8(lossless ? SPICE_IMAGE_TYPE_FROM_CACHE_LOSSLESS : SPICE_IMAGE_TYPE_FROM_CACHE);
    w.u8(0);
    w.u32(0);
    w.u32(0);
}

inline std::vector<uint8_t> surface_create(uint32_t id, uint32_t width, uint32_t height,
                                           bool primary = true,
                                           uint32_t format = SPICE_SURFACE_FMT_32_xRGB) {
    Writer w;
    w.u32(id);
    w.u32(width);
    w.u32(height);
    w.u32(format);
    w.u32(primary ? SPICE_SURFACE_FLAGS_PRIMARY : 0);
    return w.take();
}

inline std::vector<uint8_t> draw_fill(uint32_t surface, canvas::Rect box, uint32_t color,
                                      const std::vector<canvas::Rect>& clip = {}) {
    Writer w;
    put_base(w, surface, box, clip);
    w.u8(SPICE_BRUSH_TYPE_SOLID);
    w.u32(color);
    w.u16(SPICE_ROPD_OP_PUT);
    put_no_mask(w);
    return w.take();
}

// DRAW_COPY of an image written by put_image(w) after the fixed part; src_area = whole image.
template <typename PutImage>
std::vector<uint8_t> draw_copy(uint32_t surface, canvas::Rect box, canvas::Rect src_area,
                               PutImage&& put_image, const std::vector<canvas::Rect>& clip = {}) {
    Writer w;
    put_base(w, surface, box, clip);
    size_t ptr = w.size();
    w.u32(0);
    put_rect(w, src_area.left, src_area.top, src_area.right, src_area.bottom);
    w.u16(SPICE_ROPD_OP_PUT);
    w.u8(SPICE_IMAGE_SCALE_MODE_NEAREST);
    put_no_mask(w);
    w.patch_u32(ptr, static_cast<uint32_t>(w.size()));
    put_image(w);
    return w.take();
}

}  // namespace spicedesk::core::client::test
