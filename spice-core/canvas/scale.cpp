#include "spice-core/canvas/scale.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "spice-core/canvas/geometry.hpp"

namespace spicedesk::core::canvas {

namespace {

constexpr int64_t kMaxFixedPixels = 32767;

}  // namespace

bool same_size(const Rect& box, const Rect& src_area) {
    return static_cast<int64_t>(box.right) - box.left ==
               static_cast<int64_t>(src_area.right) - src_area.left &&
           static_cast<int64_t>(box.bottom) - box.top ==
               static_cast<int64_t>(src_area.bottom) - src_area.top;
}

Result<PlacedSource> scale_source(const Image& src, const Rect& src_area, const Rect& box,
                                  ScaleMode mode, pixman_format_code_t format,
                                  const Region& region) {
    if (!src) {
        return make_error("scaled draw without a source image");
    }
    if (mode != SPICE_IMAGE_SCALE_MODE_NEAREST && mode != SPICE_IMAGE_SCALE_MODE_INTERPOLATE) {
        return make_error(fmt::format("unknown image scale mode {}", mode));
    }
    if (src.width() > kMaxFixedPixels || src.height() > kMaxFixedPixels) {
        return make_error(fmt::format("cannot scale a {}x{} source: larger than {} pixels",
                                      src.width(), src.height(), kMaxFixedPixels));
    }
    const Box64 area = to_box(src_area);
    if (area.empty() || area.x1 < 0 || area.y1 < 0 || area.x2 > src.width() ||
        area.y2 > src.height()) {
        return make_error(fmt::format("source area ({},{})-({},{}) is not inside the {}x{} source",
                                      src_area.left, src_area.top, src_area.right, src_area.bottom,
                                      src.width(), src.height()));
    }
    const Box64 dest = to_box(box);
    if (dest.empty() || region.empty()) {
        return PlacedSource{};
    }
    // Source pixels per destination pixel, 16.16; at least one unit so the transform stays
    // invertible.
    const int64_t fs_x = std::max<int64_t>(1, (area.width() << 16) / dest.width());
    const int64_t fs_y = std::max<int64_t>(1, (area.height() << 16) / dest.height());
    const pixman_box32_t e = region.extents();
    const int64_t i0 = e.x1 - dest.x1;  // 0 <= i0 < dest width: region lies inside the box
    const int64_t j0 = e.y1 - dest.y1;
    const int64_t tx = (area.x1 << 16) + fs_x * i0;
    const int64_t ty = (area.y1 << 16) + fs_y * j0;

    auto view = bits_view(src, src.format());
    if (!view) {
        return make_error("scaled source: " + view.message());
    }
    pixman_transform_t transform;
    pixman_transform_init_scale(&transform, static_cast<pixman_fixed_t>(fs_x),
                                static_cast<pixman_fixed_t>(fs_y));
    pixman_transform_translate(&transform, nullptr, static_cast<pixman_fixed_t>(tx),
                               static_cast<pixman_fixed_t>(ty));
    pixman_image_set_transform(view->get(), &transform);
    pixman_image_set_repeat(view->get(), PIXMAN_REPEAT_NONE);
    pixman_image_set_filter(
        view->get(),
        mode == SPICE_IMAGE_SCALE_MODE_NEAREST ? PIXMAN_FILTER_NEAREST : PIXMAN_FILTER_GOOD,
        nullptr, 0);
    const int w = e.x2 - e.x1;
    const int h = e.y2 - e.y1;
    auto out = create_image(format, w, h);
    if (!out) {
        return make_error("scaled source: " + out.message());
    }
    pixman_image_composite32(PIXMAN_OP_SRC, view->get(), nullptr, out->get(), 0, 0, 0, 0, 0, 0, w,
                             h);
    return PlacedSource{std::move(*out), -static_cast<int64_t>(e.x1), -static_cast<int64_t>(e.y1)};
}

}  // namespace spicedesk::core::canvas
