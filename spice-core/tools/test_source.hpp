#pragma once

// The test server's synthetic, deterministic display and cursor: frame 0 is a gradient;
// every later frame fills where the moving tile was, copies the tile (a bitmap that
// depends on the frame number) to its new place, and every 10th frame scrolls a band up
// with COPY_BITS. The source keeps its own framebuffer, so update_area and the dumped frame
// are exactly what a client that applied every command shows.
// Thread: its own ("test-source"); every public method is thread-safe.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "spice-core/server/cursor_source.hpp"
#include "spice-core/server/display_source.hpp"

namespace spicedesk::core {

struct TestSourceOptions {
    uint32_t width = 1024;
    uint32_t height = 768;
    uint32_t heads = 1;  // 1..4, side by side on the primary surface
    double fps = 30;
    uint64_t frames = 0;  // stop after this frame (0: never)
    uint32_t seed = 0;    // varies the picture between display channels
    // Every N frames (0: never) the primary surface is destroyed and created again at the
    // other of two sizes (the given one and 3/4 of it), then filled whole.
    uint64_t resize_every = 0;
};

inline constexpr uint32_t kTileSize = 64;

class TestSource final : public DisplaySource, public CursorSource {
  public:
    explicit TestSource(TestSourceOptions options);
    ~TestSource() override;

    // Starts the animation thread. on_last_frame runs (on that thread) once frame
    // `frames` has been drawn.
    void start(std::function<void()> on_last_frame = {});
    void stop();
    // Draws the next frame now, on the calling thread (benchmarks, tests).
    void step();

    uint64_t frame() const { return frame_.load(); }
    struct Frame {
        uint64_t number = 0;
        uint32_t width = 0;
        uint32_t height = 0;
        std::vector<uint32_t> pixels;  // xRGB, stride = width
    };
    // The current frame, its number and size taken together.
    Frame current_frame() const;
    std::vector<uint32_t> framebuffer() const { return current_frame().pixels; }

    // DisplaySource
    DisplaySnapshot snapshot() override;
    Result<AreaPixels> update_area(uint32_t surface_id, const WireRect& area) override;
    void subscribe(DisplaySink* sink) override;
    void unsubscribe(DisplaySink* sink) override;

    // CursorSource
    CursorState cursor_state() override;
    void subscribe(CursorSink* sink) override;
    void unsubscribe(CursorSink* sink) override;

  private:
    void run();
    void draw_frame_locked(uint64_t n);
    void resize_locked(uint64_t n);
    void emit_locked(DisplayEvent event);
    void apply_locked(const DisplayEvent& event);
    WireRect tile_rect(uint64_t n) const;
    std::vector<WireHead> heads() const;

    TestSourceOptions options_;  // width and height: the current surface size
    uint32_t base_width_ = 0;
    uint32_t base_height_ = 0;
    mutable std::mutex mutex_;
    std::vector<uint32_t> fb_;
    uint64_t seq_ = 0;
    std::atomic<uint64_t> frame_{0};
    std::vector<DisplaySink*> display_sinks_;
    std::vector<CursorSink*> cursor_sinks_;
    CursorState cursor_;

    std::thread thread_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::function<void()> on_last_frame_;
};

}  // namespace spicedesk::core
