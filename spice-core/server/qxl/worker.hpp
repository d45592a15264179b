#pragma once

// The QXL worker: one per QXL device, on its own named thread ("qxl-worker-N"). It takes
// commands from its QxlDevice, resolves guest addresses through its memslots, parses them into
// validated drawables, renders them through spice-core/canvas into pixman surfaces (primary and
// off-screen), forwards them to the display channel as draw events (fills, bitmap copies and
// COPY_BITS as such; other operations as the pixels they produced), and hands every command
// back through release_resource, rejected ones included. It is the DisplaySource and
// CursorSource of its display channel.
//
// Thread: the worker thread owns the memslots and runs every QxlWorker call (synchronous calls
// wait for it); surfaces, cursor and sinks are guarded by a mutex so that the server thread's
// snapshot/update_area see a consistent picture.

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "spice-core/canvas/canvas.hpp"
#include "spice-core/server/cursor_source.hpp"
#include "spice-core/server/display_source.hpp"
#include "spice-core/server/qxl/memslots.hpp"
#include "spice-core/server/qxl/qxl_interface.hpp"
#include "spice-core/server/qxl/qxl_parse.hpp"

namespace spicedesk::core::qxl {

struct WorkerStats {
    std::atomic<uint64_t> commands{0};
    std::atomic<uint64_t> drawables{0};
    std::atomic<uint64_t> rejected{0};  // commands that failed to parse or apply
    std::atomic<uint64_t> releases{0};
    std::atomic<uint64_t> cursor_commands{0};
    std::atomic<uint64_t> surface_commands{0};
    std::atomic<uint64_t> updates{0};
    std::atomic<uint64_t> messages{0};
    std::atomic<uint64_t> forwarded_draws{0};   // sent as fill / bitmap copy / copy bits
    std::atomic<uint64_t> forwarded_pixels{0};  // sent as the pixels they produced
    // Bitmap copies whose source the guest compressed (QUIC, LZ_RGB), passed on unchanged.
    std::atomic<uint64_t> forwarded_compressed{0};
    // Whole-surface bitmap copies (the qxl DRM console's updates) sent as COPY_BITS plus the new
    // rows, or as only the rows that changed.
    std::atomic<uint64_t> full_copies_scrolled{0};
    std::atomic<uint64_t> full_copies_trimmed{0};
};

struct WorkerOptions {
    std::string thread_name = "qxl-worker-0";
    uint32_t max_monitors = 16;
    ParseLimits limits;
};

class Worker final : public QxlWorker, public DisplaySource, public CursorSource {
  public:
    // Attaches to the device (attached_worker, get_init_info) and starts the worker thread;
    // commands are taken once start() is called.
    Worker(QxlDevice& device, WorkerOptions options = {});
    ~Worker() override;
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    const WorkerStats& stats() const { return stats_; }
    // The last rejection's reason (for tests and logs).
    std::string last_error() const;
    // Waits until the worker has taken every command the device has now and run every queued
    // call (tests, dumps).
    void flush();

    // QxlWorker
    void add_memslot(const DevMemSlot& slot) override;
    void add_memslot_async(const DevMemSlot& slot, uint64_t cookie) override;
    void del_memslot(uint32_t group_id, uint32_t slot_id) override;
    void reset_memslots() override;
    void create_primary_surface(uint32_t surface_id, const DevSurfaceCreate& create) override;
    void create_primary_surface_async(uint32_t surface_id, const DevSurfaceCreate& create,
                                      uint64_t cookie) override;
    void destroy_primary_surface(uint32_t surface_id) override;
    void destroy_primary_surface_async(uint32_t surface_id, uint64_t cookie) override;
    void destroy_surfaces() override;
    void destroy_surfaces_async(uint64_t cookie) override;
    void destroy_surface_wait(uint32_t surface_id) override;
    void destroy_surface_wait_async(uint32_t surface_id, uint64_t cookie) override;
    void flush_surfaces_async(uint64_t cookie) override;
    void update_area(uint32_t surface_id, const QXLRect& area, std::vector<QXLRect>* dirty_rects,
                     bool clear_dirty_region) override;
    void update_area_async(uint32_t surface_id, const QXLRect& area, uint32_t clear_dirty,
                           uint64_t cookie) override;
    void monitors_config_async(uint64_t monitors_config, uint32_t group_id,
                               uint64_t cookie) override;
    void set_max_monitors(uint32_t max_monitors) override;
    void wakeup() override;
    void oom() override;
    void start() override;
    void stop() override;
    void reset_image_cache() override;
    void reset_cursor() override;
    void loadvm_commands(std::span<const QXLCommandExt> commands) override;

    // DisplaySource (server thread)
    DisplaySnapshot snapshot() override;
    Result<AreaPixels> update_area(uint32_t surface_id, const WireRect& area) override;
    void subscribe(DisplaySink* sink) override;
    void unsubscribe(DisplaySink* sink) override;
    // Tells the device through set_client_capabilities (on the worker thread), now if the
    // worker runs, else when it starts, as libspice-server does.
    void set_client(bool present, const Caps& display_caps) override;

    // CursorSource (server thread)
    CursorState cursor_state() override;
    void subscribe(CursorSink* sink) override;
    void unsubscribe(CursorSink* sink) override;

  private:
    struct Surface {
        canvas::Canvas canvas;
        SurfaceDesc desc;
        int32_t stride = 0;
        uint64_t mem = 0;
        uint32_t group_id = 0;
    };

    void run();
    // Runs fn on the worker thread and waits for it (directly when already there).
    void call(std::function<void()> fn);
    void post(std::function<void()> fn);
    // Takes up to a batch of commands from each ring; true when a ring may have more.
    bool process_rings();
    // Parses and carries out one command, then releases it (rejected ones too).
    void process_command(const QXLCommandExt& cmd, bool cursor_ring);
    // One command type each (worker_draw.cpp, worker_surfaces.cpp, worker_cursor.cpp); an
    // error rejects the command.
    Status handle_draw(const ParseContext& ctx, uint64_t addr);
    Status handle_update(const ParseContext& ctx, uint64_t addr);
    Status handle_surface(const ParseContext& ctx, uint64_t addr);
    Status handle_cursor(const ParseContext& ctx, uint64_t addr);
    Status handle_message(const ParseContext& ctx, uint64_t addr);
    void reject(const ReleaseInfo* release, const std::string& why);
    void release(const ReleaseInfo& info);

    // Locked helpers (mutex_ held).
    Status create_surface_locked(uint32_t id, const SurfaceDesc& desc, int32_t stride, uint64_t mem,
                                 uint32_t group_id, bool keep_data);
    void destroy_surface_locked(uint32_t id, bool write_back);
    // What a whole-surface bitmap DRAW_COPY changes, worked out before it is drawn.
    struct FullCopyPlan {
        bool valid = false;
        int32_t scroll = 0;   // rows the old picture moved up (0: none)
        int32_t kept = 0;     // rows [0, kept) come from the old picture (moved by scroll)
        int32_t new_top = 0;  // rows [new_top, new_bottom) are sent as pixels
        int32_t new_bottom = 0;
    };
    FullCopyPlan plan_full_copy_locked(const Drawable& d, const Surface& surface) const;
    Status apply_drawable_locked(const Drawable& d);
    void forward_locked(const Drawable& d, Surface& surface, const FullCopyPlan& plan);
    void write_back_locked(Surface& surface, const canvas::Rect& area);
    void emit_locked(const DisplayEvent& event);
    void emit_cursor_locked(const CursorEvent& event);
    std::vector<WireHead> heads_locked() const;
    // Worker thread: what the device was last told, or will be told when the worker starts.
    void tell_client_capabilities();
    ParseContext parse_context(uint32_t group_id);

    QxlDevice& device_;
    WorkerOptions options_;
    WorkerStats stats_;
    DevInitInfo init_;
    MemSlots memslots_;                      // worker thread only
    bool client_present_ = false;            // worker thread only
    std::array<uint8_t, 58> client_caps_{};  // worker thread only (QXLInterface's layout)

    mutable std::mutex mutex_;  // guards what follows up to the thread section
    std::map<uint32_t, Surface> surfaces_;
    std::vector<WireHead> heads_;
    bool heads_from_guest_ = false;
    uint64_t seq_ = 0;
    std::vector<DisplaySink*> display_sinks_;
    std::vector<CursorSink*> cursor_sinks_;
    CursorState cursor_;
    std::string last_error_;
    uint32_t max_monitors_ = 16;

    std::mutex queue_mutex_;  // guards tasks_, wakeup_, quit_, running_
    std::condition_variable cv_;
    std::deque<std::function<void()>> tasks_;
    bool wakeup_ = false;
    bool quit_ = false;
    bool running_ = false;
    std::thread thread_;
};

}  // namespace spicedesk::core::qxl
