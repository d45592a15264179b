// The worker's surfaces: SURFACE and UPDATE commands, the primary surface calls, write-back to
// guest memory (update_area), monitors configs, and the display channel's snapshot and reads.

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "common/log.hpp"
#include "spice-core/server/qxl/worker.hpp"
#include "spice-core/server/qxl/worker_util.hpp"

namespace spicedesk::core::qxl {

using namespace detail;

Status Worker::handle_surface(const ParseContext& ctx, uint64_t addr) {
    auto s = parse_surface_command(ctx, addr);
    if (!s) {
        return s.error();
    }
    ++stats_.surface_commands;
    std::lock_guard lock(mutex_);
    if (s->type == QXL_SURFACE_CMD_CREATE) {
        if (s->surface_id == 0) {
            return make_error("surface command: surface 0 is the primary surface");
        }
        if (surfaces_.count(s->surface_id) != 0) {
            return make_error(fmt::format("surface command: surface {} exists", +s->surface_id));
        }
        SurfaceDesc desc{s->surface_id, s->width, s->height, s->format, false};
        return create_surface_locked(s->surface_id, desc, s->stride, s->data, ctx.group_id,
                                     (s->flags & QXL_SURF_FLAG_KEEP_DATA) != 0);
    }
    if (s->surface_id == 0 || surfaces_.count(s->surface_id) == 0) {
        return make_error(fmt::format("surface command: no off-screen surface {}", +s->surface_id));
    }
    destroy_surface_locked(s->surface_id, false);
    return {};
}

Status Worker::handle_update(const ParseContext& ctx, uint64_t addr) {
    auto u = parse_update_command(ctx, addr);
    if (!u) {
        return u.error();
    }
    ++stats_.updates;
    {
        std::lock_guard lock(mutex_);
        auto it = surfaces_.find(u->surface_id);
        if (it != surfaces_.end()) {
            write_back_locked(it->second, u->area);
        }
    }
    device_.notify_update(u->update_id);
    return {};
}

Status Worker::create_surface_locked(uint32_t id, const SurfaceDesc& desc, int32_t stride,
                                     uint64_t mem, uint32_t group_id, bool keep_data) {
    auto canvas = canvas::Canvas::create(desc.format, static_cast<int>(desc.width),
                                         static_cast<int>(desc.height));
    if (!canvas) {
        return make_error(fmt::format("surface {}: {}", id, canvas.message()));
    }
    const uint32_t bits = surface_format_bits(desc.format);
    const uint64_t row = (uint64_t{desc.width} * bits + 7) / 8;
    const uint64_t astride = abs_stride(stride);
    if (astride < row) {
        return make_error(fmt::format("surface {}: stride {} shorter than a row", id, stride));
    }
    auto guest = memslots_.translate(group_id, mem, astride * desc.height);
    if (!guest) {
        return make_error(fmt::format("surface {} memory: {}", id, guest.message()));
    }
    if (keep_data) {
        const canvas::Image& img = canvas->surface();
        const auto dst_stride = static_cast<size_t>(img.stride());
        for (uint32_t y = 0; y < desc.height; ++y) {
            const uint64_t line = stride < 0 ? (desc.height - 1 - y) * astride : y * astride;
            std::memcpy(img.data() + y * dst_stride, guest->data() + line, row);
        }
    }
    surfaces_.erase(id);
    surfaces_.emplace(id, Surface{std::move(*canvas), desc, stride, mem, group_id});
    emit_locked(SurfaceCreateEvent{desc});
    if (desc.primary && !heads_from_guest_) {
        emit_locked(MonitorsEvent{heads_locked()});
    }
    if (keep_data) {
        auto& s = surfaces_.at(id);
        canvas::Rect all{0, 0, static_cast<int32_t>(desc.width), static_cast<int32_t>(desc.height)};
        emit_locked(
            CopyEvent{id, to_wire(all),
                      std::make_shared<std::vector<uint32_t>>(pixels_of(s.canvas.surface(), all))});
    }
    return {};
}

void Worker::destroy_surface_locked(uint32_t id, bool write_back) {
    auto it = surfaces_.find(id);
    if (it == surfaces_.end()) {
        return;
    }
    if (write_back) {
        const auto& d = it->second.desc;
        write_back_locked(it->second, canvas::Rect{0, 0, static_cast<int32_t>(d.width),
                                                   static_cast<int32_t>(d.height)});
    }
    surfaces_.erase(it);
    emit_locked(SurfaceDestroyEvent{id});
}

void Worker::write_back_locked(Surface& surface, const canvas::Rect& requested) {
    const auto& d = surface.desc;
    canvas::Rect area = intersect(requested, canvas::Rect{0, 0, static_cast<int32_t>(d.width),
                                                          static_cast<int32_t>(d.height)});
    if (empty(area)) {
        return;
    }
    const uint32_t bits = surface_format_bits(d.format);
    if (bits < 8) {
        return;  // 1-bit surfaces are not written back
    }
    const uint64_t astride = abs_stride(surface.stride);
    auto guest = memslots_.translate(surface.group_id, surface.mem, astride * d.height);
    if (!guest) {
        log::debug(kLog, "{}: surface {} write-back: {}", options_.thread_name, d.id,
                   guest.message());
        return;
    }
    const canvas::Image& img = surface.canvas.surface();
    const auto src_stride = static_cast<size_t>(img.stride());
    const size_t bpp = bits / 8;
    const auto x0 = static_cast<size_t>(area.left) * bpp;
    const auto bytes = static_cast<size_t>(area.right - area.left) * bpp;
    for (auto y = static_cast<uint32_t>(area.top); y < static_cast<uint32_t>(area.bottom); ++y) {
        const uint64_t line = surface.stride < 0 ? (d.height - 1 - y) * astride : y * astride;
        std::memcpy(guest->data() + line + x0, img.data() + y * src_stride + x0, bytes);
    }
}

std::vector<WireHead> Worker::heads_locked() const {
    if (heads_from_guest_ || !heads_.empty()) {
        return heads_;
    }
    auto it = surfaces_.find(0);
    if (it == surfaces_.end()) {
        return {};
    }
    return {WireHead{0, 0, it->second.desc.width, it->second.desc.height, 0, 0, 0}};
}

void Worker::create_primary_surface(uint32_t surface_id, const DevSurfaceCreate& create) {
    call([this, surface_id, create] {
        if (surface_id != 0) {
            reject(nullptr, fmt::format("primary surface id {} (only 0)", surface_id));
            return;
        }
        if (surface_format_bits(create.format) != 32 && surface_format_bits(create.format) != 16) {
            reject(nullptr, fmt::format("primary surface format {}", +create.format));
            return;
        }
        if (create.width == 0 || create.height == 0 ||
            create.width > options_.limits.max_image_side ||
            create.height > options_.limits.max_image_side) {
            reject(nullptr, fmt::format("primary surface {}x{}", +create.width, +create.height));
            return;
        }
        std::lock_guard lock(mutex_);
        destroy_surface_locked(0, false);
        SurfaceDesc desc{0, create.width, create.height, create.format, true};
        auto st = create_surface_locked(0, desc, create.stride, create.mem, create.group_id,
                                        (create.flags & QXL_SURF_FLAG_KEEP_DATA) != 0);
        if (!st) {
            last_error_ = st.message();
            ++stats_.rejected;
            log::warn(kLog, "{}: create primary: {}", options_.thread_name, st.message());
        }
    });
}

void Worker::create_primary_surface_async(uint32_t surface_id, const DevSurfaceCreate& create,
                                          uint64_t cookie) {
    post([this, surface_id, create, cookie] {
        create_primary_surface(surface_id, create);
        device_.async_complete(cookie);
    });
}

void Worker::destroy_primary_surface(uint32_t surface_id) {
    call([this, surface_id] {
        std::lock_guard lock(mutex_);
        if (surface_id == 0) {
            destroy_surface_locked(0, true);
        }
    });
}

void Worker::destroy_primary_surface_async(uint32_t surface_id, uint64_t cookie) {
    post([this, surface_id, cookie] {
        destroy_primary_surface(surface_id);
        device_.async_complete(cookie);
    });
}

void Worker::destroy_surfaces() {
    call([this] {
        std::lock_guard lock(mutex_);
        std::vector<uint32_t> ids;
        for (const auto& [id, s] : surfaces_) {
            ids.push_back(id);
        }
        // Off-screen surfaces first, the primary last (as a client expects).
        std::sort(ids.rbegin(), ids.rend());
        for (uint32_t id : ids) {
            destroy_surface_locked(id, false);
        }
    });
}

void Worker::destroy_surfaces_async(uint64_t cookie) {
    post([this, cookie] {
        destroy_surfaces();
        device_.async_complete(cookie);
    });
}

void Worker::destroy_surface_wait(uint32_t surface_id) {
    call([this, surface_id] {
        std::lock_guard lock(mutex_);
        if (surface_id != 0) {
            destroy_surface_locked(surface_id, true);
        }
    });
}

void Worker::destroy_surface_wait_async(uint32_t surface_id, uint64_t cookie) {
    post([this, surface_id, cookie] {
        destroy_surface_wait(surface_id);
        device_.async_complete(cookie);
    });
}

void Worker::flush_surfaces_async(uint64_t cookie) {
    post([this, cookie] {
        {
            std::lock_guard lock(mutex_);
            for (auto& [id, s] : surfaces_) {
                write_back_locked(s, canvas::Rect{0, 0, static_cast<int32_t>(s.desc.width),
                                                  static_cast<int32_t>(s.desc.height)});
            }
        }
        device_.async_complete(cookie);
    });
}

void Worker::update_area(uint32_t surface_id, const QXLRect& area,
                         std::vector<QXLRect>* dirty_rects, bool /*clear_dirty_region*/) {
    call([this, surface_id, area, dirty_rects] {
        while (process_rings()) {
        }
        std::lock_guard lock(mutex_);
        auto it = surfaces_.find(surface_id);
        if (it == surfaces_.end()) {
            return;
        }
        write_back_locked(it->second, to_rect(area));
        if (dirty_rects != nullptr) {
            dirty_rects->assign(1, area);
        }
    });
}

void Worker::update_area_async(uint32_t surface_id, const QXLRect& area, uint32_t clear_dirty,
                               uint64_t cookie) {
    post([this, surface_id, area, clear_dirty, cookie] {
        std::vector<QXLRect> dirty;
        update_area(surface_id, area, &dirty, clear_dirty != 0);
        device_.update_area_complete(surface_id, dirty);
        device_.async_complete(cookie);
    });
}

void Worker::monitors_config_async(uint64_t monitors_config, uint32_t group_id, uint64_t cookie) {
    post([this, monitors_config, group_id, cookie] {
        ParseContext ctx = parse_context(group_id);
        auto head = memslots_.read<QXLMonitorsConfig>(group_id, monitors_config, "monitors config");
        std::vector<WireHead> heads;
        Status st;
        if (!head) {
            st = head.error();
        } else {
            const uint32_t limit = std::min<uint32_t>(max_monitors_, 64);
            const uint16_t count = head->count;
            if (count == 0 || count > limit) {
                st = make_error(fmt::format("monitors config: {} heads (1..{})", count, limit));
            } else {
                for (uint32_t i = 0; i < count && st; ++i) {
                    auto h = memslots_.read<QXLHead>(
                        group_id, monitors_config + sizeof(QXLMonitorsConfig) + i * sizeof(QXLHead),
                        "monitors config head");
                    if (!h) {
                        st = h.error();
                        break;
                    }
                    if (h->surface_id >= init_.n_surfaces) {
                        st = make_error(fmt::format("monitors config: head {} on surface {}", i,
                                                    +h->surface_id));
                        break;
                    }
                    heads.push_back(
                        WireHead{h->id, h->surface_id, h->width, h->height, h->x, h->y, h->flags});
                }
            }
        }
        if (!st) {
            reject(nullptr, st.message());
        } else {
            std::lock_guard lock(mutex_);
            heads_ = heads;
            heads_from_guest_ = true;
            emit_locked(MonitorsEvent{heads});
        }
        device_.async_complete(cookie);
    });
}

DisplaySnapshot Worker::snapshot() {
    std::lock_guard lock(mutex_);
    DisplaySnapshot snap;
    snap.seq = seq_;
    // The primary first: a client needs it before any head refers to it.
    if (auto it = surfaces_.find(0); it != surfaces_.end()) {
        snap.surfaces.push_back(it->second.desc);
    }
    for (const auto& [id, s] : surfaces_) {
        if (id != 0) {
            snap.surfaces.push_back(s.desc);
        }
    }
    snap.heads = heads_locked();
    return snap;
}

Result<AreaPixels> Worker::update_area(uint32_t surface_id, const WireRect& area) {
    std::lock_guard lock(mutex_);
    auto it = surfaces_.find(surface_id);
    if (it == surfaces_.end()) {
        return make_error(fmt::format("no surface {}", surface_id));
    }
    const auto& d = it->second.desc;
    if (area.left < 0 || area.top < 0 || area.right > static_cast<int32_t>(d.width) ||
        area.bottom > static_cast<int32_t>(d.height) || area.width() <= 0 || area.height() <= 0) {
        return make_error("area outside the surface");
    }
    AreaPixels out;
    out.seq = seq_;
    out.width = static_cast<uint32_t>(area.width());
    out.height = static_cast<uint32_t>(area.height());
    out.pixels = pixels_of(it->second.canvas.surface(),
                           canvas::Rect{area.left, area.top, area.right, area.bottom});
    return out;
}

}  // namespace spicedesk::core::qxl
