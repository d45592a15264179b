#pragma once

// Runs a workload as a guest would: its own thread ("qxl-guest-N") drives a guest Driver on a
// Device, sets up the primary surface and the heads, then draws frames at the workload's rate,
// and applies keys typed on the client in between. Thread-safe public methods.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "qxl/device/device.hpp"
#include "qxl/workloads/workloads.hpp"

namespace spicedesk::qxl {

class Runner {
  public:
    // on_event gets "drawn" once the last frame is on the ring, "finished" once the workload
    // reached its still picture (every command released), and "keys N" after the N-th key was drawn
    // and released; called on the runner's thread.
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
    void start();
    void stop();
    void key(uint32_t scancode);
    bool finished() const { return finished_.load(); }
    uint64_t frames() const { return frame_.load(); }
    // Set on a failure of the guest (e.g. device memory exhausted): what happened.
    std::string error() const;

  private:
    void run();

    Device& device_;
    Screen screen_;
    std::unique_ptr<Workload> workload_;
    std::string thread_name_;
    std::function<void(const std::string&)> on_event_;
    std::atomic<bool> finished_{false};
    std::atomic<uint64_t> frame_{0};
    double fps_ = -1;

    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<uint32_t> keys_;
    bool stopping_ = false;
    bool hold_ = false;  // guarded by mutex_ once started
    std::string error_;
    std::thread thread_;
};

}  // namespace spicedesk::qxl
