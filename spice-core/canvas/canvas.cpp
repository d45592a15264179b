#include "spice-core/canvas/canvas.hpp"

#include <fmt/format.h>

#include "spice-core/canvas/geometry.hpp"
#include "spice-core/canvas/raster.hpp"
#include "spice-core/canvas/scale.hpp"

namespace spicedesk::core::canvas {

namespace {

// The source of a copy-like draw, placed for the region: unscaled, the region shrinks to where
// the source exists; scaled, the source is rendered for the region's extents.
Result<PlacedSource> place_source(const Image& dest, const Image& src, const Rect& src_area,
                                  const Rect& box, ScaleMode mode, Region& region) {
    if (!src || src.data() == nullptr) {
        return make_error("draw without a source image");
    }
    if (same_size(box, src_area)) {
        PlacedSource placed{src, static_cast<int64_t>(src_area.left) - box.left,
                            static_cast<int64_t>(src_area.top) - box.top};
        restrict_to_source(region, placed);
        return prepare_source(placed, dest, region);
    }
    return scale_source(src, src_area, box, mode, dest.format(), region);
}

Status with_context(Status status, const char* what) {
    if (status) {
        return status;
    }
    return make_error(fmt::format("{}: {}", what, status.message()));
}

}  // namespace

Result<Canvas> Canvas::create(uint32_t spice_surface_format, int width, int height) {
    auto format = pixman_format_for(spice_surface_format);
    if (!format) {
        return format.error();
    }
    auto image = create_image(*format, width, height);
    if (!image) {
        return image.error();
    }
    return Canvas(std::move(*image));
}

Result<Canvas> Canvas::wrap(Image surface) {
    if (!surface || surface.data() == nullptr) {
        return make_error("canvas surface is not a bits image");
    }
    if (!is_canvas_format(surface.format())) {
        return make_error(fmt::format("canvas surface format {:#x} is not a SPICE surface format",
                                      static_cast<uint32_t>(surface.format())));
    }
    return Canvas(std::move(surface));
}

Region Canvas::region_for(const Rect& box, const Clip& clip) const {
    Region region = draw_region(box, clip, width(), height());
    if (group_) {
        region.intersect(*group_);
    }
    return region;
}

void Canvas::group_start(const std::vector<Rect>& rects) {
    // The group is a clip of its own over the whole surface.
    group_ = draw_region(Rect{0, 0, width(), height()}, Clip::from_rects(rects), width(), height());
}

void Canvas::group_end() {
    group_.reset();
}

Result<Image> Canvas::read_area(const Rect& area) const {
    const Box64 box = to_box(area);
    if (box.empty() || box.x1 < 0 || box.y1 < 0 || box.x2 > width() || box.y2 > height()) {
        return make_error(fmt::format("read_area: ({},{})-({},{}) is not inside the {}x{} surface",
                                      area.left, area.top, area.right, area.bottom, width(),
                                      height()));
    }
    auto out = create_image(surface_.format(), static_cast<int>(box.width()),
                            static_cast<int>(box.height()));
    if (!out) {
        return make_error("read_area: " + out.message());
    }
    PlacedSource src{surface_, box.x1, box.y1};
    blit_region(*out, region_of(Box64{0, 0, box.width(), box.height()}), src, Rop::kCopy);
    return out;
}

Status Canvas::draw_fill(const Rect& box, const Clip& clip, const Fill& fill) {
    Region region = region_for(box, clip);
    if (auto s = apply_mask(region, box, fill.mask); !s) {
        return with_context(std::move(s), "draw_fill");
    }
    const Rop rop = rop_from_descriptor(fill.rop_descriptor, RopInput::kBrush, RopInput::kDest);
    return with_context(fill_region(surface_, region, fill.brush, rop), "draw_fill");
}

Status Canvas::draw_copy(const Rect& box, const Clip& clip, const Copy& copy) {
    Region region = region_for(box, clip);
    if (auto s = apply_mask(region, box, copy.mask); !s) {
        return with_context(std::move(s), "draw_copy");
    }
    const Rop rop = rop_from_descriptor(copy.rop_descriptor, RopInput::kSrc, RopInput::kDest);
    if (rop == Rop::kNoop || region.empty()) {
        return {};
    }
    auto src = place_source(surface_, copy.src, copy.src_area, box, copy.scale_mode, region);
    if (!src) {
        return make_error("draw_copy: " + src.message());
    }
    blit_region(surface_, region, *src, rop);
    return {};
}

Status Canvas::draw_blend(const Rect& box, const Clip& clip, const Blend& blend) {
    return draw_copy(box, clip, blend);
}

Status Canvas::draw_opaque(const Rect& box, const Clip& clip, const Opaque& opaque) {
    Region region = region_for(box, clip);
    if (auto s = apply_mask(region, box, opaque.mask); !s) {
        return with_context(std::move(s), "draw_opaque");
    }
    if (region.empty()) {
        return {};
    }
    auto src = place_source(surface_, opaque.src, opaque.src_area, box, opaque.scale_mode, region);
    if (!src) {
        return make_error("draw_opaque: " + src.message());
    }
    // Check the brush before anything is drawn, so a bad pattern leaves the surface unchanged.
    auto brush = BrushSource::make(opaque.brush, surface_);
    if (!brush) {
        return make_error("draw_opaque: " + brush.message());
    }
    blit_region(surface_, region, *src, Rop::kCopy);
    const Rop rop = rop_from_descriptor(opaque.rop_descriptor, RopInput::kBrush, RopInput::kSrc);
    return with_context(fill_region(surface_, region, opaque.brush, rop), "draw_opaque");
}

Status Canvas::draw_mask_only(const Rect& box, const Clip& clip, const QMask& mask,
                              const Brush& brush, Rop rop) {
    Region region = region_for(box, clip);
    if (auto s = apply_mask(region, box, mask); !s) {
        return s;
    }
    return fill_region(surface_, region, brush, rop);
}

Status Canvas::draw_blackness(const Rect& box, const Clip& clip, const Blackness& blackness) {
    return with_context(draw_mask_only(box, clip, blackness.mask, Brush::solid(0), Rop::kCopy),
                        "draw_blackness");
}

Status Canvas::draw_whiteness(const Rect& box, const Clip& clip, const Whiteness& whiteness) {
    return with_context(
        draw_mask_only(box, clip, whiteness.mask, Brush::solid(0xffffffffU), Rop::kCopy),
        "draw_whiteness");
}

Status Canvas::draw_invers(const Rect& box, const Clip& clip, const Invers& invers) {
    return with_context(draw_mask_only(box, clip, invers.mask, Brush::none(), Rop::kInvert),
                        "draw_invers");
}

Status Canvas::draw_rop3(const Rect& box, const Clip& clip, const Rop3& rop3) {
    Region region = region_for(box, clip);
    if (auto s = apply_mask(region, box, rop3.mask); !s) {
        return with_context(std::move(s), "draw_rop3");
    }
    if (region.empty()) {
        return {};
    }
    auto src = place_source(surface_, rop3.src, rop3.src_area, box, rop3.scale_mode, region);
    if (!src) {
        return make_error("draw_rop3: " + src.message());
    }
    auto brush = BrushSource::make(rop3.brush, surface_);
    if (!brush) {
        return make_error("draw_rop3: " + brush.message());
    }
    const int bpp = surface_.bpp();
    const uint32_t mask = pixel_mask(bpp);
    const auto dx = static_cast<int>(src->dx);
    const auto dy = static_cast<int>(src->dy);
    const Rop3Evaluator rop(rop3.rop3);
    int count = 0;
    const pixman_box32_t* boxes = region.boxes(&count);
    with_bpp(bpp, [&](auto depth) {
        for (int i = 0; i < count; ++i) {
            for (int y = boxes[i].y1; y < boxes[i].y2; ++y) {
                uint8_t* row = row_at(surface_, y);
                const uint8_t* srow = row_at(src->image, y + dy);
                for (int x = boxes[i].x1; x < boxes[i].x2; ++x) {
                    const uint32_t p = brush->solid() ? brush->color() : brush->at(x, y);
                    const uint32_t value =
                        rop(p, load_pixel(srow, x + dx, depth), load_pixel(row, x, depth));
                    store_pixel(row, x, depth, value & mask);
                }
            }
        }
    });
    return {};
}

Status Canvas::copy_bits(const Rect& box, const Clip& clip, Point src_pos) {
    Region region = region_for(box, clip);
    PlacedSource placed{surface_, static_cast<int64_t>(src_pos.x) - box.left,
                        static_cast<int64_t>(src_pos.y) - box.top};
    if (placed.dx == 0 && placed.dy == 0) {
        return {};
    }
    restrict_to_source(region, placed);
    if (region.empty()) {
        return {};
    }
    move_region(surface_, region, static_cast<int>(placed.dx), static_cast<int>(placed.dy));
    return {};
}

}  // namespace spicedesk::core::canvas
