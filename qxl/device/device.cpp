#include "qxl/device/device.hpp"

#include <chrono>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <stdexcept>
#include <string>

namespace spicedesk::qxl {

namespace {

constexpr size_t kRomSize = 8192;

constexpr size_t ring_offset_of(size_t member) {
    return member;
}

}  // namespace

// The CRC of the ROM's client monitors config as QEMU writes it and the Linux qxl driver checks
// it: CRC-32 (poly 0xedb88320, reflected) with the register starting at 0 and no final xor
// (Linux's crc32(0, ...); QEMU undoes zlib's inversions).
uint32_t Device::monitors_config_crc(std::span<const uint8_t> data) {
    uint32_t crc = 0;
    for (uint8_t byte : data) {
        crc ^= byte;
        for (int i = 0; i < 8; ++i) {
            crc = (crc >> 1) ^ (CLIENT_MONITORS_CONFIG_CRC32_POLY & (0U - (crc & 1U)));
        }
    }
    return crc;
}

uint32_t Device::monitors_config_crc(const ClientMonitorsConfig& config) {
    std::array<uint8_t, sizeof(config)> bytes{};
    std::memcpy(bytes.data(), &config, bytes.size());
    return monitors_config_crc(bytes);
}

Device::Device(DeviceConfig config) : config_(config) {
    const uint64_t ram = uint64_t{config_.ram_kib} * 1024;
    const uint64_t vgamem = uint64_t{config_.vgamem_kib} * 1024;
    const uint64_t header = (sizeof(QXLRam) + 4095) & ~uint64_t{4095};
    if (config_.vgamem_kib < 1024 || ram < vgamem + header + 65536 || ram > (uint64_t{1} << 31)) {
        throw std::invalid_argument(
            "qxl: ram " + std::to_string(config_.ram_kib) + " KiB cannot hold vgamem " +
            std::to_string(config_.vgamem_kib) + " KiB, the ring header and command memory");
    }
    if (config_.vram_kib > (uint32_t{1} << 21)) {
        throw std::invalid_argument("qxl: vram larger than 2 GiB");
    }
    if (config_.heads == 0 || config_.heads > 16) {
        throw std::invalid_argument("qxl: heads must be 1..16");
    }
    rom_.assign(kRomSize, 0);
    ram_.assign(static_cast<size_t>(ram), 0);
    vram_.assign(static_cast<size_t>(config_.vram_kib) * 1024, 0);
    ram_header_offset_ = static_cast<uint32_t>(ram - header);

    QXLRom r{};
    r.magic = QXL_ROM_MAGIC;
    r.id = config_.id;
    r.modes_offset = 0;  // no VGA-era mode list: the guest creates its primary surface directly
    r.num_pages = static_cast<uint32_t>((ram_header_offset_ - vgamem) / 4096);
    r.draw_area_offset = 0;
    r.surface0_area_size = static_cast<uint32_t>(vgamem);
    r.ram_header_offset = ram_header_offset_;
    r.n_surfaces = kNumSurfaces;
    r.slots_start = 0;
    r.slots_end = kNumSlots - 1;
    r.slot_gen_bits = kSlotGenBits;
    r.slot_id_bits = kSlotIdBits;
    r.slot_generation = 0;
    std::memcpy(rom_.data(), &r, sizeof(r));

    std::lock_guard lock(bus_);
    reset_rings_locked();
}

void Device::reset_rings_locked() {
    QXLRam header{};
    header.magic = QXL_RAM_MAGIC;
    SPICE_RING_INIT(&header.cmd_ring);
    SPICE_RING_INIT(&header.cursor_ring);
    SPICE_RING_INIT(&header.release_ring);
    header.release_ring.notify_on_prod = 0;
    std::memcpy(ram_.data() + ram_header_offset_, &header, sizeof(header));
    pending_releases_.clear();
}

template <typename T>
T Device::load(size_t ram_offset) const {
    T value;
    std::memcpy(&value, ram_.data() + ram_offset, sizeof(T));
    return value;
}

template <typename T>
void Device::store(size_t ram_offset, const T& value) {
    std::memcpy(ram_.data() + ram_offset, &value, sizeof(T));
}

void Device::raise(uint32_t bits) {
    {
        std::lock_guard lock(bus_);
        interrupts_ |= bits;
        const size_t pending = ram_header_offset_ + offsetof(QXLRam, int_pending);
        store<uint32_t>(pending, load<uint32_t>(pending) | bits);
    }
    irq_cv_.notify_all();
}

uint32_t Device::wait_interrupt(uint32_t mask, int timeout_ms) {
    std::unique_lock lock(bus_);
    irq_cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                     [&] { return (interrupts_ & mask) != 0; });
    const uint32_t bits = interrupts_;
    interrupts_ &= ~mask;
    return bits;
}

uint64_t Device::async_completed() const {
    std::lock_guard lock(const_cast<std::mutex&>(bus_));
    return async_completed_;
}

void Device::io_write(uint32_t port, uint32_t val) {
    if (worker_ == nullptr) {
        return;
    }
    const size_t h = ram_header_offset_;
    switch (port) {
        case QXL_IO_NOTIFY_CMD:
        case QXL_IO_NOTIFY_CURSOR:
            worker_->wakeup();
            return;
        case QXL_IO_UPDATE_AREA:
        case QXL_IO_UPDATE_AREA_ASYNC: {
            QXLRect area;
            uint32_t surface;
            {
                std::lock_guard lock(bus_);
                area = load<QXLRect>(h + offsetof(QXLRam, update_area));
                surface = load<uint32_t>(h + offsetof(QXLRam, update_surface));
            }
            if (port == QXL_IO_UPDATE_AREA) {
                worker_->update_area(surface, area, nullptr, false);
            } else {
                worker_->update_area_async(surface, area, 0, val);
            }
            return;
        }
        case QXL_IO_NOTIFY_OOM:
            worker_->oom();
            return;
        case QXL_IO_RESET:
            worker_->destroy_surfaces();
            worker_->reset_memslots();
            worker_->reset_cursor();
            {
                std::lock_guard lock(bus_);
                reset_rings_locked();
            }
            return;
        case QXL_IO_MEMSLOT_ADD:
        case QXL_IO_MEMSLOT_ADD_ASYNC: {
            if (val >= kNumSlots) {
                raise(QXL_INTERRUPT_ERROR);
                return;
            }
            QXLMemSlot slot;
            {
                std::lock_guard lock(bus_);
                slot = load<QXLMemSlot>(h + offsetof(QXLRam, mem_slot));
            }
            // The slot must lie inside one bar; the worker gets its host range.
            struct Bar {
                uint64_t phys;
                std::span<uint8_t> mem;
            };
            const Bar bars[] = {{kRamBarPhys, ram_}, {kVramBarPhys, vram_}, {kRomBarPhys, rom_}};
            const uint64_t start = slot.mem_start;
            const uint64_t end = slot.mem_end;
            for (const auto& bar : bars) {
                if (start >= bar.phys && end >= start && end <= bar.phys + bar.mem.size()) {
                    cq::DevMemSlot s;
                    s.slot_group_id = 0;
                    s.slot_id = val;
                    s.generation = 0;
                    s.virt_start = reinterpret_cast<uintptr_t>(bar.mem.data()) + (start - bar.phys);
                    s.virt_end = reinterpret_cast<uintptr_t>(bar.mem.data()) + (end - bar.phys);
                    s.addr_delta = s.virt_start - start;
                    s.qxl_ram_size = static_cast<uint32_t>(ram_.size());
                    if (port == QXL_IO_MEMSLOT_ADD) {
                        worker_->add_memslot(s);
                    } else {
                        worker_->add_memslot_async(s, val);
                    }
                    return;
                }
            }
            raise(QXL_INTERRUPT_ERROR);
            return;
        }
        case QXL_IO_MEMSLOT_DEL:
            worker_->del_memslot(0, val);
            return;
        case QXL_IO_CREATE_PRIMARY:
        case QXL_IO_CREATE_PRIMARY_ASYNC: {
            QXLSurfaceCreate c;
            {
                std::lock_guard lock(bus_);
                c = load<QXLSurfaceCreate>(h + offsetof(QXLRam, create_surface));
            }
            cq::DevSurfaceCreate create;
            create.width = c.width;
            create.height = c.height;
            create.stride = c.stride;
            create.format = c.format;
            create.position = c.position;
            create.mouse_mode = c.mouse_mode;
            create.flags = c.flags;
            create.type = c.type;
            create.mem = c.mem;
            create.group_id = 0;
            if (port == QXL_IO_CREATE_PRIMARY) {
                worker_->create_primary_surface(0, create);
            } else {
                worker_->create_primary_surface_async(0, create, val);
            }
            return;
        }
        case QXL_IO_DESTROY_PRIMARY:
            worker_->destroy_primary_surface(0);
            return;
        case QXL_IO_DESTROY_PRIMARY_ASYNC:
            worker_->destroy_primary_surface_async(0, val);
            return;
        case QXL_IO_DESTROY_SURFACE_WAIT:
            worker_->destroy_surface_wait(val);
            return;
        case QXL_IO_DESTROY_SURFACE_ASYNC:
            worker_->destroy_surface_wait_async(val, val);
            return;
        case QXL_IO_DESTROY_ALL_SURFACES:
            worker_->destroy_surfaces();
            return;
        case QXL_IO_DESTROY_ALL_SURFACES_ASYNC:
            worker_->destroy_surfaces_async(val);
            return;
        case QXL_IO_FLUSH_SURFACES_ASYNC:
            worker_->flush_surfaces_async(val);
            return;
        case QXL_IO_FLUSH_RELEASE: {
            bool pushed;
            {
                std::lock_guard lock(bus_);
                pushed = push_releases_locked();
            }
            if (pushed) {
                raise(QXL_INTERRUPT_DISPLAY);
            }
            return;
        }
        case QXL_IO_MONITORS_CONFIG_ASYNC: {
            uint64_t addr;
            {
                std::lock_guard lock(bus_);
                addr = load<uint64_t>(h + offsetof(QXLRam, monitors_config));
            }
            worker_->monitors_config_async(addr, 0, val);
            return;
        }
        default:
            raise(QXL_INTERRUPT_ERROR);
            return;
    }
}

void Device::attached_worker(cq::QxlWorker& worker) {
    worker_ = &worker;
}

void Device::set_compression_level(int level) {
    std::lock_guard lock(bus_);
    compression_level_ = level;
}

cq::DevInitInfo Device::get_init_info() {
    cq::DevInitInfo info;
    info.num_memslots_groups = 1;
    info.num_memslots = kNumSlots;
    info.memslot_gen_bits = kSlotGenBits;
    info.memslot_id_bits = kSlotIdBits;
    info.qxl_ram_size = static_cast<uint32_t>(ram_.size());
    info.internal_groupslot_id = 0;
    info.n_surfaces = kNumSurfaces;
    return info;
}

bool Device::take_from_ring(size_t ring, QXLCommandExt& cmd, uint32_t interrupt) {
    bool notify = false;
    {
        std::lock_guard lock(bus_);
        const size_t base = ram_header_offset_ + ring;
        const auto prod = load<uint32_t>(base + offsetof(QXLCommandRing, prod));
        const auto cons = load<uint32_t>(base + offsetof(QXLCommandRing, cons));
        if (prod == cons) {
            return false;
        }
        const auto num = load<uint32_t>(base + offsetof(QXLCommandRing, num_items));
        const uint32_t n = (num == 0 || (num & (num - 1)) != 0 || num > QXL_COMMAND_RING_SIZE)
                               ? QXL_COMMAND_RING_SIZE
                               : num;
        const size_t item = base + offsetof(QXLCommandRing, items) +
                            static_cast<size_t>(cons & (n - 1)) * sizeof(QXLCommandRing_ring_el);
        cmd.cmd = load<QXLCommand>(item);
        cmd.group_id = 0;
        cmd.flags = 0;
        store<uint32_t>(base + offsetof(QXLCommandRing, cons), cons + 1);
        notify = load<uint32_t>(base + offsetof(QXLCommandRing, notify_on_cons)) == cons + 1;
    }
    if (notify) {
        raise(interrupt);
    }
    return true;
}

bool Device::request_notification(size_t ring) {
    std::lock_guard lock(bus_);
    const size_t base = ram_header_offset_ + ring;
    const auto prod = load<uint32_t>(base + offsetof(QXLCommandRing, prod));
    const auto cons = load<uint32_t>(base + offsetof(QXLCommandRing, cons));
    store<uint32_t>(base + offsetof(QXLCommandRing, notify_on_prod), prod + 1);
    return prod == cons;
}

bool Device::get_command(QXLCommandExt& cmd) {
    return take_from_ring(ring_offset_of(offsetof(QXLRam, cmd_ring)), cmd, QXL_INTERRUPT_DISPLAY);
}

bool Device::req_cmd_notification() {
    return request_notification(offsetof(QXLRam, cmd_ring));
}

bool Device::get_cursor_command(QXLCommandExt& cmd) {
    return take_from_ring(offsetof(QXLRam, cursor_ring), cmd, QXL_INTERRUPT_CURSOR);
}

bool Device::req_cursor_notification() {
    return request_notification(offsetof(QXLRam, cursor_ring));
}

void Device::release_resource(const cq::ReleaseInfo& info) {
    std::lock_guard lock(bus_);
    pending_releases_.push_back(info.id);
}

bool Device::push_releases_locked() {
    const size_t base = ram_header_offset_ + offsetof(QXLRam, release_ring);
    bool pushed = false;
    while (!pending_releases_.empty()) {
        const auto prod = load<uint32_t>(base + offsetof(QXLReleaseRing, prod));
        const auto cons = load<uint32_t>(base + offsetof(QXLReleaseRing, cons));
        if (prod - cons >= QXL_RELEASE_RING_SIZE) {
            break;
        }
        const size_t item = base + offsetof(QXLReleaseRing, items) +
                            static_cast<size_t>(prod & (QXL_RELEASE_RING_SIZE - 1)) *
                                sizeof(QXLReleaseRing_ring_el);
        store<uint64_t>(item, pending_releases_.front());
        pending_releases_.pop_front();
        store<uint32_t>(base + offsetof(QXLReleaseRing, prod), prod + 1);
        pushed = true;
    }
    return pushed;
}

bool Device::flush_resources() {
    bool pushed;
    {
        std::lock_guard lock(bus_);
        pushed = push_releases_locked();
    }
    if (pushed) {
        raise(QXL_INTERRUPT_DISPLAY);
    }
    return pushed;
}

void Device::notify_update(uint32_t update_id) {
    {
        std::lock_guard lock(bus_);
        QXLRom r;
        std::memcpy(&r, rom_.data(), sizeof(r));
        r.update_id = update_id;
        std::memcpy(rom_.data(), &r, sizeof(r));
    }
    raise(QXL_INTERRUPT_DISPLAY);
}

void Device::async_complete(uint64_t /*cookie*/) {
    {
        std::lock_guard lock(bus_);
        ++async_completed_;
    }
    raise(QXL_INTERRUPT_IO_CMD);
}

void Device::update_area_complete(uint32_t /*surface_id*/, std::span<const QXLRect> /*updated*/) {}

bool Device::client_monitors_config(std::span<const cq::ClientMonitor> monitors) {
    {
        std::lock_guard lock(bus_);
        QXLRom r;
        std::memcpy(&r, rom_.data(), sizeof(r));
        if (config_.revision < QXL_REVISION_STABLE_V12) {
            return false;
        }
        // As QEMU: a guest driver that did not unmask the interrupt (or masks everything on and
        // off, as old Windows drivers did) does not handle client monitors configs.
        const auto mask = load<uint32_t>(ram_header_offset_ + offsetof(QXLRam, int_mask));
        if (mask == 0 || mask == ~0U || (mask & QXL_INTERRUPT_CLIENT_MONITORS_CONFIG) == 0) {
            return false;
        }
        if (monitors.empty()) {
            return true;  // the server only asked whether we take them
        }
        // Built in an aligned local: the ROM struct is packed.
        ClientMonitorsConfig config{};
        const size_t n = std::min(monitors.size(), std::size(config.heads));
        config.count = static_cast<uint16_t>(n);
        for (size_t i = 0; i < n; ++i) {
            QXLURect u{};
            u.left = static_cast<uint32_t>(monitors[i].x);
            u.top = static_cast<uint32_t>(monitors[i].y);
            u.right = u.left + monitors[i].width;
            u.bottom = u.top + monitors[i].height;
            config.heads[i] = u;
        }
        r.client_monitors_config = config;
        r.client_monitors_config_crc = monitors_config_crc(config);
        std::memcpy(rom_.data(), &r, sizeof(r));
    }
    raise(QXL_INTERRUPT_CLIENT_MONITORS_CONFIG);
    return true;
}

void Device::set_client_capabilities(bool client_present, const std::array<uint8_t, 58>& caps) {
    {
        std::lock_guard lock(bus_);
        QXLRom r;
        std::memcpy(&r, rom_.data(), sizeof(r));
        r.client_present = client_present ? 1 : 0;
        std::memcpy(r.client_capabilities, caps.data(), caps.size());
        std::memcpy(rom_.data(), &r, sizeof(r));
    }
    raise(QXL_INTERRUPT_CLIENT);
}

}  // namespace spicedesk::qxl
