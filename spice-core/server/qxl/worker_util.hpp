#pragma once

// Rect and pixel helpers the worker's files share (worker*.cpp); internal.

#include <pixman.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "spice-core/canvas/canvas.hpp"
#include "spice-core/protocol/display.hpp"
#include "spice-core/server/qxl/qxl_abi.hpp"
#include "spice-core/server/qxl/qxl_parse_helpers.hpp"

namespace spicedesk::core::qxl::detail {

inline constexpr std::string_view kLog = "qxl-worker";

inline WireRect to_wire(const canvas::Rect& r) {
    return WireRect{r.left, r.top, r.right, r.bottom};
}

inline canvas::Rect intersect(const canvas::Rect& a, const canvas::Rect& b) {
    canvas::Rect r{std::max(a.left, b.left), std::max(a.top, b.top), std::min(a.right, b.right),
                   std::min(a.bottom, b.bottom)};
    if (r.right <= r.left || r.bottom <= r.top) {
        return {};
    }
    return r;
}

inline bool empty(const canvas::Rect& r) {
    return r.right <= r.left || r.bottom <= r.top;
}

inline std::vector<WireRect> wire_clip(const canvas::Clip& clip) {
    std::vector<WireRect> out;
    if (clip.type == SPICE_CLIP_TYPE_RECTS) {
        out.reserve(clip.rects.size());
        for (const auto& r : clip.rects) {
            out.push_back(to_wire(r));
        }
    }
    return out;
}

// The pixels of area (inside the image) as x8r8g8b8, rows top-down, stride = width.
inline std::vector<uint32_t> pixels_of(const canvas::Image& image, const canvas::Rect& area) {
    const auto w = static_cast<uint32_t>(area.right - area.left);
    const auto h = static_cast<uint32_t>(area.bottom - area.top);
    std::vector<uint32_t> out(static_cast<size_t>(w) * h);
    if (out.empty()) {
        return out;
    }
    const int bpp = image.bpp();
    if (bpp == 32) {
        const auto stride = static_cast<size_t>(image.stride());
        for (uint32_t y = 0; y < h; ++y) {
            std::memcpy(&out[static_cast<size_t>(y) * w],
                        image.data() + (static_cast<size_t>(area.top) + y) * stride +
                            static_cast<size_t>(area.left) * 4,
                        static_cast<size_t>(w) * 4);
        }
        return out;
    }
    auto dst = canvas::Image::adopt(pixman_image_create_bits(PIXMAN_x8r8g8b8, static_cast<int>(w),
                                                             static_cast<int>(h), out.data(),
                                                             static_cast<int>(w * 4)));
    pixman_image_composite32(PIXMAN_OP_SRC, image.get(), nullptr, dst.get(), area.left, area.top, 0,
                             0, 0, 0, static_cast<int>(w), static_cast<int>(h));
    return out;
}

}  // namespace spicedesk::core::qxl::detail
