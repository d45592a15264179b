#pragma once

// Runs a workload as a guest would: its own thread ("qxl-guest-N") drives a guest Driver on a
// Device, sets up the primary surface and the heads, then draws frames at the workload's rate,
// and applies keys typed on the client in between. A client's monitor request changes the mode as a
// Linux desktop does: through the device (QXL_INTERRUPT_CLIENT_MONITORS_CONFIG, the ROM's config)
// or through the guest agent (request_resize, the vdagent + xrandr way); the workload is then
// drawn anew at the new size. Thread-safe public methods.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "qxl/device/device.hpp"
#include "qxl/workloads/workloads.hpp"

namespace spicedesk::qxl {

class Runner {
  public:
    // on_event gets "drawn" once the last frame is on the ring, "finished" once the workload
    // reached its still picture (every command released), "keys N" after the N-th key was drawn
    // and released, "resized WxH" once the workload was drawn at a new mode (W, H: the primary
    // surface) and "resize WxH refused: why"; called on the runner's thread.
    Runner(Device& device, Screen screen, std::unique_ptr<Workload> workload,
           std::string thread_name, std::function<void(const std::string&)> on_event = {});
    ~Runner();
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

    // Frames per second instead of the workload's own rate; 0: as fast as the server takes them.
    // Before start().
    void set_fps(double fps) { fps_ = fps; }
    // Draw the first picture, then wait for go() before the frames (benchmarks: a client
    // connects first). Before start().
    void set_hold(bool hold) { hold_ = hold; }
    void go();
    // Whether the guest driver unmasks QXL_INTERRUPT_CLIENT_MONITORS_CONFIG (default: yes, as the
    // Linux qxl driver). Without it the device refuses client monitors configs and the server
    // sends them to the agent. Before start().
    void set_client_monitors_interrupt(bool enabled) { client_monitors_interrupt_ = enabled; }
    // Makes the workload for a new screen after a mode change (without one a mode change is
    // refused). Before start().
    void set_workload_factory(std::function<std::unique_ptr<Workload>(const Screen&)> factory) {
        factory_ = std::move(factory);
    }
    // The guest agent asks for these monitors (client coordinates).
    void request_resize(std::vector<GuestHead> monitors);
    void start();
    void stop();
    void key(uint32_t scancode);
    bool finished() const { return finished_.load(); }
    uint64_t frames() const { return frame_.load(); }
    // Set on a failure of the guest (e.g. device memory exhausted): what happened.
    std::string error() const;

  private:
    void run();
    void change_mode(Driver& driver, const std::vector<GuestHead>& monitors);

    Device& device_;
    Screen screen_;
    std::unique_ptr<Workload> workload_;
    std::string thread_name_;
    std::function<void(const std::string&)> on_event_;
    std::atomic<bool> finished_{false};
    std::atomic<uint64_t> frame_{0};
    double fps_ = -1;
    bool client_monitors_interrupt_ = true;
    std::function<std::unique_ptr<Workload>(const Screen&)> factory_;

    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<uint32_t> keys_;
    std::deque<std::vector<GuestHead>> resizes_;
    bool stopping_ = false;
    bool hold_ = false;  // guarded by mutex_ once started
    std::string error_;
    std::thread thread_;
};

}  // namespace spicedesk::qxl
