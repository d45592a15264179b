#include "spice-core/canvas/geometry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace spicedesk::core::canvas {

Box64 to_box(const Rect& rect) {
    return Box64{rect.left, rect.top, rect.right, rect.bottom};
}

Box64 intersect(const Box64& a, const Box64& b) {
    Box64 r{std::max(a.x1, b.x1), std::max(a.y1, b.y1), std::min(a.x2, b.x2), std::min(a.y2, b.y2)};
    if (r.empty()) {
        return Box64{};
    }
    return r;
}

Region region_of(const Box64& box) {
    if (box.empty()) {
        return Region();
    }
    return Region(static_cast<int>(box.x1), static_cast<int>(box.y1),
                  static_cast<unsigned>(box.width()), static_cast<unsigned>(box.height()));
}

Region draw_region(const Rect& box, const Clip& clip, int width, int height) {
    const Box64 surface{0, 0, width, height};
    Region region = region_of(intersect(to_box(box), surface));
    if (region.empty() || clip.type != SPICE_CLIP_TYPE_RECTS) {
        // Any other clip type is treated as none, as the wire defines only NONE and RECTS and
        // the parser rejects the rest.
        return region;
    }
    std::vector<pixman_box32_t> boxes;
    boxes.reserve(clip.rects.size());
    for (const Rect& rect : clip.rects) {
        const Box64 b = intersect(to_box(rect), surface);
        if (!b.empty()) {
            boxes.push_back(pixman_box32_t{static_cast<int32_t>(b.x1), static_cast<int32_t>(b.y1),
                                           static_cast<int32_t>(b.x2), static_cast<int32_t>(b.y2)});
        }
    }
    Region clip_region;
    if (!boxes.empty()) {
        pixman_region32_fini(clip_region.get());
        pixman_region32_init_rects(clip_region.get(), boxes.data(), static_cast<int>(boxes.size()));
    }
    region.intersect(clip_region);
    return region;
}

Status apply_mask(Region& region, const Rect& box, const QMask& mask) {
    if (!mask.bitmap || region.empty()) {
        return {};
    }
    const pixman_box32_t e = region.extents();
    // The extents in mask coordinates, then clamped to the bitmap.
    const int64_t off_x = static_cast<int64_t>(mask.pos.x) - box.left;
    const int64_t off_y = static_cast<int64_t>(mask.pos.y) - box.top;
    const Box64 in_mask = intersect(Box64{e.x1 + off_x, e.y1 + off_y, e.x2 + off_x, e.y2 + off_y},
                                    Box64{0, 0, mask.bitmap.width(), mask.bitmap.height()});
    if (in_mask.empty()) {
        region = Region();
        return {};
    }
    const int w = static_cast<int>(in_mask.width());
    const int h = static_cast<int>(in_mask.height());
    auto bits = create_image(PIXMAN_a1, w, h);
    if (!bits) {
        return make_error("mask: " + bits.message());
    }
    pixman_image_composite32(PIXMAN_OP_SRC, mask.bitmap.get(), nullptr, bits->get(),
                             static_cast<int>(in_mask.x1), static_cast<int>(in_mask.y1), 0, 0, 0, 0,
                             w, h);
    Region mask_region;
    pixman_region32_fini(mask_region.get());
    pixman_region32_init_from_image(mask_region.get(), bits->get());
    if ((mask.flags & SPICE_MASK_FLAGS_INVERS) != 0) {
        pixman_box32_t all{0, 0, w, h};
        pixman_region32_inverse(mask_region.get(), mask_region.get(), &all);
    }
    pixman_region32_translate(mask_region.get(), static_cast<int>(in_mask.x1 - off_x),
                              static_cast<int>(in_mask.y1 - off_y));
    region.intersect(mask_region);
    return {};
}

}  // namespace spicedesk::core::canvas
