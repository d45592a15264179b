#pragma once

// A QxlDevice that does nothing: no commands, no cursor, declines client monitors configs. Test
// fakes derive from it and override only the calls their test is about.

#include <array>
#include <cstdint>
#include <span>

#include "spice-core/server/qxl/qxl_interface.hpp"

namespace spicedesk::core::qxl::test {

class QxlDeviceStub : public QxlDevice {
  public:
    void attached_worker(QxlWorker&) override {}
    void set_compression_level(int) override {}
    DevInitInfo get_init_info() override { return {}; }
    bool get_command(QXLCommandExt&) override { return false; }
    bool req_cmd_notification() override { return true; }
    void release_resource(const ReleaseInfo&) override {}
    bool get_cursor_command(QXLCommandExt&) override { return false; }
    bool req_cursor_notification() override { return true; }
    void notify_update(uint32_t) override {}
    bool flush_resources() override { return false; }
    void async_complete(uint64_t) override {}
    void update_area_complete(uint32_t, std::span<const QXLRect>) override {}
    bool client_monitors_config(std::span<const ClientMonitor>) override { return false; }
    void set_client_capabilities(bool, const std::array<uint8_t, 58>&) override {}
};

}  // namespace spicedesk::core::qxl::test
