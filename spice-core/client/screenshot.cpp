#include "spice-core/client/screenshot.hpp"

#include <fmt/format.h>

#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>

#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core::client {

namespace {

using Clock = std::chrono::steady_clock;

class ShotObserver final : public SessionObserver {
  public:
    explicit ShotObserver(uint32_t channel) : channel_(channel) {}

    void on_mark(uint32_t channel_id) override {
        std::lock_guard lock(mutex_);
        if (channel_id == channel_ && !marked_) {
            marked_ = true;
            mark_time_ = last_activity_ = Clock::now();
        }
        cv_.notify_all();
    }
    void on_display_batch(uint32_t channel_id) override {
        if (channel_id == channel_) {
            std::lock_guard lock(mutex_);
            last_activity_ = Clock::now();
        }
    }
    void on_channel_closed(uint8_t type, uint8_t id, const Status& why) override {
        if (type == SPICE_CHANNEL_DISPLAY && id == channel_) {
            std::lock_guard lock(mutex_);
            if (!closed_) {
                closed_ = true;
                why_ = why ? Status(make_error(fmt::format("display channel {} closed", id))) : why;
            }
            cv_.notify_all();
        }
    }
    void on_closed(const Status& why) override {
        std::lock_guard lock(mutex_);
        if (!closed_) {
            closed_ = true;
            why_ = why ? Status(make_error("the session closed")) : why;
        }
        cv_.notify_all();
    }

    // Waits for MARK, then quiet; returns an error when the session or channel closed first.
    Status wait(const ScreenshotOptions& o) {
        std::unique_lock lock(mutex_);
        auto deadline = Clock::now() + o.timeout;
        if (!cv_.wait_until(lock, deadline, [&] { return marked_ || closed_; })) {
            return make_error(fmt::format("no picture (MARK) on display channel {} within {} ms",
                                          channel_, o.timeout.count()));
        }
        while (!closed_) {
            auto now = Clock::now();
            if (now - last_activity_ >= o.quiet || now - mark_time_ >= o.settle_limit) {
                return {};
            }
            auto until = std::min(last_activity_ + o.quiet, mark_time_ + o.settle_limit);
            cv_.wait_until(lock, until);
        }
        return why_;
    }

  private:
    uint32_t channel_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool marked_ = false;
    bool closed_ = false;
    Status why_;
    Clock::time_point mark_time_;
    Clock::time_point last_activity_;
};

}  // namespace

Result<Screenshot> take_screenshot(const ConnectOptions& options, const ScreenshotOptions& shot) {
    ShotObserver observer(shot.channel_id);
    auto session = Session::start(options, observer);
    Status st = observer.wait(shot);
    if (!st) {
        return st.error();
    }
    Screenshot out;
    bool have = session->with_frame(shot.channel_id, [&](const FrameView& f) {
        out.width = f.width;
        out.height = f.height;
        out.pixels.resize(size_t(f.width) * size_t(f.height));
        for (int y = 0; y < f.height; ++y) {
            std::copy_n(f.pixels + size_t(y) * size_t(f.stride), f.width,
                        out.pixels.begin() + ptrdiff_t(y) * f.width);
        }
    });
    session.reset();
    if (!have) {
        return make_error(
            fmt::format("display channel {} has no primary surface", shot.channel_id));
    }
    return out;
}

Status write_ppm(const Screenshot& shot, const std::string& path) {
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
    if (!f) {
        return make_error(fmt::format("cannot write {}", path));
    }
    std::string header = fmt::format("P6\n{} {}\n255\n", shot.width, shot.height);
    std::vector<uint8_t> rgb(shot.pixels.size() * 3);
    for (size_t i = 0; i < shot.pixels.size(); ++i) {
        uint32_t p = shot.pixels[i];
        rgb[i * 3] = static_cast<uint8_t>(p >> 16);
        rgb[i * 3 + 1] = static_cast<uint8_t>(p >> 8);
        rgb[i * 3 + 2] = static_cast<uint8_t>(p);
    }
    if (std::fwrite(header.data(), 1, header.size(), f.get()) != header.size() ||
        std::fwrite(rgb.data(), 1, rgb.size(), f.get()) != rgb.size()) {
        return make_error(fmt::format("writing {} failed", path));
    }
    return {};
}

}  // namespace spicedesk::core::client
