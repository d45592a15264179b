#include "spice-core/server/qxl/worker.hpp"

#include <fmt/format.h>
#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <future>

#include "common/log.hpp"

namespace spicedesk::core::qxl {

namespace {

constexpr std::string_view kLog = "qxl-worker";
constexpr int kBatch = 64;
constexpr auto kPollInterval = std::chrono::milliseconds(20);

WireRect to_wire(const canvas::Rect& r) {
    return WireRect{r.left, r.top, r.right, r.bottom};
}

canvas::Rect from_qxl(const QXLRect& r) {
    return canvas::Rect{r.left, r.top, r.right, r.bottom};
}

canvas::Rect intersect(const canvas::Rect& a, const canvas::Rect& b) {
    canvas::Rect r{std::max(a.left, b.left), std::max(a.top, b.top), std::min(a.right, b.right),
                   std::min(a.bottom, b.bottom)};
    if (r.right <= r.left || r.bottom <= r.top) {
        return {};
    }
    return r;
}

bool empty(const canvas::Rect& r) {
    return r.right <= r.left || r.bottom <= r.top;
}

std::vector<WireRect> wire_clip(const canvas::Clip& clip) {
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
std::vector<uint32_t> pixels_of(const canvas::Image& image, const canvas::Rect& area) {
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

uint64_t abs_stride(int32_t stride) {
    return stride < 0 ? uint64_t{0} - static_cast<uint64_t>(static_cast<int64_t>(stride))
                      : static_cast<uint64_t>(stride);
}

}  // namespace

Worker::Worker(QxlDevice& device, WorkerOptions options)
    : device_(device), options_(std::move(options)), max_monitors_(options_.max_monitors) {
    device_.attached_worker(*this);
    init_ = device_.get_init_info();
    if (init_.n_surfaces == 0 || init_.n_surfaces > 65536) {
        log::warn(kLog, "device reports {} surfaces; using 1", init_.n_surfaces);
        init_.n_surfaces = 1;
    }
    if (auto st = memslots_.init(init_); !st) {
        log::error(kLog, "{}: {}", options_.thread_name, st.message());
    }
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), options_.thread_name.substr(0, 15).c_str());
        run();
    });
}

Worker::~Worker() {
    {
        std::lock_guard lock(queue_mutex_);
        quit_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

std::string Worker::last_error() const {
    std::lock_guard lock(mutex_);
    return last_error_;
}

void Worker::post(std::function<void()> fn) {
    {
        std::lock_guard lock(queue_mutex_);
        tasks_.push_back(std::move(fn));
    }
    cv_.notify_all();
}

void Worker::call(std::function<void()> fn) {
    if (std::this_thread::get_id() == thread_.get_id()) {
        fn();
        return;
    }
    std::promise<void> done;
    auto future = done.get_future();
    post([&fn, &done] {
        fn();
        done.set_value();
    });
    future.wait();
}

void Worker::flush() {
    call([this] {
        while (process_rings()) {
        }
    });
}

void Worker::run() {
    std::unique_lock lock(queue_mutex_);
    while (true) {
        cv_.wait_for(lock, kPollInterval, [this] { return quit_ || !tasks_.empty() || wakeup_; });
        if (quit_) {
            break;
        }
        wakeup_ = false;
        auto tasks = std::move(tasks_);
        tasks_.clear();
        const bool running = running_;
        lock.unlock();
        for (auto& task : tasks) {
            task();
        }
        if (running && process_rings()) {
            lock.lock();
            wakeup_ = true;  // more waiting: come round again after any queued call
            continue;
        }
        lock.lock();
    }
}

bool Worker::process_rings() {
    {
        std::lock_guard lock(queue_mutex_);
        if (!running_) {
            return false;
        }
    }
    bool more = false;
    int n = 0;
    QXLCommandExt cmd{};
    while (n < kBatch && device_.get_command(cmd)) {
        process_command(cmd, false);
        ++n;
    }
    if (n == kBatch) {
        more = true;
    } else if (!device_.req_cmd_notification()) {
        more = true;  // a command arrived meanwhile
    }
    n = 0;
    while (n < kBatch && device_.get_cursor_command(cmd)) {
        process_command(cmd, true);
        ++n;
    }
    if (n == kBatch) {
        more = true;
    } else if (!device_.req_cursor_notification()) {
        more = true;
    }
    device_.flush_resources();
    return more;
}

ParseContext Worker::parse_context(uint32_t group_id) {
    ParseContext ctx{memslots_, group_id, init_.n_surfaces, {}, options_.limits};
    ctx.surface_image = [this](uint32_t id) -> Result<canvas::Image> {
        // Called with mutex_ held (from apply paths).
        auto it = surfaces_.find(id);
        if (it == surfaces_.end()) {
            return make_error(fmt::format("surface {} does not exist", id));
        }
        return it->second.canvas.surface();
    };
    return ctx;
}

void Worker::release(const ReleaseInfo& info) {
    ++stats_.releases;
    device_.release_resource(info);
}

void Worker::reject(const ReleaseInfo* info, const std::string& why) {
    ++stats_.rejected;
    log::debug(kLog, "{}: command rejected: {}", options_.thread_name, why);
    {
        std::lock_guard lock(mutex_);
        last_error_ = why;
    }
    if (info != nullptr) {
        release(*info);
    }
}

void Worker::process_command(const QXLCommandExt& ext, bool cursor_ring) {
    ++stats_.commands;
    const uint64_t addr = ext.cmd.data;
    const uint32_t type = ext.cmd.type;
    ParseContext ctx = parse_context(ext.group_id);
    if (ext.group_id >= init_.num_memslots_groups) {
        reject(nullptr,
               fmt::format("command in group {} of {}", +ext.group_id, init_.num_memslots_groups));
        return;
    }
    if (type == QXL_CMD_NOP) {
        return;
    }
    auto info = read_release_info(ctx, addr);
    if (!info) {
        reject(nullptr, fmt::format("command type {} at {:#x}: {}", type, addr, info.message()));
        return;
    }
    if (cursor_ring != (type == QXL_CMD_CURSOR)) {
        reject(&*info, fmt::format("command type {} on the {} ring", type,
                                   cursor_ring ? "cursor" : "command"));
        return;
    }
    switch (type) {
        case QXL_CMD_DRAW: {
            std::unique_lock lock(mutex_);  // surface images are read while parsing
            auto d = parse_drawable(ctx, addr);
            if (!d) {
                lock.unlock();
                reject(&*info, d.message());
                return;
            }
            ++stats_.drawables;
            auto st = apply_drawable_locked(*d);
            lock.unlock();
            if (!st) {
                reject(&*info, st.message());
                return;
            }
            release(*info);
            return;
        }
        case QXL_CMD_UPDATE: {
            auto u = parse_update_command(ctx, addr);
            if (!u) {
                reject(&*info, u.message());
                return;
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
            release(*info);
            return;
        }
        case QXL_CMD_SURFACE: {
            auto s = parse_surface_command(ctx, addr);
            if (!s) {
                reject(&*info, s.message());
                return;
            }
            ++stats_.surface_commands;
            Status st;
            {
                std::lock_guard lock(mutex_);
                if (s->type == QXL_SURFACE_CMD_CREATE) {
                    if (s->surface_id == 0) {
                        st = make_error("surface command: surface 0 is the primary surface");
                    } else if (surfaces_.count(s->surface_id) != 0) {
                        st = make_error(
                            fmt::format("surface command: surface {} exists", +s->surface_id));
                    } else {
                        SurfaceDesc desc{s->surface_id, s->width, s->height, s->format, false};
                        st = create_surface_locked(s->surface_id, desc, s->stride, s->data,
                                                   ext.group_id,
                                                   (s->flags & QXL_SURF_FLAG_KEEP_DATA) != 0);
                    }
                } else if (s->surface_id == 0 || surfaces_.count(s->surface_id) == 0) {
                    st = make_error(
                        fmt::format("surface command: no off-screen surface {}", +s->surface_id));
                } else {
                    destroy_surface_locked(s->surface_id, false);
                }
            }
            if (!st) {
                reject(&*info, st.message());
                return;
            }
            release(*info);
            return;
        }
        case QXL_CMD_CURSOR: {
            auto c = parse_cursor_command(ctx, addr);
            if (!c) {
                reject(&*info, c.message());
                return;
            }
            ++stats_.cursor_commands;
            {
                std::lock_guard lock(mutex_);
                switch (c->type) {
                    case QXL_CURSOR_SET:
                        cursor_.x = c->x;
                        cursor_.y = c->y;
                        cursor_.visible = c->visible;
                        cursor_.shape = c->shape;
                        emit_cursor_locked(CursorSetEvent{cursor_});
                        break;
                    case QXL_CURSOR_MOVE:
                        cursor_.x = c->x;
                        cursor_.y = c->y;
                        cursor_.visible = true;
                        emit_cursor_locked(CursorMoveEvent{c->x, c->y});
                        break;
                    case QXL_CURSOR_HIDE:
                        cursor_.visible = false;
                        emit_cursor_locked(CursorHideEvent{});
                        break;
                    default:  // TRAIL: nothing a SPICE client shows
                        break;
                }
            }
            release(*info);
            return;
        }
        case QXL_CMD_MESSAGE: {
            auto m = parse_message_command(ctx, addr);
            if (!m) {
                reject(&*info, m.message());
                return;
            }
            ++stats_.messages;
            log::info(kLog, "{}: guest message: {}", options_.thread_name, m->text);
            release(*info);
            return;
        }
        default:
            reject(&*info, fmt::format("command type {} unknown", type));
            return;
    }
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
    auto same = [](const canvas::Rect& a, const canvas::Rect& b) {
        return a.left == b.left && a.top == b.top && a.right == b.right && a.bottom == b.bottom;
    };
    if (!same(d.box, all) || !same(copy.src_area, all) || copy.src.width() != w ||
        copy.src.height() != h || copy.src.bpp() != 32 || copy.mask.bitmap ||
        copy.rop_descriptor != SPICE_ROPD_OP_PUT) {
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
    const bool box_inside = box.left == d.box.left && box.top == d.box.top &&
                            box.right == d.box.right && box.bottom == d.box.bottom;
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
        if (!empty(intersect(src, bounds)) && intersect(src, bounds).left == src.left &&
            intersect(src, bounds).top == src.top && intersect(src, bounds).right == src.right &&
            intersect(src, bounds).bottom == src.bottom) {
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
        const bool inside = in.left == sa.left && in.top == sa.top && in.right == sa.right &&
                            in.bottom == sa.bottom && !empty(sa);
        if (unscaled && inside && copy.rop_descriptor == SPICE_ROPD_OP_PUT && !copy.mask.bitmap &&
            copy.src.bpp() == 32) {
            const canvas::Rect part{
                sa.left + (box.left - d.box.left), sa.top + (box.top - d.box.top),
                sa.left + (box.right - d.box.left), sa.top + (box.bottom - d.box.top)};
            ++stats_.forwarded_draws;
            const bool whole = box_inside && sa.left == 0 && sa.top == 0 &&
                               sa.right == copy.src.width() && sa.bottom == copy.src.height();
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

void Worker::emit_locked(DisplayEvent event) {
    ++seq_;
    for (auto* sink : display_sinks_) {
        sink->on_display_update(DisplayUpdate{seq_, event});
    }
}

void Worker::emit_cursor_locked(CursorEvent event) {
    for (auto* sink : cursor_sinks_) {
        sink->on_cursor_event(event);
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

// --- QxlWorker -----------------------------------------------------------------------------

void Worker::add_memslot(const DevMemSlot& slot) {
    call([this, slot] {
        if (auto st = memslots_.add(slot); !st) {
            log::warn(kLog, "{}: {}", options_.thread_name, st.message());
        }
    });
}

void Worker::add_memslot_async(const DevMemSlot& slot, uint64_t cookie) {
    post([this, slot, cookie] {
        if (auto st = memslots_.add(slot); !st) {
            log::warn(kLog, "{}: {}", options_.thread_name, st.message());
        }
        device_.async_complete(cookie);
    });
}

void Worker::del_memslot(uint32_t group_id, uint32_t slot_id) {
    call([this, group_id, slot_id] { memslots_.del(group_id, slot_id); });
}

void Worker::reset_memslots() {
    call([this] { memslots_.reset(); });
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
        write_back_locked(it->second, from_qxl(area));
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

void Worker::set_max_monitors(uint32_t max_monitors) {
    std::lock_guard lock(mutex_);
    max_monitors_ = std::clamp<uint32_t>(max_monitors, 1, 64);
}

void Worker::wakeup() {
    {
        std::lock_guard lock(queue_mutex_);
        wakeup_ = true;
    }
    cv_.notify_all();
}

void Worker::oom() {
    post([this] { device_.flush_resources(); });
}

void Worker::start() {
    {
        std::lock_guard lock(queue_mutex_);
        running_ = true;
        wakeup_ = true;
        tasks_.emplace_back([this] { tell_client_capabilities(); });
    }
    cv_.notify_all();
}

void Worker::stop() {
    call([this] {
        while (process_rings()) {
        }
        std::lock_guard lock(queue_mutex_);
        running_ = false;
    });
}

void Worker::reset_image_cache() {}

void Worker::reset_cursor() {
    call([this] {
        std::lock_guard lock(mutex_);
        cursor_ = CursorState{};
        emit_cursor_locked(CursorResetEvent{});
    });
}

void Worker::loadvm_commands(std::span<const QXLCommandExt> commands) {
    std::vector<QXLCommandExt> copy(commands.begin(), commands.end());
    call([this, &copy] {
        for (const auto& cmd : copy) {
            process_command(cmd, cmd.cmd.type == QXL_CMD_CURSOR);
        }
    });
}

// --- DisplaySource / CursorSource ----------------------------------------------------------

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

void Worker::subscribe(DisplaySink* sink) {
    std::lock_guard lock(mutex_);
    display_sinks_.push_back(sink);
}

void Worker::unsubscribe(DisplaySink* sink) {
    std::lock_guard lock(mutex_);
    std::erase(display_sinks_, sink);
}

void Worker::set_client(bool present, const Caps& display_caps) {
    // The display caps a guest driver may act on (those libspice-server passes on), as
    // QXLInterface lays them out: bit c in byte c / 8.
    static constexpr std::array<unsigned, 4> kPassed{
        SPICE_DISPLAY_CAP_SIZED_STREAM, SPICE_DISPLAY_CAP_MONITORS_CONFIG,
        SPICE_DISPLAY_CAP_COMPOSITE, SPICE_DISPLAY_CAP_A8_SURFACE};
    std::array<uint8_t, 58> caps{};
    if (present) {
        for (unsigned cap : kPassed) {
            if (display_caps.has(cap)) {
                caps[cap / 8] |= static_cast<uint8_t>(1U << (cap % 8));
            }
        }
    }
    post([this, present, caps] {
        client_present_ = present;
        client_caps_ = caps;
        tell_client_capabilities();
    });
}

void Worker::tell_client_capabilities() {
    {
        std::lock_guard lock(queue_mutex_);
        if (!running_) {
            return;  // told when the worker starts
        }
    }
    device_.set_client_capabilities(client_present_, client_caps_);
}

CursorState Worker::cursor_state() {
    std::lock_guard lock(mutex_);
    return cursor_;
}

void Worker::subscribe(CursorSink* sink) {
    std::lock_guard lock(mutex_);
    cursor_sinks_.push_back(sink);
}

void Worker::unsubscribe(CursorSink* sink) {
    std::lock_guard lock(mutex_);
    std::erase(cursor_sinks_, sink);
}

}  // namespace spicedesk::core::qxl
