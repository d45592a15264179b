#pragma once

// Our QXL device, as QEMU's qxl device is: a ROM, a RAM bar (the primary surface area, then
// command memory, then the QXLRam header with the command, cursor and release rings) and a VRAM
// bar (off-screen surfaces), laid out per <spice/qxl_dev.h> and sized from libvirt's
// <video><model type='qxl' ram vram vgamem heads>. It implements QxlDevice for the worker and
// offers the guest its I/O ports (QXL_IO_*). It knows nothing of sockets and never translates a
// guest address: guest physical addresses of its bars are only checked against the bars when the
// guest registers a memslot.
//
// Threads: the guest (its driver thread), the worker thread, and the server thread
// (client_monitors_config, as libspice-server calls it from its main context). Ring words are
// touched only under bus_mutex(), which the guest holds while it reads or writes a ring; the device
// never holds it while calling into the worker.

#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <span>
#include <vector>

#include "spice-core/server/qxl/qxl_interface.hpp"

namespace spicedesk::qxl {

namespace cq = spicedesk::core::qxl;

// The ROM's client monitors config (an unnamed struct in QXLRom).
using ClientMonitorsConfig = decltype(QXLRom::client_monitors_config);

// libvirt's units: KiB.
struct DeviceConfig {
    uint32_t ram_kib = 65536;
    uint32_t vram_kib = 65536;
    uint32_t vgamem_kib = 16384;
    uint32_t heads = 1;
    uint32_t id = 0;
    // The PCI revision (QEMU's "revision" property, default QXL_REVISION_STABLE_V12 + 1);
    // client monitors configs need QXL_REVISION_STABLE_V12 or later.
    uint32_t revision = QXL_REVISION_STABLE_V12 + 1;
};

// Guest physical addresses of the bars (64-bit BARs above 4 GiB).
inline constexpr uint64_t kRamBarPhys = uint64_t{1} << 32;
inline constexpr uint64_t kVramBarPhys = uint64_t{2} << 32;
inline constexpr uint64_t kRomBarPhys = uint64_t{3} << 32;
inline constexpr uint32_t kNumSlots = 8;
inline constexpr uint8_t kSlotIdBits = 8;
inline constexpr uint8_t kSlotGenBits = 8;
inline constexpr uint32_t kNumSurfaces = 1024;

class Device final : public cq::QxlDevice {
  public:
    // Fails (throws std::invalid_argument) on sizes a QXL device cannot have: RAM smaller than
    // vgamem plus the ring header, vgamem under 1 MiB, more than 16 heads.
    explicit Device(DeviceConfig config);

    const DeviceConfig& config() const { return config_; }
    std::span<uint8_t> rom() { return rom_; }
    std::span<uint8_t> ram() { return ram_; }
    std::span<uint8_t> vram() { return vram_; }
    uint32_t ram_header_offset() const { return ram_header_offset_; }
    uint32_t surface0_area_size() const { return config_.vgamem_kib * 1024; }
    std::mutex& bus_mutex() { return bus_; }

    // Guest I/O (QXL_IO_*): val is the port's byte/word (a slot id, a surface id, ...).
    // Synchronous ports return once the worker has done the work; *_ASYNC ones raise
    // QXL_INTERRUPT_IO_CMD when done.
    void io_write(uint32_t port, uint32_t val);

    // Guest side of interrupts: waits up to timeout_ms for any of mask, returns the pending bits
    // (and clears those in mask).
    uint32_t wait_interrupt(uint32_t mask, int timeout_ms);

    // The CRC the ROM's client monitors config carries (the guest checks it).
    static uint32_t monitors_config_crc(std::span<const uint8_t> data);
    static uint32_t monitors_config_crc(const ClientMonitorsConfig& config);

    // Number of async commands completed (the guest waits for its own).
    uint64_t async_completed() const;

    // QxlDevice (worker thread)
    void attached_worker(cq::QxlWorker& worker) override;
    void set_compression_level(int level) override;
    cq::DevInitInfo get_init_info() override;
    bool get_command(QXLCommandExt& cmd) override;
    bool req_cmd_notification() override;
    void release_resource(const cq::ReleaseInfo& info) override;
    bool get_cursor_command(QXLCommandExt& cmd) override;
    bool req_cursor_notification() override;
    void notify_update(uint32_t update_id) override;
    bool flush_resources() override;
    void async_complete(uint64_t cookie) override;
    void update_area_complete(uint32_t surface_id, std::span<const QXLRect> updated) override;
    bool client_monitors_config(std::span<const cq::ClientMonitor> monitors) override;
    void set_client_capabilities(bool client_present, const std::array<uint8_t, 58>& caps) override;

  private:
    template <typename T>
    T load(size_t ram_offset) const;
    template <typename T>
    void store(size_t ram_offset, const T& value);
    bool take_from_ring(size_t ring_offset, QXLCommandExt& cmd, uint32_t interrupt);
    bool request_notification(size_t ring_offset);
    bool push_releases_locked();
    void raise(uint32_t bits);
    void reset_rings_locked();

    DeviceConfig config_;
    std::vector<uint8_t> rom_;
    std::vector<uint8_t> ram_;
    std::vector<uint8_t> vram_;
    uint32_t ram_header_offset_ = 0;
    cq::QxlWorker* worker_ = nullptr;

    std::mutex bus_;  // ring words and everything below
    std::deque<uint64_t> pending_releases_;
    uint32_t interrupts_ = 0;
    uint64_t async_completed_ = 0;
    std::condition_variable irq_cv_;
    int compression_level_ = 0;
};

}  // namespace spicedesk::qxl
