// libFuzzer: random rings and guest memory through our QXL device and the worker. The input is
// a list of operations (push onto the command or cursor ring, overwrite the QXLRam parameter
// block, an I/O port write) followed by bytes copied over the device's command memory and VRAM.
// Every command address points into that memory (or anywhere, for a slot byte of 0xff). The
// worker must reject what it cannot parse, keep running and never touch memory outside the bars.
// Seeds (corpus/device) include QUIC and LZ_RGB images (quic, lz).

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "qxl/device/device.hpp"
#include "qxl/guest/driver.hpp"
#include "spice-core/server/qxl/worker.hpp"

namespace {

using namespace spicedesk;

struct Op {
    uint8_t kind;
    uint8_t a;
    uint8_t slot;
    uint32_t value;
};
constexpr size_t kOpSize = 7;

uint32_t le32(const uint8_t* p) {
    return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
           (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

void push(qxl::Device& dev, bool cursor, uint64_t data, uint32_t type) {
    std::lock_guard lock(dev.bus_mutex());
    auto ram = dev.ram();
    const size_t base = dev.ram_header_offset() +
                        (cursor ? offsetof(QXLRam, cursor_ring) : offsetof(QXLRam, cmd_ring));
    uint32_t prod;
    uint32_t cons;
    std::memcpy(&prod, ram.data() + base + offsetof(QXLCommandRing, prod), 4);
    std::memcpy(&cons, ram.data() + base + offsetof(QXLCommandRing, cons), 4);
    if (prod - cons >= QXL_COMMAND_RING_SIZE) {
        return;
    }
    QXLCommand cmd{};
    cmd.data = data;
    cmd.type = type;
    std::memcpy(ram.data() + base + offsetof(QXLCommandRing, items) +
                    (prod % QXL_COMMAND_RING_SIZE) * sizeof(QXLCommandRing_ring_el),
                &cmd, sizeof(cmd));
    ++prod;
    std::memcpy(ram.data() + base + offsetof(QXLCommandRing, prod), &prod, 4);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) {
        return 0;
    }
    const size_t n_ops = std::min<size_t>(data[0], 64);
    if (size < 1 + n_ops * kOpSize) {
        return 0;
    }
    const uint8_t* ops = data + 1;
    const uint8_t* blob = ops + n_ops * kOpSize;
    const size_t blob_size = size - 1 - n_ops * kOpSize;

    qxl::Device dev(qxl::DeviceConfig{1280, 256, 1024, 2, 0});
    core::qxl::WorkerOptions options;
    options.thread_name = "fuzz-worker";
    options.limits.max_image_bytes = 4 << 20;
    options.limits.max_path_bytes = 1 << 16;
    options.limits.max_string_bytes = 1 << 16;
    options.limits.max_chunks = 4096;
    options.limits.max_image_side = 2048;
    core::qxl::Worker worker(dev, options);
    qxl::Driver guest(dev);
    if (!guest.init(64, 64)) {
        return 0;
    }
    worker.start();
    // The command memory (after the primary's vgamem area) and VRAM take the blob.
    auto ram = dev.ram();
    const size_t heap = dev.surface0_area_size();
    const size_t ram_room = dev.ram_header_offset() - heap;
    {
        std::lock_guard lock(dev.bus_mutex());
        std::memcpy(ram.data() + heap, blob, std::min(blob_size, ram_room));
        if (blob_size > 4096) {
            std::memcpy(dev.vram().data(), blob + 4096,
                        std::min(blob_size - 4096, dev.vram().size()));
        }
    }
    for (size_t i = 0; i < n_ops; ++i) {
        const uint8_t* o = ops + i * kOpSize;
        Op op{o[0], o[1], o[2], le32(o + 3)};
        uint64_t addr;
        if (op.slot == 0xff) {
            addr = (static_cast<uint64_t>(op.value) << 32) | op.value;  // anywhere
        } else if (op.slot & 1) {
            addr = guest.vram_addr(op.value % dev.vram().size());
        } else {
            addr = guest.ram_addr(heap + op.value % ram_room);
        }
        switch (op.kind % 4) {
            case 0:
                push(dev, false, addr, op.a % 7);
                break;
            case 1:
                push(dev, true, addr, op.a % 2 == 0 ? QXL_CMD_CURSOR : op.a);
                break;
            case 2: {
                // Overwrite the parameter block (update_area .. monitors_config) from the blob.
                const size_t from = dev.ram_header_offset() + offsetof(QXLRam, update_area);
                const size_t len = sizeof(QXLRam) - offsetof(QXLRam, update_area);
                const size_t src = op.value % (blob_size + 1);
                std::lock_guard lock(dev.bus_mutex());
                std::memcpy(ram.data() + from, blob + src, std::min(len, blob_size - src));
                break;
            }
            default: {
                const uint32_t port = op.a % QXL_IO_RANGE_SIZE;
                if (port == QXL_IO_RESET && (op.value & 1) == 0) {
                    break;
                }
                dev.io_write(port, op.value % 16);
                break;
            }
        }
        if (op.a & 0x80) {
            dev.io_write(QXL_IO_NOTIFY_CMD, 0);
        }
    }
    dev.io_write(QXL_IO_NOTIFY_CMD, 0);
    worker.flush();
    (void)guest.process_releases();
    (void)worker.snapshot();
    auto snap = worker.snapshot();
    for (const auto& s : snap.surfaces) {
        (void)static_cast<core::DisplaySource&>(worker).update_area(
            s.id,
            core::WireRect{0, 0, static_cast<int32_t>(s.width), static_cast<int32_t>(s.height)});
    }
    worker.stop();
    return 0;
}

// FUZZ_QXL_WRITE_SEEDS=DIR writes the seed inputs (valid commands built from <spice/qxl_dev.h>
// structs) into DIR and exits: how corpus/device was made.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct SeedBuilder {
    std::vector<uint8_t> ops;
    std::vector<uint8_t> blob;
    uint8_t n = 0;
    template <typename T>
    uint32_t put(const T& v, size_t extra = 0) {
        const auto off = static_cast<uint32_t>(blob.size());
        blob.resize(blob.size() + ((sizeof(T) + extra + 15) & ~size_t{15}), 0);
        std::memcpy(blob.data() + off, &v, sizeof(T));
        return off;
    }
    void op(uint8_t kind, uint8_t a, uint8_t slot, uint32_t value) {
        ops.insert(ops.end(),
                   {kind, a, slot, static_cast<uint8_t>(value), static_cast<uint8_t>(value >> 8),
                    static_cast<uint8_t>(value >> 16), static_cast<uint8_t>(value >> 24)});
        ++n;
    }
    void write(const std::string& path) const {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        if (f == nullptr) {
            return;
        }
        std::fputc(n, f);
        std::fwrite(ops.data(), 1, ops.size(), f);
        std::fwrite(blob.data(), 1, blob.size(), f);
        std::fclose(f);
    }
};

uint64_t heap_addr(uint32_t off) {
    // The fuzz device: RAM bar slot 0, command memory after 1024 KiB of vgamem.
    return (uint64_t{0} << 56) | (qxl::kRamBarPhys + 1024 * 1024 + off);
}

// A DRAW_COPY of a QUIC or LZ_RGB image (QXLQUICData: data_size, then an embedded chunk).
// The data: small images QEMU's libspice-server sent (tests/fixtures/spice-streams).
void write_compressed_seed(const std::string& path, uint8_t type, uint32_t w, uint32_t h,
                           const std::vector<uint8_t>& data) {
    SeedBuilder s;
    QXLImageDescriptor desc{};
    desc.type = type;
    desc.width = w;
    desc.height = h;
    QXLDataChunk chunk{};
    chunk.data_size = static_cast<uint32_t>(data.size());
    const auto img_off = static_cast<uint32_t>(s.blob.size());
    const auto size = static_cast<uint32_t>(data.size());
    s.blob.resize(s.blob.size() + sizeof(desc) + 4 + sizeof(chunk) + data.size() + 16, 0);
    uint8_t* p = s.blob.data() + img_off;
    std::memcpy(p, &desc, sizeof(desc));
    std::memcpy(p + sizeof(desc), &size, 4);
    std::memcpy(p + sizeof(desc) + 4, &chunk, sizeof(chunk));
    std::memcpy(p + sizeof(desc) + 4 + sizeof(chunk), data.data(), data.size());
    s.blob.resize((s.blob.size() + 15) & ~size_t{15}, 0);
    QXLDrawable d{};
    d.type = QXL_DRAW_COPY;
    d.bbox.right = static_cast<int32_t>(w);
    d.bbox.bottom = static_cast<int32_t>(h);
    d.surfaces_dest[0] = d.surfaces_dest[1] = d.surfaces_dest[2] = -1;
    d.u.copy.src_bitmap = heap_addr(img_off);
    d.u.copy.src_area.right = static_cast<int32_t>(w);
    d.u.copy.src_area.bottom = static_cast<int32_t>(h);
    d.u.copy.rop_descriptor = SPICE_ROPD_OP_PUT;
    s.op(0, QXL_CMD_DRAW, 0, s.put(d));
    s.write(path);
}

void write_seeds(const std::string& dir) {
    write_compressed_seed(
        dir + "/quic", SPICE_IMAGE_TYPE_QUIC, 32, 8,
        {0x51, 0x55, 0x49, 0x43, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x20, 0x00,
         0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0xff, 0x80, 0x80, 0x80, 0xff, 0xff, 0xff, 0xff,
         0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xe3, 0xff, 0xc7, 0xff, 0xcb, 0xff,
         0xdb, 0xff, 0x6f, 0xff, 0xb7, 0xff, 0x00, 0x00, 0xd0, 0xfe, 0x00, 0x00, 0x00, 0x00});
    write_compressed_seed(dir + "/lz", SPICE_IMAGE_TYPE_LZ_RGB, 32, 8,
                          {0x20, 0x20, 0x5a, 0x4c, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08,
                           0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x80,
                           0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe0,
                           0xf4, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00});
    {
        SeedBuilder s;
        QXLDrawable d{};
        d.type = QXL_DRAW_FILL;
        d.bbox.right = 32;
        d.bbox.bottom = 32;
        d.surfaces_dest[0] = d.surfaces_dest[1] = d.surfaces_dest[2] = -1;
        d.u.fill.brush.type = SPICE_BRUSH_TYPE_SOLID;
        d.u.fill.brush.u.color = 0xff00ff;
        d.u.fill.rop_descriptor = SPICE_ROPD_OP_PUT;
        s.op(0, QXL_CMD_DRAW, 0, s.put(d));
        s.write(dir + "/fill");
    }
    {
        SeedBuilder s;
        QXLImage img{};
        img.descriptor.type = SPICE_IMAGE_TYPE_BITMAP;
        img.descriptor.width = 4;
        img.descriptor.height = 4;
        img.bitmap.format = SPICE_BITMAP_FMT_32BIT;
        img.bitmap.flags = QXL_BITMAP_DIRECT | QXL_BITMAP_TOP_DOWN;
        img.bitmap.x = 4;
        img.bitmap.y = 4;
        img.bitmap.stride = 16;
        const uint32_t img_off = s.put(img);
        std::vector<uint8_t> px(64, 0x5a);
        const auto px_off = static_cast<uint32_t>(s.blob.size());
        s.blob.insert(s.blob.end(), px.begin(), px.end());
        img.bitmap.data = heap_addr(px_off);
        std::memcpy(s.blob.data() + img_off, &img, sizeof(img));
        QXLDrawable d{};
        d.type = QXL_DRAW_COPY;
        d.bbox.left = 4;
        d.bbox.top = 4;
        d.bbox.right = 8;
        d.bbox.bottom = 8;
        d.surfaces_dest[0] = d.surfaces_dest[1] = d.surfaces_dest[2] = -1;
        d.u.copy.src_bitmap = heap_addr(img_off);
        d.u.copy.src_area.right = 4;
        d.u.copy.src_area.bottom = 4;
        d.u.copy.rop_descriptor = SPICE_ROPD_OP_PUT;
        s.op(0, QXL_CMD_DRAW, 0, s.put(d));
        QXLDrawable cb{};
        cb.type = QXL_COPY_BITS;
        cb.bbox.right = 16;
        cb.bbox.bottom = 16;
        cb.surfaces_dest[0] = cb.surfaces_dest[1] = cb.surfaces_dest[2] = -1;
        cb.u.copy_bits.src_pos.x = 4;
        cb.u.copy_bits.src_pos.y = 4;
        s.op(0, QXL_CMD_DRAW, 0, s.put(cb));
        s.write(dir + "/copy");
    }
    {
        SeedBuilder s;
        std::vector<uint8_t> cur(sizeof(QXLCursor) + 64, 0xff);
        QXLCursor c{};
        c.header.type = SPICE_CURSOR_TYPE_ALPHA;
        c.header.width = 4;
        c.header.height = 4;
        c.data_size = 64;
        c.chunk.data_size = 64;
        const uint32_t cur_off = s.put(c, 64);
        QXLCursorCmd cmd{};
        cmd.type = QXL_CURSOR_SET;
        cmd.u.set.visible = 1;
        cmd.u.set.shape = heap_addr(cur_off);
        s.op(1, 0, 0, s.put(cmd));
        QXLCursorCmd mv{};
        mv.type = QXL_CURSOR_MOVE;
        s.op(1, 0, 0, s.put(mv));
        s.write(dir + "/cursor");
    }
    {
        SeedBuilder s;
        QXLSurfaceCmd sc{};
        sc.surface_id = 1;
        sc.type = QXL_SURFACE_CMD_CREATE;
        sc.u.surface_create.format = SPICE_SURFACE_FMT_32_xRGB;
        sc.u.surface_create.width = 8;
        sc.u.surface_create.height = 8;
        sc.u.surface_create.stride = 32;
        sc.u.surface_create.data = (uint64_t{1} << 56) | qxl::kVramBarPhys;
        s.op(0, QXL_CMD_SURFACE, 0, s.put(sc));
        QXLSurfaceCmd sd{};
        sd.surface_id = 1;
        sd.type = QXL_SURFACE_CMD_DESTROY;
        s.op(0, QXL_CMD_SURFACE, 0, s.put(sd));
        s.write(dir + "/surface");
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    if (const char* dir = std::getenv("FUZZ_QXL_WRITE_SEEDS"); dir != nullptr) {
        write_seeds(dir);
        std::exit(0);
    }
    return 0;
}
