#include "spice-core/tools/test_source.hpp"

#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace spicedesk::core {

namespace {

uint32_t background(uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint32_t seed) {
    uint32_t r = x * 255 / std::max(1U, w - 1);
    uint32_t g = y * 255 / std::max(1U, h - 1);
    uint32_t b = ((x / 16) ^ (y / 16) ^ seed) & 1U ? 0xc0 : 0x40;
    return (r << 16) | (g << 8) | b;
}

uint32_t frame_color(uint64_t n) {
    uint32_t v = static_cast<uint32_t>(n * 2654435761ULL);
    return (v >> 8) & 0xffffff;
}

std::shared_ptr<CursorShape> make_cursor_shape() {
    auto shape = std::make_shared<CursorShape>();
    shape->unique = 1;
    shape->type = SPICE_CURSOR_TYPE_ALPHA;
    shape->width = 16;
    shape->height = 16;
    shape->data.resize(16 * 16 * 4);
    for (uint32_t y = 0; y < 16; ++y) {
        for (uint32_t x = 0; x < 16; ++x) {
            uint32_t argb = x <= y ? (x == 0 || x == y || y == 15 ? 0xff000000 : 0xffffffff) : 0;
            for (int i = 0; i < 4; ++i) {
                shape->data[(y * 16 + x) * 4 + static_cast<uint32_t>(i)] =
                    static_cast<uint8_t>(argb >> (8 * i));
            }
        }
    }
    return shape;
}

}  // namespace

TestSource::TestSource(TestSourceOptions options) : options_(options) {
    options_.heads = std::clamp(options_.heads, 1U, 4U);
    options_.width = std::max(options_.width, kTileSize * 2);
    options_.height = std::max(options_.height, kTileSize * 2);
    base_width_ = options_.width;
    base_height_ = options_.height;
    fb_.resize(static_cast<size_t>(options_.width) * options_.height);
    for (uint32_t y = 0; y < options_.height; ++y) {
        for (uint32_t x = 0; x < options_.width; ++x) {
            fb_[static_cast<size_t>(y) * options_.width + x] =
                background(x, y, options_.width, options_.height, options_.seed);
        }
    }
    cursor_.visible = true;
    cursor_.shape = make_cursor_shape();
}

TestSource::~TestSource() {
    stop();
}

void TestSource::start(std::function<void()> on_last_frame) {
    on_last_frame_ = std::move(on_last_frame);
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "test-source");
        run();
    });
}

void TestSource::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void TestSource::run() {
    using clock = std::chrono::steady_clock;
    auto period = std::chrono::duration_cast<clock::duration>(
        std::chrono::duration<double>(1.0 / std::max(0.1, options_.fps)));
    auto next = clock::now() + period;
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (cv_.wait_until(lock, next, [this] { return stopping_; })) {
            break;
        }
        next += period;
        if (options_.frames != 0 && frame_ >= options_.frames) {
            continue;
        }
        draw_frame_locked(frame_ + 1);
        if (options_.frames != 0 && frame_ == options_.frames && on_last_frame_) {
            lock.unlock();
            on_last_frame_();
            lock.lock();
        }
    }
}

void TestSource::step() {
    std::lock_guard lock(mutex_);
    draw_frame_locked(frame_ + 1);
}

WireRect TestSource::tile_rect(uint64_t n) const {
    auto x = static_cast<int32_t>((n * 13 + options_.seed * 101) % (options_.width - kTileSize));
    auto y =
        static_cast<int32_t>((n * 7 + options_.seed * 53) % (options_.height - kTileSize - 40));
    return {x, y, x + static_cast<int32_t>(kTileSize), y + static_cast<int32_t>(kTileSize)};
}

void TestSource::draw_frame_locked(uint64_t n) {
    bool resized = options_.resize_every != 0 && n % options_.resize_every == 0;
    if (resized) {
        resize_locked(n);
    } else if (n > 1) {
        emit_locked(FillEvent{0, tile_rect(n - 1), frame_color(n)});
    }
    auto pixels = std::make_shared<std::vector<uint32_t>>(kTileSize * kTileSize);
    for (uint32_t y = 0; y < kTileSize; ++y) {
        for (uint32_t x = 0; x < kTileSize; ++x) {
            uint32_t v = static_cast<uint32_t>((x + n) ^ (y * 3 + n * 5));
            (*pixels)[y * kTileSize + x] = ((v & 0xff) << 16) | (((v * 7) & 0xff) << 8) |
                                           static_cast<uint32_t>((n * 9 + y) & 0xff);
        }
    }
    emit_locked(CopyEvent{0, tile_rect(n), pixels});
    const auto w = static_cast<int32_t>(options_.width);
    const auto h = static_cast<int32_t>(options_.height);
    if (n % 10 == 0) {  // scroll a band at the bottom up by 2 pixels
        WireRect box{0, h - 40, w, h - 2};
        emit_locked(CopyBitsEvent{0, box, 0, h - 38});
    }
    frame_ = n;
    WireRect t = tile_rect(n);
    cursor_.x = static_cast<int16_t>(t.left + 8);
    cursor_.y = static_cast<int16_t>(t.top + 8);
    for (auto* sink : cursor_sinks_) {
        if (n % 100 == 50) {
            sink->on_cursor_event(CursorHideEvent{});
            sink->on_cursor_event(CursorSetEvent{cursor_});
        }
        sink->on_cursor_event(CursorMoveEvent{cursor_.x, cursor_.y});
    }
}

void TestSource::resize_locked(uint64_t n) {
    emit_locked(SurfaceDestroyEvent{0});
    bool small = options_.width == base_width_;
    options_.width = small ? std::max(kTileSize * 2, base_width_ * 3 / 4) : base_width_;
    options_.height = small ? std::max(kTileSize * 2, base_height_ * 3 / 4) : base_height_;
    fb_.assign(static_cast<size_t>(options_.width) * options_.height, 0);
    auto pixels = std::make_shared<std::vector<uint32_t>>(fb_.size());
    for (uint32_t y = 0; y < options_.height; ++y) {
        for (uint32_t x = 0; x < options_.width; ++x) {
            (*pixels)[static_cast<size_t>(y) * options_.width + x] = background(
                x, y, options_.width, options_.height, options_.seed + static_cast<uint32_t>(n));
        }
    }
    emit_locked(SurfaceCreateEvent{
        SurfaceDesc{0, options_.width, options_.height, SPICE_SURFACE_FMT_32_xRGB, true}});
    emit_locked(MonitorsEvent{heads()});
    emit_locked(CopyEvent{
        0,
        WireRect{0, 0, static_cast<int32_t>(options_.width), static_cast<int32_t>(options_.height)},
        pixels});
}

void TestSource::emit_locked(DisplayEvent event) {
    apply_locked(event);
    ++seq_;
    for (auto* sink : display_sinks_) {
        sink->on_display_update(DisplayUpdate{seq_, event});
    }
}

void TestSource::apply_locked(const DisplayEvent& event) {
    const uint32_t w = options_.width;
    if (auto* fill = std::get_if<FillEvent>(&event)) {
        for (int32_t y = fill->box.top; y < fill->box.bottom; ++y) {
            std::fill_n(fb_.begin() + static_cast<ptrdiff_t>(static_cast<uint32_t>(y) * w +
                                                             static_cast<uint32_t>(fill->box.left)),
                        fill->box.width(), fill->color);
        }
    } else if (auto* copy = std::get_if<CopyEvent>(&event)) {
        auto bw = static_cast<size_t>(copy->box.width());
        for (int32_t y = copy->box.top; y < copy->box.bottom; ++y) {
            std::memcpy(&fb_[static_cast<size_t>(y) * w + static_cast<size_t>(copy->box.left)],
                        &(*copy->pixels)[static_cast<size_t>(y - copy->box.top) * bw],
                        bw * sizeof(uint32_t));
        }
    } else if (auto* bits = std::get_if<CopyBitsEvent>(&event)) {
        auto bw = static_cast<size_t>(bits->box.width());
        std::vector<uint32_t> tmp(bw * static_cast<size_t>(bits->box.height()));
        for (int32_t y = 0; y < bits->box.height(); ++y) {
            std::memcpy(
                &tmp[static_cast<size_t>(y) * bw],
                &fb_[static_cast<size_t>(bits->src_y + y) * w + static_cast<size_t>(bits->src_x)],
                bw * sizeof(uint32_t));
        }
        for (int32_t y = 0; y < bits->box.height(); ++y) {
            std::memcpy(&fb_[static_cast<size_t>(bits->box.top + y) * w +
                             static_cast<size_t>(bits->box.left)],
                        &tmp[static_cast<size_t>(y) * bw], bw * sizeof(uint32_t));
        }
    }
}

std::vector<WireHead> TestSource::heads() const {
    std::vector<WireHead> out;
    uint32_t each = options_.width / options_.heads;
    for (uint32_t i = 0; i < options_.heads; ++i) {
        uint32_t width = i + 1 == options_.heads ? options_.width - each * i : each;
        out.push_back(WireHead{i, 0, width, options_.height, each * i, 0, 0});
    }
    return out;
}

DisplaySnapshot TestSource::snapshot() {
    std::lock_guard lock(mutex_);
    DisplaySnapshot snap;
    snap.seq = seq_;
    snap.surfaces.push_back(
        SurfaceDesc{0, options_.width, options_.height, SPICE_SURFACE_FMT_32_xRGB, true});
    snap.heads = heads();
    return snap;
}

Result<AreaPixels> TestSource::update_area(uint32_t surface_id, const WireRect& area) {
    if (surface_id != 0) {
        return make_error("no such surface");
    }
    if (area.left < 0 || area.top < 0 || area.right > static_cast<int32_t>(options_.width) ||
        area.bottom > static_cast<int32_t>(options_.height) || area.width() <= 0 ||
        area.height() <= 0) {
        return make_error("area outside the surface");
    }
    std::lock_guard lock(mutex_);
    AreaPixels out;
    out.seq = seq_;
    out.width = static_cast<uint32_t>(area.width());
    out.height = static_cast<uint32_t>(area.height());
    out.pixels.resize(static_cast<size_t>(out.width) * out.height);
    for (uint32_t y = 0; y < out.height; ++y) {
        std::memcpy(&out.pixels[static_cast<size_t>(y) * out.width],
                    &fb_[static_cast<size_t>(static_cast<uint32_t>(area.top) + y) * options_.width +
                         static_cast<uint32_t>(area.left)],
                    out.width * sizeof(uint32_t));
    }
    return out;
}

TestSource::Frame TestSource::current_frame() const {
    std::lock_guard lock(mutex_);
    return Frame{frame_, options_.width, options_.height, fb_};
}

void TestSource::subscribe(DisplaySink* sink) {
    std::lock_guard lock(mutex_);
    display_sinks_.push_back(sink);
}

void TestSource::unsubscribe(DisplaySink* sink) {
    std::lock_guard lock(mutex_);
    std::erase(display_sinks_, sink);
}

CursorState TestSource::cursor_state() {
    std::lock_guard lock(mutex_);
    return cursor_;
}

void TestSource::subscribe(CursorSink* sink) {
    std::lock_guard lock(mutex_);
    cursor_sinks_.push_back(sink);
}

void TestSource::unsubscribe(CursorSink* sink) {
    std::lock_guard lock(mutex_);
    std::erase(cursor_sinks_, sink);
}

}  // namespace spicedesk::core
