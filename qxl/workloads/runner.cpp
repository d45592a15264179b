#include "qxl/workloads/runner.hpp"

#include <pthread.h>

#include <chrono>
#include <exception>

namespace spicedesk::qxl {

namespace {

constexpr uint32_t kMinHeadSize = 64;
constexpr uint32_t kMaxHeadSize = 4096;

}  // namespace

Runner::Runner(Device& device, Screen screen, std::unique_ptr<Workload> workload,
               std::string thread_name, std::function<void(const std::string&)> on_event)
    : device_(device),
      screen_(screen),
      workload_(std::move(workload)),
      thread_name_(std::move(thread_name)),
      on_event_(std::move(on_event)) {}

Runner::~Runner() {
    stop();
}

void Runner::start() {
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), thread_name_.substr(0, 15).c_str());
        try {
            run();
        } catch (const std::exception& e) {
            std::lock_guard lock(mutex_);
            error_ = e.what();
        }
    });
}

void Runner::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void Runner::go() {
    {
        std::lock_guard lock(mutex_);
        hold_ = false;
    }
    cv_.notify_all();
}

void Runner::key(uint32_t scancode) {
    {
        std::lock_guard lock(mutex_);
        keys_.push_back(scancode);
    }
    cv_.notify_all();
}

void Runner::request_resize(std::vector<GuestHead> monitors) {
    {
        std::lock_guard lock(mutex_);
        resizes_.push_back(std::move(monitors));
    }
    cv_.notify_all();
}

void Runner::change_mode(Driver& driver, const std::vector<GuestHead>& monitors) {
    // Every head takes the first monitor's size (the heads stay side by side on one primary, as
    // the workloads draw them).
    const uint32_t w = monitors.front().width;
    const uint32_t h = monitors.front().height;
    const uint32_t total_w = w * screen_.heads;
    auto refuse = [&](const std::string& why) {
        if (on_event_) {
            on_event_("resize " + std::to_string(total_w) + "x" + std::to_string(h) +
                      " refused: " + why);
        }
    };
    if (w < kMinHeadSize || h < kMinHeadSize || w > kMaxHeadSize || h > kMaxHeadSize) {
        refuse("head size outside " + std::to_string(kMinHeadSize) + ".." +
               std::to_string(kMaxHeadSize));
        return;
    }
    if (!factory_) {
        refuse("no workload factory");
        return;
    }
    if (w == screen_.head_width && h == screen_.head_height) {
        return;  // already there (clients repeat their config)
    }
    if (auto st = driver.resize(total_w, h); !st) {
        refuse(st.message());
        return;
    }
    screen_.head_width = w;
    screen_.head_height = h;
    std::vector<GuestHead> heads;
    for (uint32_t i = 0; i < screen_.heads; ++i) {
        heads.push_back(GuestHead{w, h, i * w, 0});
    }
    driver.monitors_config(heads);
    workload_ = factory_(screen_);
    workload_->setup(driver);
    driver.update_area(0, QXLRect{0, 0, static_cast<int32_t>(h), static_cast<int32_t>(total_w)});
    driver.wait_idle(10000);
    if (on_event_) {
        on_event_("resized " + std::to_string(total_w) + "x" + std::to_string(h));
    }
}

std::string Runner::error() const {
    std::lock_guard lock(mutex_);
    return error_;
}

void Runner::run() {
    using clock = std::chrono::steady_clock;
    Driver driver(device_);
    uint32_t mask = QXL_INTERRUPT_DISPLAY | QXL_INTERRUPT_CURSOR | QXL_INTERRUPT_IO_CMD |
                    QXL_INTERRUPT_ERROR | QXL_INTERRUPT_CLIENT;
    if (client_monitors_interrupt_) {
        mask |= QXL_INTERRUPT_CLIENT_MONITORS_CONFIG;
    }
    driver.enable_interrupts(mask);
    if (auto st = driver.init(screen_.width(), screen_.height()); !st) {
        throw std::runtime_error(st.message());
    }
    std::vector<GuestHead> heads;
    for (uint32_t i = 0; i < screen_.heads; ++i) {
        heads.push_back(
            GuestHead{screen_.head_width, screen_.head_height, i * screen_.head_width, 0});
    }
    driver.monitors_config(heads);
    workload_->setup(driver);
    {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [this] { return stopping_ || !hold_; });
    }
    const double fps = fps_ < 0 ? workload_->fps() : fps_;
    const auto period =
        fps == 0
            ? clock::duration::zero()
            : std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(1.0 / fps));
    auto next = clock::now() + period;
    uint64_t keys_done = 0;
    bool running = true;
    while (true) {
        std::deque<uint32_t> keys;
        std::deque<std::vector<GuestHead>> resizes;
        {
            std::unique_lock lock(mutex_);
            cv_.wait_until(lock, running ? next : clock::now() + std::chrono::milliseconds(20),
                           [this] { return stopping_ || !keys_.empty() || !resizes_.empty(); });
            if (stopping_) {
                break;
            }
            keys.swap(keys_);
            resizes.swap(resizes_);
        }
        if (client_monitors_interrupt_ &&
            (device_.wait_interrupt(QXL_INTERRUPT_CLIENT_MONITORS_CONFIG, 0) &
             QXL_INTERRUPT_CLIENT_MONITORS_CONFIG) != 0) {
            // As the Linux qxl driver: read the ROM's config (a CRC mismatch means the device is
            // rewriting it; its next interrupt brings the final one).
            if (auto requested = driver.client_monitors_config()) {
                resizes.push_back(std::move(*requested));
            }
        }
        for (const auto& monitors : resizes) {
            change_mode(driver, monitors);
        }
        for (uint32_t k : keys) {
            workload_->key(driver, k);
        }
        if (!keys.empty()) {
            keys_done += keys.size();
            driver.wait_idle(5000);
            if (on_event_) {
                on_event_("keys " + std::to_string(keys_done));
            }
        }
        if (running && clock::now() >= next) {
            next = period == clock::duration::zero() ? clock::now() : next + period;
            const uint64_t n = frame_ + 1;
            running = workload_->frame(driver, n);
            frame_ = n;
            if (!running) {
                if (on_event_) {
                    on_event_("drawn");  // every frame is on the ring
                }
                // Have the server render everything (as QEMU's display update does): a server
                // may hold drawables until they are rendered or covered.
                driver.update_area(0, QXLRect{0, 0, static_cast<int32_t>(screen_.height()),
                                              static_cast<int32_t>(screen_.width())});
                driver.wait_idle(10000);
                finished_ = true;
                if (on_event_) {
                    on_event_("finished");
                }
            }
        }
        driver.process_releases();
    }
}

}  // namespace spicedesk::qxl
