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

Status Driver::init(uint32_t width, uint32_t height) {
    const uint64_t bytes = uint64_t{width} * height * 4;
    if (width == 0 || height == 0 || bytes > device_.surface0_area_size()) {
        return make_error(fmt::format("primary {}x{} does not fit vgamem ({} bytes)", width, height,
                                      device_.surface0_area_size()));
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
    std::array<uint8_t, sizeof(config)> bytes{};
    std::memcpy(bytes.data(), &config, bytes.size());
    if (Device::monitors_config_crc(bytes) != rom.client_monitors_config_crc) {
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
    const uint64_t bytes = uint64_t{width} * height * 4;
    if (width == 0 || height == 0 || bytes > device_.surface0_area_size()) {
        return make_error(fmt::format("mode {}x{} does not fit the surface area ({} bytes)", width,
                                      height, device_.surface0_area_size()));
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

uint64_t Driver::image(std::span<const uint32_t> pixels, uint32_t width, uint32_t height,
                       bool chunked, uint32_t chunk_bytes) {
    const uint64_t stride = uint64_t{width} * 4;
    const uint64_t size = stride * height;
    uint64_t data_addr = 0;
    if (!chunked) {
        const uint64_t off = alloc(size);
        write(off, pixels.data(), size);
        attached_.push_back(off);
        data_addr = ram_addr(off);
    } else {
        const uint64_t rows_per_chunk = std::max<uint64_t>(1, chunk_bytes / stride);
        uint64_t prev_off = 0;
        uint64_t prev_addr = 0;
        for (uint64_t row = 0; row < height; row += rows_per_chunk) {
            const uint64_t rows = std::min<uint64_t>(rows_per_chunk, height - row);
            const uint64_t bytes = rows * stride;
            const uint64_t off = alloc(sizeof(QXLDataChunk) + bytes);
            attached_.push_back(off);
            QXLDataChunk chunk{};
            chunk.data_size = static_cast<uint32_t>(bytes);
            chunk.prev_chunk = prev_addr;
            chunk.next_chunk = 0;
            write(off, chunk);
            write(off + sizeof(QXLDataChunk), pixels.data() + row * width, bytes);
            if (prev_off != 0 || prev_addr != 0) {
                const uint64_t next = ram_addr(off);
                write(prev_off + offsetof(QXLDataChunk, next_chunk), next);
            } else {
                data_addr = ram_addr(off);
            }
            prev_off = off;
            prev_addr = ram_addr(off);
        }
    }
    QXLImage img{};
    img.descriptor.id = next_image_id_++;
    img.descriptor.type = SPICE_IMAGE_TYPE_BITMAP;
    img.descriptor.flags = 0;
    img.descriptor.width = width;
    img.descriptor.height = height;
    img.bitmap.format = SPICE_BITMAP_FMT_32BIT;
    img.bitmap.flags = QXL_BITMAP_TOP_DOWN | (chunked ? 0 : QXL_BITMAP_DIRECT);
    img.bitmap.x = width;
    img.bitmap.y = height;
    img.bitmap.stride = static_cast<uint32_t>(stride);
    img.bitmap.palette = 0;
    img.bitmap.data = data_addr;
    return ram_addr(alloc_write(&img, sizeof(img)));
}

uint64_t Driver::surface_image(uint32_t surface_id) {
    QXLImage img{};
    img.descriptor.id = next_image_id_++;
    img.descriptor.type = SPICE_IMAGE_TYPE_SURFACE;
    img.surface_image.surface_id = surface_id;
    return ram_addr(alloc_write(&img, sizeof(img)));
}

uint64_t Driver::new_drawable(uint32_t surface, uint8_t type, const QXLRect& box,
                              std::span<const QXLRect> clip, QXLDrawable& d) {
    d = QXLDrawable{};
    d.surface_id = surface;
    d.effect = QXL_EFFECT_OPAQUE;
    d.type = type;
    d.self_bitmap = 0;
    d.bbox = box;
    d.clip.type = SPICE_CLIP_TYPE_NONE;
    d.mm_time = 0;
    for (int i = 0; i < 3; ++i) {
        d.surfaces_dest[i] = -1;
    }
    if (!clip.empty()) {
        const size_t bytes = clip.size() * sizeof(QXLRect);
        const uint64_t off = alloc(sizeof(QXLClipRects) + bytes);
        attached_.push_back(off);
        QXLClipRects rects{};
        rects.num_rects = static_cast<uint32_t>(clip.size());
        rects.chunk.data_size = static_cast<uint32_t>(bytes);
        rects.chunk.prev_chunk = 0;
        rects.chunk.next_chunk = 0;
        write(off, rects);
        write(off + sizeof(QXLClipRects), clip.data(), bytes);
        d.clip.type = SPICE_CLIP_TYPE_RECTS;
        d.clip.data = ram_addr(off);
    }
    return alloc(sizeof(QXLDrawable));
}

void Driver::submit_drawable(uint64_t offset, const QXLDrawable& d) {
    write(offset, d);
    attached_.push_back(offset);
    push(false, QXL_CMD_DRAW, offset);
}

void Driver::fill(uint32_t surface, const QXLRect& box, uint32_t color,
                  std::span<const QXLRect> clip, uint16_t rop) {
    QXLDrawable d;
    const uint64_t off = new_drawable(surface, QXL_DRAW_FILL, box, clip, d);
    d.u.fill.brush.type = SPICE_BRUSH_TYPE_SOLID;
    d.u.fill.brush.u.color = color;
    d.u.fill.rop_descriptor = rop;
    d.u.fill.mask = QXLQMask{};
    submit_drawable(off, d);
}

void Driver::copy(uint32_t surface, const QXLRect& box, uint64_t image, const QXLRect& src_area,
                  std::span<const QXLRect> clip) {
    QXLDrawable d;
    const uint64_t off = new_drawable(surface, QXL_DRAW_COPY, box, clip, d);
    d.u.copy.src_bitmap = image;
    d.u.copy.src_area = src_area;
    d.u.copy.rop_descriptor = SPICE_ROPD_OP_PUT;
    d.u.copy.scale_mode = SPICE_IMAGE_SCALE_MODE_NEAREST;
    d.u.copy.mask = QXLQMask{};
    submit_drawable(off, d);
}

void Driver::copy_bits(uint32_t surface, const QXLRect& box, int32_t src_x, int32_t src_y) {
    QXLDrawable d;
    const uint64_t off = new_drawable(surface, QXL_COPY_BITS, box, {}, d);
    d.u.copy_bits.src_pos.x = src_x;
    d.u.copy_bits.src_pos.y = src_y;
    submit_drawable(off, d);
}

void Driver::blackness(uint32_t surface, const QXLRect& box) {
    QXLDrawable d;
    const uint64_t off = new_drawable(surface, QXL_DRAW_BLACKNESS, box, {}, d);
    d.u.blackness.mask = QXLQMask{};
    submit_drawable(off, d);
}

void Driver::invers(uint32_t surface, const QXLRect& box) {
    QXLDrawable d;
    const uint64_t off = new_drawable(surface, QXL_DRAW_INVERS, box, {}, d);
    d.u.invers.mask = QXLQMask{};
    submit_drawable(off, d);
}

void Driver::text(uint32_t surface, const QXLRect& box, std::span<const GuestGlyph> glyphs,
                  uint32_t fore, const QXLRect& back_area, uint32_t back) {
    std::vector<uint8_t> data;
    for (const auto& g : glyphs) {
        QXLRasterGlyph rg{};
        rg.render_pos.x = g.x;
        rg.render_pos.y = g.y;
        rg.glyph_origin.x = 0;
        rg.glyph_origin.y = 0;
        rg.width = g.width;
        rg.height = g.height;
        const auto* p = reinterpret_cast<const uint8_t*>(&rg);
        data.insert(data.end(), p, p + sizeof(rg));
        // Glyph rows go bottom row first: that is how spice-common's canvas reads them, flag or
        // not (see spice-core/canvas/text.cpp).
        const size_t stride = (static_cast<size_t>(g.width) + 7) / 8;
        for (size_t row = g.height; row-- > 0;) {
            const size_t begin = std::min(row * stride, g.bits.size());
            const size_t end = std::min(begin + stride, g.bits.size());
            data.insert(data.end(), g.bits.begin() + static_cast<std::ptrdiff_t>(begin),
                        g.bits.begin() + static_cast<std::ptrdiff_t>(end));
        }
    }
    const uint64_t str_off = alloc(sizeof(QXLString) + data.size());
    attached_.push_back(str_off);
    QXLString str{};
    str.data_size = static_cast<uint32_t>(data.size());
    str.length = static_cast<uint16_t>(glyphs.size());
    str.flags = SPICE_STRING_FLAGS_RASTER_A1;
    str.chunk.data_size = static_cast<uint32_t>(data.size());
    str.chunk.prev_chunk = 0;
    str.chunk.next_chunk = 0;
    write(str_off, str);
    write(str_off + sizeof(QXLString), data.data(), data.size());

    QXLDrawable d;
    const uint64_t off = new_drawable(surface, QXL_DRAW_TEXT, box, {}, d);
    d.u.text.str = ram_addr(str_off);
    d.u.text.back_area = back_area;
    d.u.text.fore_brush.type = SPICE_BRUSH_TYPE_SOLID;
    d.u.text.fore_brush.u.color = fore;
    d.u.text.back_brush.type = SPICE_BRUSH_TYPE_SOLID;
    d.u.text.back_brush.u.color = back;
    d.u.text.fore_mode = SPICE_ROPD_OP_PUT;
    d.u.text.back_mode = SPICE_ROPD_OP_PUT;
    submit_drawable(off, d);
}

void Driver::create_surface(uint32_t surface_id, uint32_t width, uint32_t height) {
    const uint64_t bytes = uint64_t{width} * height * 4;
    if (vram_next_ + bytes > device_.vram().size()) {
        vram_next_ = 0;  // a simple ring over VRAM: the workloads keep few surfaces
    }
    const uint64_t vram_off = vram_next_;
    vram_next_ += (bytes + 4095) & ~uint64_t{4095};
    surfaces_[surface_id] = vram_off;
    QXLSurfaceCmd cmd{};
    cmd.surface_id = surface_id;
    cmd.type = QXL_SURFACE_CMD_CREATE;
    cmd.flags = 0;
    cmd.u.surface_create.format = SPICE_SURFACE_FMT_32_xRGB;
    cmd.u.surface_create.width = width;
    cmd.u.surface_create.height = height;
    cmd.u.surface_create.stride = static_cast<int32_t>(width * 4);
    cmd.u.surface_create.data = vram_addr(vram_off);
    const uint64_t off = alloc_write(&cmd, sizeof(cmd));
    push(false, QXL_CMD_SURFACE, off);
}

void Driver::destroy_surface(uint32_t surface_id) {
    QXLSurfaceCmd cmd{};
    cmd.surface_id = surface_id;
    cmd.type = QXL_SURFACE_CMD_DESTROY;
    const uint64_t off = alloc_write(&cmd, sizeof(cmd));
    push(false, QXL_CMD_SURFACE, off);
    surfaces_.erase(surface_id);
}

void Driver::cursor_set(int16_t x, int16_t y, const GuestCursor& cursor) {
    const uint64_t shape_off = alloc(sizeof(QXLCursor) + cursor.data.size());
    attached_.push_back(shape_off);
    QXLCursor c{};
    c.header.unique = cursor.unique;
    c.header.type = cursor.type;
    c.header.width = cursor.width;
    c.header.height = cursor.height;
    c.header.hot_spot_x = cursor.hot_x;
    c.header.hot_spot_y = cursor.hot_y;
    c.data_size = static_cast<uint32_t>(cursor.data.size());
    c.chunk.data_size = static_cast<uint32_t>(cursor.data.size());
    c.chunk.prev_chunk = 0;
    c.chunk.next_chunk = 0;
    write(shape_off, c);
    write(shape_off + sizeof(QXLCursor), cursor.data.data(), cursor.data.size());
    QXLCursorCmd cmd{};
    cmd.type = QXL_CURSOR_SET;
    cmd.u.set.position.x = x;
    cmd.u.set.position.y = y;
    cmd.u.set.visible = 1;
    cmd.u.set.shape = ram_addr(shape_off);
    const uint64_t off = alloc_write(&cmd, sizeof(cmd));
    push(true, QXL_CMD_CURSOR, off);
}

void Driver::cursor_move(int16_t x, int16_t y) {
    QXLCursorCmd cmd{};
    cmd.type = QXL_CURSOR_MOVE;
    cmd.u.position.x = x;
    cmd.u.position.y = y;
    const uint64_t off = alloc_write(&cmd, sizeof(cmd));
    push(true, QXL_CMD_CURSOR, off);
}

void Driver::cursor_hide() {
    QXLCursorCmd cmd{};
    cmd.type = QXL_CURSOR_HIDE;
    const uint64_t off = alloc_write(&cmd, sizeof(cmd));
    push(true, QXL_CMD_CURSOR, off);
}

void Driver::monitors_config(std::span<const GuestHead> heads) {
    // Not a ring command: the device reads it through QXLRam.monitors_config; kept allocated
    // (the guest owns it until it sends another).
    QXLMonitorsConfig mc{};
    mc.count = static_cast<uint16_t>(heads.size());
    mc.max_allowed = static_cast<uint16_t>(heads.size());
    const uint64_t off = alloc(sizeof(mc) + heads.size() * sizeof(QXLHead));
    if (monitors_config_block_ != 0) {
        free_block(monitors_config_block_);  // the device reads only the latest
    }
    monitors_config_block_ = off;
    write(off, mc);
    for (size_t i = 0; i < heads.size(); ++i) {
        QXLHead h{};
        h.id = static_cast<uint32_t>(i);
        h.surface_id = 0;
        h.width = heads[i].width;
        h.height = heads[i].height;
        h.x = heads[i].x;
        h.y = heads[i].y;
        h.flags = 0;
        write(off + sizeof(mc) + i * sizeof(QXLHead), h);
    }
    write(device_.ram_header_offset() + offsetof(QXLRam, monitors_config), ram_addr(off));
    const uint64_t before = device_.async_completed();
    device_.io_write(QXL_IO_MONITORS_CONFIG_ASYNC, 0);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (device_.async_completed() == before && std::chrono::steady_clock::now() < deadline) {
        device_.wait_interrupt(QXL_INTERRUPT_IO_CMD, 10);
    }
}

void Driver::message(std::string_view text) {
    std::vector<uint8_t> buf(sizeof(QXLMessage) + text.size() + 1, 0);
    std::memcpy(buf.data() + sizeof(QXLMessage), text.data(), text.size());
    const uint64_t off = alloc_write(buf.data(), buf.size());
    push(false, QXL_CMD_MESSAGE, off);
}

void Driver::update_area(uint32_t surface, const QXLRect& area) {
    const size_t h = device_.ram_header_offset();
    write(h + offsetof(QXLRam, update_area), area);
    write(h + offsetof(QXLRam, update_surface), surface);
    device_.io_write(QXL_IO_UPDATE_AREA, 0);
}

std::vector<uint32_t> Driver::read_primary() const {
    std::vector<uint32_t> out(static_cast<size_t>(width_) * height_);
    std::lock_guard lock(device_.bus_mutex());
    std::memcpy(out.data(), device_.ram().data(), out.size() * 4);
    return out;
}

}  // namespace spicedesk::qxl
