// DRAW commands: rendered on the surface's canvas, then forwarded to the display channel as
// SPICE draw events (fills, bitmap copies, the guest's compressed images, COPY_BITS, and whole
// surface copies that scrolled as COPY_BITS plus the new rows; anything else as the pixels it
// produced).

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "spice-core/server/qxl/worker.hpp"
#include "spice-core/server/qxl/worker_util.hpp"

namespace spicedesk::core::qxl {

using namespace detail;

Status Worker::handle_draw(const ParseContext& ctx, uint64_t addr) {
    std::lock_guard lock(mutex_);  // surface images are read while parsing
    auto d = parse_drawable(ctx, addr);
    if (!d) {
        return d.error();
    }
    ++stats_.drawables;
    return apply_drawable_locked(*d);
}

Status Worker::apply_drawable_locked(const Drawable& d) {
    auto it = surfaces_.find(d.surface_id);
    if (it == surfaces_.end()) {
        return make_error(
            fmt::format("drawable on surface {}, which does not exist", +d.surface_id));
    }
    for (int32_t dep : d.surfaces_dest) {
        if (dep != -1 && surfaces_.count(static_cast<uint32_t>(dep)) == 0) {
            return make_error(
                fmt::format("drawable depends on surface {}, which does not exist", dep));
        }
    }
    const FullCopyPlan plan = plan_full_copy_locked(d, it->second);
    canvas::Canvas& c = it->second.canvas;
    Status st;
    switch (d.type) {
        case QXL_DRAW_FILL:
            st = c.draw_fill(d.box, d.clip, std::get<canvas::Fill>(d.op));
            break;
        case QXL_DRAW_OPAQUE:
            st = c.draw_opaque(d.box, d.clip, std::get<canvas::Opaque>(d.op));
            break;
        case QXL_DRAW_COPY:
            st = c.draw_copy(d.box, d.clip, std::get<canvas::Copy>(d.op));
            break;
        case QXL_DRAW_BLEND:
            st = c.draw_blend(d.box, d.clip, std::get<canvas::Copy>(d.op));
            break;
        case QXL_COPY_BITS:
            st = c.copy_bits(d.box, d.clip, std::get<CopyBitsOp>(d.op).src_pos);
            break;
        case QXL_DRAW_BLACKNESS:
            st = c.draw_blackness(d.box, d.clip, std::get<canvas::MaskOnly>(d.op));
            break;
        case QXL_DRAW_WHITENESS:
            st = c.draw_whiteness(d.box, d.clip, std::get<canvas::MaskOnly>(d.op));
            break;
        case QXL_DRAW_INVERS:
            st = c.draw_invers(d.box, d.clip, std::get<canvas::MaskOnly>(d.op));
            break;
        case QXL_DRAW_ROP3:
            st = c.draw_rop3(d.box, d.clip, std::get<canvas::Rop3>(d.op));
            break;
        case QXL_DRAW_STROKE:
            st = c.draw_stroke(d.box, d.clip, std::get<canvas::Stroke>(d.op));
            break;
        case QXL_DRAW_TEXT:
            st = c.draw_text(d.box, d.clip, std::get<canvas::Text>(d.op));
            break;
        case QXL_DRAW_TRANSPARENT:
            st = c.draw_transparent(d.box, d.clip, std::get<canvas::Transparent>(d.op));
            break;
        case QXL_DRAW_ALPHA_BLEND:
            st = c.draw_alpha_blend(d.box, d.clip, std::get<canvas::AlphaBlend>(d.op));
            break;
        case QXL_DRAW_COMPOSITE:
            st = c.draw_composite(d.box, d.clip, std::get<canvas::Composite>(d.op));
            break;
        default:
            return make_error(fmt::format("draw type {} unknown", +d.type));
    }
    // Even a failed draw may have changed part of the surface (a text's back area): forward.
    forward_locked(d, it->second, st ? plan : FullCopyPlan{});
    return st;
}

Worker::FullCopyPlan Worker::plan_full_copy_locked(const Drawable& d,
                                                   const Surface& surface) const {
    FullCopyPlan plan;
    const auto& desc = surface.desc;
    if (d.type != QXL_DRAW_COPY || !d.src_is_bitmap || d.clip.type != SPICE_CLIP_TYPE_NONE ||
        surface_format_bits(desc.format) != 32) {
        return plan;
    }
    const auto& copy = std::get<canvas::Copy>(d.op);
    const auto w = static_cast<int32_t>(desc.width);
    const auto h = static_cast<int32_t>(desc.height);
    const canvas::Rect all{0, 0, w, h};
    if (d.box != all || copy.src_area != all || copy.src.width() != w || copy.src.height() != h ||
        copy.src.bpp() != 32 || copy.mask.bitmap || copy.rop_descriptor != SPICE_ROPD_OP_PUT) {
        return plan;
    }
    const canvas::Image& old_img = surface.canvas.surface();
    const size_t row_bytes = static_cast<size_t>(w) * 4;
    auto old_row = [&](int32_t y) {
        return old_img.data() + static_cast<size_t>(y) * static_cast<size_t>(old_img.stride());
    };
    auto new_row = [&](int32_t y) {
        return copy.src.data() + static_cast<size_t>(y) * static_cast<size_t>(copy.src.stride());
    };
    auto equal = [&](int32_t new_y, int32_t old_y) {
        return std::memcmp(new_row(new_y), old_row(old_y), row_bytes) == 0;
    };
    // No movement: only the rows between the first and the last change.
    int32_t top = 0;
    while (top < h && equal(top, top)) {
        ++top;
    }
    int32_t bottom = h;
    while (bottom > top && equal(bottom - 1, bottom - 1)) {
        --bottom;
    }
    plan.valid = true;
    plan.new_top = top;
    plan.new_bottom = bottom;
    int64_t best_cost = bottom - top;
    // Scrolled up by k rows: new row y is old row y + k for y < kept. A row-compare budget keeps
    // uniform pictures (every row alike) from costing h^2.
    int64_t budget = int64_t{8} * h;
    for (int32_t k = 1; k <= h / 2 && budget > 0 && best_cost > h / 8; ++k) {
        --budget;
        if (!equal(0, k)) {
            continue;
        }
        int32_t kept = 1;
        while (kept < h - k && budget > 0 && equal(kept, kept + k)) {
            ++kept;
            --budget;
        }
        // After the move, rows [kept, h) are sent unless they already hold what they should.
        int32_t last = h;
        while (last > kept && equal(last - 1, last - 1)) {
            --last;
        }
        const int64_t cost = last - kept;
        if (kept >= h / 2 && cost < best_cost) {
            best_cost = cost;
            plan.scroll = k;
            plan.kept = kept;
            plan.new_top = kept;
            plan.new_bottom = last;
        }
    }
    return plan;
}

void Worker::forward_locked(const Drawable& d, Surface& surface, const FullCopyPlan& plan) {
    const auto& desc = surface.desc;
    // A compressed whole-surface image that did not scroll goes on as the guest compressed it
    // (no encoding here); one that scrolled is cheaper as COPY_BITS plus the new rows.
    if (plan.valid && !(plan.scroll == 0 && d.src_encoded)) {
        const auto w = static_cast<int32_t>(desc.width);
        if (plan.scroll > 0) {
            ++stats_.full_copies_scrolled;
            emit_locked(CopyBitsEvent{desc.id, WireRect{0, 0, w, plan.kept}, 0, plan.scroll, {}});
        } else {
            ++stats_.full_copies_trimmed;
        }
        if (plan.new_bottom > plan.new_top) {
            const canvas::Rect rows{0, plan.new_top, w, plan.new_bottom};
            emit_locked(CopyEvent{
                desc.id,
                to_wire(rows),
                std::make_shared<std::vector<uint32_t>>(pixels_of(surface.canvas.surface(), rows)),
                {}});
        }
        return;
    }
    const canvas::Rect bounds{0, 0, static_cast<int32_t>(desc.width),
                              static_cast<int32_t>(desc.height)};
    const canvas::Rect box = intersect(d.box, bounds);
    if (empty(box)) {
        return;
    }
    const bool is32 = surface_format_bits(desc.format) == 32;
    const bool box_inside = box == d.box;
    if (is32 && d.type == QXL_DRAW_FILL) {
        const auto& fill = std::get<canvas::Fill>(d.op);
        if (fill.brush.type == SPICE_BRUSH_TYPE_SOLID && !fill.mask.bitmap &&
            fill.rop_descriptor == SPICE_ROPD_OP_PUT) {
            ++stats_.forwarded_draws;
            emit_locked(FillEvent{desc.id, to_wire(box), fill.brush.color & 0xffffffU,
                                  wire_clip(d.clip), SPICE_ROPD_OP_PUT});
            return;
        }
    }
    if (is32 && (d.type == QXL_DRAW_BLACKNESS || d.type == QXL_DRAW_WHITENESS) &&
        !std::get<canvas::MaskOnly>(d.op).mask.bitmap) {
        ++stats_.forwarded_draws;
        emit_locked(FillEvent{desc.id, to_wire(box), d.type == QXL_DRAW_WHITENESS ? 0xffffffU : 0U,
                              wire_clip(d.clip), SPICE_ROPD_OP_PUT});
        return;
    }
    if (d.type == QXL_COPY_BITS && box_inside) {
        const auto& pos = std::get<CopyBitsOp>(d.op).src_pos;
        const canvas::Rect src{pos.x, pos.y, pos.x + (box.right - box.left),
                               pos.y + (box.bottom - box.top)};
        if (!empty(intersect(src, bounds)) && intersect(src, bounds) == src) {
            ++stats_.forwarded_draws;
            emit_locked(CopyBitsEvent{desc.id, to_wire(box), pos.x, pos.y, wire_clip(d.clip)});
            return;
        }
    }
    if (is32 && d.type == QXL_DRAW_COPY && d.src_is_bitmap) {
        const auto& copy = std::get<canvas::Copy>(d.op);
        const canvas::Rect& sa = copy.src_area;
        const bool unscaled = sa.right - sa.left == d.box.right - d.box.left &&
                              sa.bottom - sa.top == d.box.bottom - d.box.top;
        const canvas::Rect img{0, 0, copy.src.width(), copy.src.height()};
        const canvas::Rect in = intersect(sa, img);
        const bool inside = in == sa && !empty(sa);
        if (unscaled && inside && copy.rop_descriptor == SPICE_ROPD_OP_PUT && !copy.mask.bitmap &&
            copy.src.bpp() == 32) {
            const canvas::Rect part{
                sa.left + (box.left - d.box.left), sa.top + (box.top - d.box.top),
                sa.left + (box.right - d.box.left), sa.top + (box.bottom - d.box.top)};
            ++stats_.forwarded_draws;
            const bool whole = box_inside && sa == img;
            if (whole && d.src_encoded) {
                // The guest's QUIC or LZ_RGB data, as libspice-server passes it on.
                ++stats_.forwarded_compressed;
                emit_locked(
                    CopyEvent{desc.id, to_wire(box), nullptr, wire_clip(d.clip), d.src_encoded});
                return;
            }
            emit_locked(
                CopyEvent{desc.id, to_wire(box),
                          std::make_shared<std::vector<uint32_t>>(pixels_of(copy.src, part)),
                          wire_clip(d.clip)});
            return;
        }
    }
    // Anything else: the pixels the draw produced, inside its box and clip.
    ++stats_.forwarded_pixels;
    emit_locked(
        CopyEvent{desc.id, to_wire(box),
                  std::make_shared<std::vector<uint32_t>>(pixels_of(surface.canvas.surface(), box)),
                  wire_clip(d.clip)});
}

void Worker::emit_locked(const DisplayEvent& event) {
    ++seq_;
    for (auto* sink : display_sinks_) {
        sink->on_display_update(DisplayUpdate{seq_, event});
    }
}

}  // namespace spicedesk::core::qxl
