#include "qxl/guest/driver.hpp"

// The commands the driver writes: images, drawables, surfaces, cursor, monitors config, messages
// (driver.cpp holds its memory, rings and modes).

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstring>

namespace spicedesk::qxl {

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
