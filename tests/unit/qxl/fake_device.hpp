#pragma once

// A QxlDevice for worker tests that need no device model: its command ring is a queue the test
// fills with guest addresses (in a GuestMem, say), and it records what the worker tells it.

#include <array>
#include <deque>
#include <mutex>
#include <utility>
#include <vector>

#include "spice-core/server/qxl/qxl_interface.hpp"
#include "tests/support/qxl_device_stub.hpp"

namespace spicedesk::core::qxl::test {

class FakeDevice final : public QxlDeviceStub {
  public:
    using CapsCall = std::pair<bool, std::array<uint8_t, 58>>;

    explicit FakeDevice(DevInitInfo info = {}) : info_(info) {}

    // Queues a command for the worker's next get_command (then call QxlWorker::wakeup).
    void push_command(uint64_t addr, uint32_t type, uint32_t group_id = 0) {
        std::lock_guard lock(mutex_);
        QXLCommandExt ext{};
        ext.cmd.data = addr;
        ext.cmd.type = type;
        ext.group_id = group_id;
        commands_.push_back(ext);
    }
    std::vector<CapsCall> caps_calls() {
        std::lock_guard lock(mutex_);
        return caps_calls_;
    }
    std::vector<ReleaseInfo> releases() {
        std::lock_guard lock(mutex_);
        return releases_;
    }

    DevInitInfo get_init_info() override { return info_; }
    bool get_command(QXLCommandExt& cmd) override {
        std::lock_guard lock(mutex_);
        if (commands_.empty()) {
            return false;
        }
        cmd = commands_.front();
        commands_.pop_front();
        return true;
    }
    bool req_cmd_notification() override {
        std::lock_guard lock(mutex_);
        return commands_.empty();
    }
    void release_resource(const ReleaseInfo& info) override {
        std::lock_guard lock(mutex_);
        releases_.push_back(info);
    }
    void set_client_capabilities(bool present, const std::array<uint8_t, 58>& caps) override {
        std::lock_guard lock(mutex_);
        caps_calls_.emplace_back(present, caps);
    }

  private:
    DevInitInfo info_;
    std::mutex mutex_;
    std::deque<QXLCommandExt> commands_;
    std::vector<CapsCall> caps_calls_;
    std::vector<ReleaseInfo> releases_;
};

}  // namespace spicedesk::core::qxl::test
