#pragma once

// The guest side of our QXL device: what xf86-video-qxl and the Linux qxl DRM driver do.
// It registers memslots over the device's bars, creates the primary surface in the RAM bar's
// surface area, allocates commands, images, chunks and clips from the RAM bar's command memory,
// writes them (bounded copies of <spice/qxl_dev.h> structs) and pushes them onto the command
// and cursor rings, and frees every allocation of a command when its release id (the command's
// guest address) comes back on the release ring.
// Thread: one guest thread drives a Driver; the device and worker run their own.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "qxl/device/device.hpp"

namespace spicedesk::qxl {

struct GuestHead {
    uint32_t width = 0;
    uint32_t height = 0;
    uint32_t x = 0;
    uint32_t y = 0;
};

// A cursor image: ALPHA (width * height ARGB pixels) or MONO (AND mask then XOR mask, 1 bpp).
struct GuestCursor {
    uint16_t type = SPICE_CURSOR_TYPE_ALPHA;
    uint16_t width = 0;
    uint16_t height = 0;
    uint16_t hot_x = 0;
    uint16_t hot_y = 0;
    uint64_t unique = 0;
    std::vector<uint8_t> data;
};

// An A1 glyph for DRAW_TEXT: rows top-down, MSB first, (width + 7) / 8 bytes a row.
struct GuestGlyph {
    int32_t x = 0;  // render position (the glyph's top-left: origin 0, 0)
    int32_t y = 0;
    uint16_t width = 0;
    uint16_t height = 0;
    std::vector<uint8_t> bits;
};

class Driver {
  public:
    explicit Driver(Device& device);

    // Memslots (slot 0: RAM bar, slot 1: VRAM bar) and a primary surface of width x height
    // (32-bit xRGB) in the RAM bar's surface area; heads side by side on it.
    Status init(uint32_t width, uint32_t height);

    // The interrupts the driver handles (QXLRam.int_mask), as the Linux qxl driver sets them
    // before it creates its primary surface; with QXL_INTERRUPT_CLIENT_MONITORS_CONFIG the device
    // tells the guest of a client's monitors config (the server then stops giving it to the agent).
    void enable_interrupts(uint32_t mask);
    // The client's monitors config the device put into the ROM (as the Linux qxl driver reads it
    // on QXL_INTERRUPT_CLIENT_MONITORS_CONFIG); an error when its CRC does not match (the device
    // was writing it) or it has no head.
    Result<std::vector<GuestHead>> client_monitors_config() const;
    // A new mode: waits for the outstanding commands, destroys the primary surface and creates
    // one of width x height, as a mode set does. Refused (the old mode stays) when it does not
    // fit the device's surface area.
    Status resize(uint32_t width, uint32_t height);

    uint32_t width() const { return width_; }
    uint32_t height() const { return height_; }
    Device& device() { return device_; }

    // Images: 32-bit xRGB pixels, rows top-down, stride = width. chunked: data as a chain of
    // QXLDataChunks of at most chunk_bytes each, else QXL_BITMAP_DIRECT. The image lives as
    // long as the command it is attached to (attach with the draw call that uses it).
    uint64_t image(std::span<const uint32_t> pixels, uint32_t width, uint32_t height,
                   bool chunked = false, uint32_t chunk_bytes = 65536);
    // A SURFACE image (another surface as the source).
    uint64_t surface_image(uint32_t surface_id);

    // Draw commands on surface (0: the primary). clip: empty = none.
    void fill(uint32_t surface, const QXLRect& box, uint32_t color,
              std::span<const QXLRect> clip = {}, uint16_t rop = SPICE_ROPD_OP_PUT);
    void copy(uint32_t surface, const QXLRect& box, uint64_t image, const QXLRect& src_area,
              std::span<const QXLRect> clip = {});
    void copy_bits(uint32_t surface, const QXLRect& box, int32_t src_x, int32_t src_y);
    void text(uint32_t surface, const QXLRect& box, std::span<const GuestGlyph> glyphs,
              uint32_t fore, const QXLRect& back_area, uint32_t back);
    void blackness(uint32_t surface, const QXLRect& box);
    void invers(uint32_t surface, const QXLRect& box);

    void create_surface(uint32_t surface_id, uint32_t width, uint32_t height);
    void destroy_surface(uint32_t surface_id);

    void cursor_set(int16_t x, int16_t y, const GuestCursor& cursor);
    void cursor_move(int16_t x, int16_t y);
    void cursor_hide();

    void monitors_config(std::span<const GuestHead> heads);
    void message(std::string_view text);
    // QXL_IO_UPDATE_AREA: the worker renders the area into the surface's guest memory.
    void update_area(uint32_t surface, const QXLRect& area);
    // The primary surface as the guest sees it (after update_area), xRGB rows.
    std::vector<uint32_t> read_primary() const;

    // Frees what came back on the release ring; returns the number of releases.
    size_t process_releases();
    // Waits until every command pushed so far has been released (or timeout_ms passed).
    bool wait_idle(int timeout_ms);
    size_t outstanding() const { return pending_.size(); }

    // Guest address of a RAM bar offset (slot 0) or VRAM bar offset (slot 1).
    uint64_t ram_addr(uint64_t offset) const;
    uint64_t vram_addr(uint64_t offset) const;

  private:
    // A width x height primary (32-bit xRGB) fits the device's surface area.
    Status check_mode(uint32_t width, uint32_t height) const;
    struct Command {
        std::vector<uint64_t> ram_blocks;  // RAM offsets to free
    };
    uint64_t alloc(size_t size);
    void free_block(uint64_t offset);
    void write(uint64_t ram_offset, const void* data, size_t size);
    template <typename T>
    void write(uint64_t ram_offset, const T& value) {
        write(ram_offset, &value, sizeof(T));
    }
    uint64_t alloc_write(const void* data, size_t size);
    void create_primary(uint32_t width, uint32_t height);
    void push(bool cursor_ring, uint32_t type, uint64_t ram_offset);
    // Takes the allocations of images built since the last command.
    uint64_t new_drawable(uint32_t surface, uint8_t type, const QXLRect& box,
                          std::span<const QXLRect> clip, QXLDrawable& d);
    void submit_drawable(uint64_t offset, const QXLDrawable& d);

    Device& device_;
    uint32_t width_ = 0;
    uint32_t height_ = 0;
    uint64_t heap_start_ = 0;
    uint64_t heap_end_ = 0;
    std::map<uint64_t, uint64_t> free_;      // offset -> size
    std::map<uint64_t, uint64_t> used_;      // offset -> size
    std::vector<uint64_t> attached_;         // blocks waiting for the next command
    std::map<uint64_t, Command> pending_;    // release id -> its blocks
    std::map<uint32_t, uint64_t> surfaces_;  // off-screen surface id -> VRAM offset
    uint64_t vram_next_ = 0;
    uint64_t next_image_id_ = 1;
    uint64_t monitors_config_block_ = 0;  // the QXLMonitorsConfig the device may still read
};

}  // namespace spicedesk::qxl
