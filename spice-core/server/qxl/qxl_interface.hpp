#pragma once

// The QXL boundary (ARCHITECTURE.md "The QXL boundary"): the only way between a QXL device
// (our qxl/ device model, or QEMU's through spice-core/abi) and the worker that serves it.
// Shaped like libspice-server's QXLInterface (QxlDevice: worker -> device callbacks) and its
// spice_qxl_* calls (QxlWorker: device -> worker). The QXL ABI itself (commands, rings, surfaces)
// is spice-protocol's <spice/qxl_dev.h>.
//
// Guest addresses cross this boundary untranslated (slot id | generation | offset, as the guest
// wrote them); only the worker's memslots turn them into host memory, bounds-checked.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "spice-core/server/qxl/qxl_abi.hpp"

namespace spicedesk::core::qxl {

// What the device tells the worker about its address space (QXLDevInitInfo).
struct DevInitInfo {
    uint32_t num_memslots_groups = 1;
    uint32_t num_memslots = 1;
    uint8_t memslot_gen_bits = 8;
    uint8_t memslot_id_bits = 8;
    uint32_t qxl_ram_size = 0;
    uint8_t internal_groupslot_id = 0;
    uint32_t n_surfaces = 1;
};

// One memory slot (QXLDevMemSlot): host memory [virt_start, virt_end) that guest addresses
// with this slot id and generation reach; host address = clean guest address + addr_delta.
struct DevMemSlot {
    uint32_t slot_group_id = 0;
    uint32_t slot_id = 0;
    uint32_t generation = 0;
    uint64_t virt_start = 0;
    uint64_t virt_end = 0;
    uint64_t addr_delta = 0;
    uint32_t qxl_ram_size = 0;
};

// Primary surface creation (QXLDevSurfaceCreate): mem is a guest address in group_id.
struct DevSurfaceCreate {
    uint32_t width = 0;
    uint32_t height = 0;
    int32_t stride = 0;  // negative: line 0 is the last in memory
    uint32_t format = SPICE_SURFACE_FMT_32_xRGB;
    uint32_t position = 0;
    uint32_t mouse_mode = 0;
    uint32_t flags = 0;
    uint32_t type = QXL_SURF_TYPE_PRIMARY;
    uint64_t mem = 0;
    uint32_t group_id = 0;
};

// A resource the worker is done with (QXLReleaseInfoExt): the id the guest put in the command's
// QXLReleaseInfo (read by the worker through its memslots), the guest address of that
// QXLReleaseInfo, and the group the command came from.
struct ReleaseInfo {
    uint64_t id = 0;
    uint64_t info_addr = 0;
    uint32_t group_id = 0;
};

// A monitor the client asks for (VDAgentMonitorsConfig's entries, in client coordinates).
struct ClientMonitor {
    uint32_t width = 0;
    uint32_t height = 0;
    int32_t x = 0;
    int32_t y = 0;
};

class QxlWorker;

// Worker -> device (QXLInterface). Called from the worker's thread; may not call back into the
// worker synchronously (the async calls are fine).
class QxlDevice {
  public:
    virtual ~QxlDevice() = default;
    virtual void attached_worker(QxlWorker& worker) = 0;
    virtual void set_compression_level(int level) = 0;
    virtual DevInitInfo get_init_info() = 0;
    // The next command of the command ring, if any.
    virtual bool get_command(QXLCommandExt& cmd) = 0;
    // Asks to be woken (QxlWorker::wakeup) on the next command; false when one is already there.
    virtual bool req_cmd_notification() = 0;
    virtual void release_resource(const ReleaseInfo& info) = 0;
    virtual bool get_cursor_command(QXLCommandExt& cmd) = 0;
    virtual bool req_cursor_notification() = 0;
    virtual void notify_update(uint32_t update_id) = 0;
    // Pushes batched releases to the guest; true when something was pushed.
    virtual bool flush_resources() = 0;
    virtual void async_complete(uint64_t cookie) = 0;
    virtual void update_area_complete(uint32_t surface_id, std::span<const QXLRect> updated) = 0;
    // False when the device (its guest driver) cannot take a client's monitors configuration;
    // an empty span only asks whether it could (libspice-server passes NULL). The exception to
    // the thread rule above: the server's thread calls this one (as libspice-server's main
    // context does), so a device guards what it touches here.
    virtual bool client_monitors_config(std::span<const ClientMonitor> monitors) = 0;
    virtual void set_client_capabilities(bool client_present,
                                         const std::array<uint8_t, 58>& caps) = 0;
};

// Device -> worker (spice_qxl_*). Thread-safe; the synchronous calls return when the worker has
// done the work, the *_async ones report through QxlDevice::async_complete(cookie).
class QxlWorker {
  public:
    virtual ~QxlWorker() = default;
    virtual void add_memslot(const DevMemSlot& slot) = 0;
    virtual void add_memslot_async(const DevMemSlot& slot, uint64_t cookie) = 0;
    virtual void del_memslot(uint32_t group_id, uint32_t slot_id) = 0;
    virtual void reset_memslots() = 0;
    virtual void create_primary_surface(uint32_t surface_id, const DevSurfaceCreate& create) = 0;
    virtual void create_primary_surface_async(uint32_t surface_id, const DevSurfaceCreate& create,
                                              uint64_t cookie) = 0;
    virtual void destroy_primary_surface(uint32_t surface_id) = 0;
    virtual void destroy_primary_surface_async(uint32_t surface_id, uint64_t cookie) = 0;
    virtual void destroy_surfaces() = 0;
    virtual void destroy_surfaces_async(uint64_t cookie) = 0;
    virtual void destroy_surface_wait(uint32_t surface_id) = 0;
    virtual void destroy_surface_wait_async(uint32_t surface_id, uint64_t cookie) = 0;
    virtual void flush_surfaces_async(uint64_t cookie) = 0;
    // Renders what the worker has of the surface into the guest's surface memory.
    virtual void update_area(uint32_t surface_id, const QXLRect& area,
                             std::vector<QXLRect>* dirty_rects, bool clear_dirty_region) = 0;
    virtual void update_area_async(uint32_t surface_id, const QXLRect& area, uint32_t clear_dirty,
                                   uint64_t cookie) = 0;
    // monitors_config: guest address of a QXLMonitorsConfig in group_id.
    virtual void monitors_config_async(uint64_t monitors_config, uint32_t group_id,
                                       uint64_t cookie) = 0;
    virtual void set_max_monitors(uint32_t max_monitors) = 0;
    virtual void wakeup() = 0;
    virtual void oom() = 0;
    virtual void start() = 0;
    virtual void stop() = 0;
    virtual void reset_image_cache() = 0;
    virtual void reset_cursor() = 0;
    virtual void loadvm_commands(std::span<const QXLCommandExt> commands) = 0;
};

}  // namespace spicedesk::core::qxl
