#include "spice-core/server/qxl/worker.hpp"

#include <fmt/format.h>
#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <future>

#include "common/log.hpp"
#include "spice-core/server/qxl/worker_util.hpp"

namespace spicedesk::core::qxl {

using detail::kLog;

namespace {

constexpr int kBatch = 64;
constexpr auto kPollInterval = std::chrono::milliseconds(20);

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
    int n = 0;
    QXLCommandExt cmd{};
    while (n < kBatch && device_.get_command(cmd)) {
        process_command(cmd, false);
        ++n;
    }
    // A full batch, or a command that arrived before the notification was asked for: more.
    bool more = n == kBatch || !device_.req_cmd_notification();
    n = 0;
    while (n < kBatch && device_.get_cursor_command(cmd)) {
        process_command(cmd, true);
        ++n;
    }
    more = more || n == kBatch || !device_.req_cursor_notification();
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
    Status st;
    switch (type) {
        case QXL_CMD_DRAW:
            st = handle_draw(ctx, addr);
            break;
        case QXL_CMD_UPDATE:
            st = handle_update(ctx, addr);
            break;
        case QXL_CMD_SURFACE:
            st = handle_surface(ctx, addr);
            break;
        case QXL_CMD_CURSOR:
            st = handle_cursor(ctx, addr);
            break;
        case QXL_CMD_MESSAGE:
            st = handle_message(ctx, addr);
            break;
        default:
            st = make_error(fmt::format("command type {} unknown", type));
            break;
    }
    // Rejected or not, the guest gets the command back.
    if (!st) {
        reject(&*info, st.message());
        return;
    }
    release(*info);
}

Status Worker::handle_message(const ParseContext& ctx, uint64_t addr) {
    auto m = parse_message_command(ctx, addr);
    if (!m) {
        return m.error();
    }
    ++stats_.messages;
    log::info(kLog, "{}: guest message: {}", options_.thread_name, m->text);
    return {};
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

void Worker::loadvm_commands(std::span<const QXLCommandExt> commands) {
    std::vector<QXLCommandExt> copy(commands.begin(), commands.end());
    call([this, &copy] {
        for (const auto& cmd : copy) {
            process_command(cmd, cmd.cmd.type == QXL_CMD_CURSOR);
        }
    });
}

// --- DisplaySource ------------------------------------------------------------------------

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

}  // namespace spicedesk::core::qxl
