#include "qxl/guest/driver.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <stdexcept>
#include <thread>

namespace spicedesk::qxl {

namespace {

constexpr uint64_t kAlign = 16;
constexpr int kAllocTimeoutMs = 10000;

uint64_t align_up(uint64_t v) {
    return (v + kAlign - 1) & ~(kAlign - 1);
}

uint64_t encode(uint32_t slot, uint64_t phys) {
    // slot id in the top kSlotIdBits bits, generation 0, then the physical address.
    return (static_cast<uint64_t>(slot) << (64 - kSlotIdBits)) | phys;
}

}  // namespace

Driver::Driver(Device& device) : device_(device) {
    heap_start_ = device_.surface0_area_size();
    heap_end_ = device_.ram_header_offset();
    free_[heap_start_] = heap_end_ - heap_start_;
}

uint64_t Driver::ram_addr(uint64_t offset) const {
    return encode(0, kRamBarPhys + offset);
}

uint64_t Driver::vram_addr(uint64_t offset) const {
    return encode(1, kVramBarPhys + offset);
}

Status Driver::check_mode(uint32_t width, uint32_t height) const {
    const uint64_t bytes = uint64_t{width} * height * 4;
    if (width == 0 || height == 0 || bytes > device_.surface0_area_size()) {
        return make_error(fmt::format("{}x{} does not fit the surface area in vgamem ({} bytes)",
                                      width, height, device_.surface0_area_size()));
    }
    return {};
}

Status Driver::init(uint32_t width, uint32_t height) {
    if (auto st = check_mode(width, height); !st) {
        return make_error("primary " + st.message());
    }
    const size_t h = device_.ram_header_offset();
    QXLMemSlot slot{kRamBarPhys, kRamBarPhys + device_.ram().size()};
    write(h + offsetof(QXLRam, mem_slot), slot);
    device_.io_write(QXL_IO_MEMSLOT_ADD, 0);
    slot = QXLMemSlot{kVramBarPhys, kVramBarPhys + device_.vram().size()};
    write(h + offsetof(QXLRam, mem_slot), slot);
    device_.io_write(QXL_IO_MEMSLOT_ADD, 1);

    create_primary(width, height);
    return {};
}

void Driver::create_primary(uint32_t width, uint32_t height) {
    QXLSurfaceCreate create{};
    create.width = width;
    create.height = height;
    create.stride = static_cast<int32_t>(width * 4);
    create.format = SPICE_SURFACE_FMT_32_xRGB;
    create.position = 0;
    create.mouse_mode = 0;
    create.flags = 0;
    create.type = QXL_SURF_TYPE_PRIMARY;
    create.mem = ram_addr(0);
    write(device_.ram_header_offset() + offsetof(QXLRam, create_surface), create);
    device_.io_write(QXL_IO_CREATE_PRIMARY, 0);
    width_ = width;
    height_ = height;
}

void Driver::enable_interrupts(uint32_t mask) {
    write(device_.ram_header_offset() + offsetof(QXLRam, int_mask), mask);
}

Result<std::vector<GuestHead>> Driver::client_monitors_config() const {
    QXLRom rom;
    {
        std::lock_guard lock(device_.bus_mutex());
        std::memcpy(&rom, device_.rom().data(), sizeof(rom));
    }
    const ClientMonitorsConfig config = rom.client_monitors_config;  // aligned copy
    if (Device::monitors_config_crc(config) != rom.client_monitors_config_crc) {
        return make_error("client monitors config CRC mismatch");
    }
    const size_t count = std::min<size_t>(config.count, std::size(config.heads));
    std::vector<GuestHead> heads;
    for (size_t i = 0; i < count; ++i) {
        const QXLURect& r = config.heads[i];
        if (r.right <= r.left || r.bottom <= r.top) {
            continue;  // a disabled monitor (sparse configs)
        }
        heads.push_back(GuestHead{r.right - r.left, r.bottom - r.top, r.left, r.top});
    }
    if (heads.empty()) {
        return make_error("client monitors config without an enabled head");
    }
    return heads;
}

Status Driver::resize(uint32_t width, uint32_t height) {
    if (auto st = check_mode(width, height); !st) {
        return make_error("mode " + st.message());
    }
    wait_idle(5000);
    device_.io_write(QXL_IO_DESTROY_PRIMARY, 0);
    create_primary(width, height);
    return {};
}

void Driver::write(uint64_t ram_offset, const void* data, size_t size) {
    auto ram = device_.ram();
    if (ram_offset > ram.size() || size > ram.size() - ram_offset) {
        throw std::out_of_range("guest write outside the RAM bar");
    }
    std::lock_guard lock(device_.bus_mutex());
    std::memcpy(ram.data() + ram_offset, data, size);
}

uint64_t Driver::alloc(size_t size) {
    const uint64_t need = align_up(std::max<size_t>(size, 1));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kAllocTimeoutMs);
    while (true) {
        for (auto it = free_.begin(); it != free_.end(); ++it) {
            if (it->second >= need) {
                const uint64_t offset = it->first;
                const uint64_t rest = it->second - need;
                free_.erase(it);
                if (rest > 0) {
                    free_[offset + need] = rest;
                }
                used_[offset] = need;
                return offset;
            }
        }
        // Out of memory: get releases back, as a real driver does (flush, then OOM).
        if (process_releases() == 0) {
            device_.io_write(QXL_IO_FLUSH_RELEASE, 0);
            if (process_releases() == 0) {
                device_.io_write(QXL_IO_NOTIFY_OOM, 0);
                device_.wait_interrupt(QXL_INTERRUPT_DISPLAY, 5);
            }
        }
        if (std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error(fmt::format("guest: no {} bytes of device RAM within {} ms",
                                                 need, kAllocTimeoutMs));
        }
    }
}

void Driver::free_block(uint64_t offset) {
    auto it = used_.find(offset);
    if (it == used_.end()) {
        return;
    }
    uint64_t start = offset;
    uint64_t size = it->second;
    used_.erase(it);
    auto next = free_.lower_bound(start);
    if (next != free_.end() && start + size == next->first) {
        size += next->second;
        next = free_.erase(next);
    }
    if (next != free_.begin()) {
        auto prev = std::prev(next);
        if (prev->first + prev->second == start) {
            prev->second += size;
            return;
        }
    }
    free_[start] = size;
}

uint64_t Driver::alloc_write(const void* data, size_t size) {
    const uint64_t offset = alloc(size);
    write(offset, data, size);
    attached_.push_back(offset);
    return offset;
}

size_t Driver::process_releases() {
    std::vector<uint64_t> ids;
    {
        std::lock_guard lock(device_.bus_mutex());
        auto ram = device_.ram();
        const size_t base = device_.ram_header_offset() + offsetof(QXLRam, release_ring);
        uint32_t prod;
        uint32_t cons;
        std::memcpy(&prod, ram.data() + base + offsetof(QXLReleaseRing, prod), 4);
        std::memcpy(&cons, ram.data() + base + offsetof(QXLReleaseRing, cons), 4);
        while (cons != prod) {
            uint64_t id;
            std::memcpy(&id,
                        ram.data() + base + offsetof(QXLReleaseRing, items) +
                            static_cast<size_t>(cons & (QXL_RELEASE_RING_SIZE - 1)) *
                                sizeof(QXLReleaseRing_ring_el),
                        8);
            ids.push_back(id);
            ++cons;
        }
        std::memcpy(ram.data() + base + offsetof(QXLReleaseRing, cons), &cons, 4);
    }
    for (uint64_t id : ids) {
        auto it = pending_.find(id);
        if (it == pending_.end()) {
            continue;  // not ours: a confused device; nothing to free
        }
        for (uint64_t block : it->second.ram_blocks) {
            free_block(block);
        }
        pending_.erase(it);
    }
    return ids.size();
}

bool Driver::wait_idle(int timeout_ms) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!pending_.empty()) {
        if (process_releases() == 0) {
            device_.io_write(QXL_IO_FLUSH_RELEASE, 0);
            if (process_releases() == 0) {
                device_.io_write(QXL_IO_NOTIFY_CMD, 0);
                device_.wait_interrupt(QXL_INTERRUPT_DISPLAY, 5);
            }
        }
        if (std::chrono::steady_clock::now() > deadline) {
            return false;
        }
    }
    return true;
}

void Driver::push(bool cursor_ring, uint32_t type, uint64_t ram_offset) {
    const size_t base = device_.ram_header_offset() +
                        (cursor_ring ? offsetof(QXLRam, cursor_ring) : offsetof(QXLRam, cmd_ring));
    const uint64_t id = ram_addr(ram_offset);
    // The release id is the command's address (its QXLReleaseInfo is its first member).
    write(ram_offset, id);
    pending_[id] = Command{std::move(attached_)};
    attached_.clear();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kAllocTimeoutMs);
    while (true) {
        bool pushed = false;
        bool notify = false;
        {
            std::lock_guard lock(device_.bus_mutex());
            auto ram = device_.ram();
            uint32_t prod;
            uint32_t cons;
            std::memcpy(&prod, ram.data() + base + offsetof(QXLCommandRing, prod), 4);
            std::memcpy(&cons, ram.data() + base + offsetof(QXLCommandRing, cons), 4);
            if (prod - cons < QXL_COMMAND_RING_SIZE) {
                QXLCommand cmd{};
                cmd.data = id;
                cmd.type = type;
                std::memcpy(ram.data() + base + offsetof(QXLCommandRing, items) +
                                static_cast<size_t>(prod & (QXL_COMMAND_RING_SIZE - 1)) *
                                    sizeof(QXLCommandRing_ring_el),
                            &cmd, sizeof(cmd));
                ++prod;
                std::memcpy(ram.data() + base + offsetof(QXLCommandRing, prod), &prod, 4);
                uint32_t notify_on_prod;
                std::memcpy(&notify_on_prod,
                            ram.data() + base + offsetof(QXLCommandRing, notify_on_prod), 4);
                notify = prod == notify_on_prod;
                pushed = true;
            } else {
                // Full: ask to be interrupted when the worker takes one.
                const uint32_t want = cons + 1;
                std::memcpy(ram.data() + base + offsetof(QXLCommandRing, notify_on_cons), &want, 4);
            }
        }
        if (pushed) {
            if (notify) {
                device_.io_write(cursor_ring ? QXL_IO_NOTIFY_CURSOR : QXL_IO_NOTIFY_CMD, 0);
            }
            process_releases();
            return;
        }
        device_.io_write(cursor_ring ? QXL_IO_NOTIFY_CURSOR : QXL_IO_NOTIFY_CMD, 0);
        process_releases();
        device_.wait_interrupt(cursor_ring ? QXL_INTERRUPT_CURSOR : QXL_INTERRUPT_DISPLAY, 5);
        if (std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error("guest: the command ring stayed full");
        }
    }
}

}  // namespace spicedesk::qxl
