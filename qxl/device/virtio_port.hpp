#pragma once

// The guest agent's virtio-serial port "com.redhat.spice.0" with its spicevmc backend, as QEMU's
// virtio-serial and chardev/spice.c are: two bounded byte queues between the guest and the SPICE
// server. The server sees core::AgentPort (libspice-server's SpiceCharDeviceInterface shape); the
// guest opens and closes the port and reads and writes bytes, blocking as a virtio queue would.
// Opening and closing tell the server (QEMU's spice_server_add_interface / remove_interface);
// bytes to read or room to write wake it (spice_server_char_device_wakeup).
//
// Threads: the guest's threads and the server thread; everything under one mutex. The listener is
// called with that mutex held (it only queues work on the server).

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <span>

#include "spice-core/server/agent_port.hpp"

namespace spicedesk::qxl {

// Each direction holds at most this many bytes (a virtio-serial queue of 128 4 KiB buffers
// would hold more; this is enough for a few VDI chunks and keeps flow control visible).
inline constexpr size_t kVirtioPortQueueBytes = size_t{64} * 1024;

class VirtioPort final : public core::AgentPort {
  public:
    explicit VirtioPort(size_t queue_bytes = kVirtioPortQueueBytes) : capacity_(queue_bytes) {}

    // Guest side.
    void guest_open();
    void guest_close();
    // Writes every byte, waiting for room up to timeout_ms; false when the port closed or the
    // time ran out (the bytes not taken are dropped).
    bool guest_write(std::span<const uint8_t> bytes, int timeout_ms);
    // Waits up to timeout_ms for bytes from the server; returns how many were copied (0: none).
    size_t guest_read(std::span<uint8_t> buffer, int timeout_ms);
    // The server opened its end (state(true)) and has not closed it.
    bool server_connected() const;

    // core::AgentPort (server thread).
    void attach(core::AgentPortListener* listener) override;
    void state(bool server_connected) override;
    size_t write(std::span<const uint8_t> bytes) override;
    size_t read(std::span<uint8_t> buffer) override;

  private:
    void wake_server_locked();

    const size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    core::AgentPortListener* listener_ = nullptr;
    bool guest_open_ = false;
    bool server_connected_ = false;
    std::deque<uint8_t> to_guest_;
    std::deque<uint8_t> to_server_;
};

}  // namespace spicedesk::qxl
