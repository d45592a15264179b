// QUIC and LZ_RGB images from the guest (QXLQUICData / QXLLZRGBData: data_size, then an
// embedded QXLDataChunk chain). The images are real ones, made by QEMU's libspice-server and
// recorded in tests/fixtures/spice-streams: parsed from guest memory they must give what our
// codecs decode from the same bytes (those decoders are checked against QEMU's own screendump in
// tests/unit/codec), keep the bytes for the display channel unchanged, and reach the display
// sink as a pass-through copy; hostile ones are refused, counted and released, and the worker
// keeps going.

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>

#include "spice-core/codec/lz.hpp"
#include "spice-core/codec/quic.hpp"
#include "spice-core/protocol/reader.hpp"
#include "spice-core/server/qxl/qxl_parse.hpp"
#include "spice-core/server/qxl/worker.hpp"
#include "tests/unit/qxl/fake_device.hpp"
#include "tests/unit/qxl/guest_mem.hpp"

#ifndef SPICE_STREAMS_DIR
#error SPICE_STREAMS_DIR must name tests/fixtures/spice-streams
#endif

namespace spicedesk::core::qxl {
namespace {

using test::GuestMem;

struct RecordedImage {
    uint8_t type = 0;
    uint32_t width = 0;
    uint32_t height = 0;
    std::vector<uint8_t> data;
};

// The images of one type that DRAW_COPY messages of a recording carry (spice.proto: DisplayBase,
// then the src_bitmap offset, whose image is descriptor + data_size + data for QUIC and LZ_RGB).
std::vector<RecordedImage> recorded_images(const std::string& name, uint8_t type) {
    std::ifstream f(std::string(SPICE_STREAMS_DIR) + "/" + name, std::ios::binary);
    std::vector<uint8_t> file((std::istreambuf_iterator<char>(f)),
                              std::istreambuf_iterator<char>());
    std::vector<RecordedImage> out;
    const std::string magic = "SPDREC1\n";
    if (file.size() < magic.size() || !std::equal(magic.begin(), magic.end(), file.begin())) {
        ADD_FAILURE() << name << " is not a recording";
        return out;
    }
    Reader r(std::span<const uint8_t>(file).subspan(magic.size()));
    while (!r.at_end() && r.ok()) {
        const uint16_t msg = r.u16();
        const uint32_t size = r.u32();
        auto body = r.bytes(size);
        if (msg != SPICE_MSG_DISPLAY_DRAW_COPY || !r.ok()) {
            continue;
        }
        Reader m(body);
        m.skip(4 + 16);  // surface id, box
        if (m.u8() == SPICE_CLIP_TYPE_RECTS) {
            m.skip(size_t{m.u32()} * 16);
        }
        const uint32_t offset = m.u32();
        if (!m.ok() || offset >= body.size()) {
            ADD_FAILURE() << name << ": bad DRAW_COPY";
            continue;
        }
        Reader img(body.subspan(offset));
        img.u64();
        RecordedImage ri;
        ri.type = img.u8();
        img.u8();
        ri.width = img.u32();
        ri.height = img.u32();
        if (ri.type != type) {
            continue;
        }
        const uint32_t n = img.u32();
        auto data = img.bytes(n);
        EXPECT_TRUE(img.ok()) << name;
        ri.data.assign(data.begin(), data.end());
        out.push_back(std::move(ri));
    }
    EXPECT_TRUE(r.ok()) << name;
    return out;
}

// The largest image of that type in the recording (SeaBIOS' whole screen).
RecordedImage largest(const std::string& name, uint8_t type) {
    auto images = recorded_images(name, type);
    RecordedImage best;
    for (auto& i : images) {
        if (i.data.size() > best.data.size()) {
            best = std::move(i);
        }
    }
    EXPECT_FALSE(best.data.empty()) << name << " has no image of type " << +type;
    return best;
}

// Writes a QXLImage of that type into guest memory: descriptor, data_size, then the data as an
// embedded chunk followed by `chunks - 1` more. data_size is the data's size unless given.
uint64_t put_image(GuestMem& mem, uint8_t type, uint32_t width, uint32_t height,
                   const std::vector<uint8_t>& data, int chunks,
                   std::optional<uint32_t> data_size = {}) {
    const size_t part =
        (data.size() + static_cast<size_t>(chunks) - 1) / static_cast<size_t>(chunks);
    // The later chunks first, so that each knows its successor's address.
    uint64_t next = 0;
    for (int i = chunks - 1; i >= 1; --i) {
        const size_t from = std::min(data.size(), part * static_cast<size_t>(i));
        const size_t n = std::min(part, data.size() - from);
        std::vector<uint8_t> chunk(sizeof(QXLDataChunk) + n);
        QXLDataChunk c{};
        c.data_size = static_cast<uint32_t>(n);
        c.next_chunk = next;
        std::memcpy(chunk.data(), &c, sizeof(c));
        std::memcpy(chunk.data() + sizeof(c), data.data() + from, n);
        next = mem.add_bytes(chunk.data(), chunk.size());
    }
    const size_t first = std::min(part, data.size());
    std::vector<uint8_t> head(sizeof(QXLImageDescriptor) + 4 + sizeof(QXLDataChunk) + first);
    QXLImageDescriptor desc{};
    desc.id = 7;
    desc.type = type;
    desc.width = width;
    desc.height = height;
    const uint32_t size = data_size.value_or(static_cast<uint32_t>(data.size()));
    QXLDataChunk c{};
    c.data_size = static_cast<uint32_t>(first);
    c.next_chunk = next;
    std::memcpy(head.data(), &desc, sizeof(desc));
    std::memcpy(head.data() + sizeof(desc), &size, 4);
    std::memcpy(head.data() + sizeof(desc) + 4, &c, sizeof(c));
    std::memcpy(head.data() + sizeof(desc) + 4 + sizeof(c), data.data(), first);
    return mem.add_bytes(head.data(), head.size());
}

std::vector<uint32_t> image_pixels(const canvas::Image& img) {
    std::vector<uint32_t> out(static_cast<size_t>(img.width()) * static_cast<size_t>(img.height()));
    for (int y = 0; y < img.height(); ++y) {
        std::memcpy(&out[static_cast<size_t>(y) * static_cast<size_t>(img.width())],
                    img.data() + static_cast<size_t>(y) * static_cast<size_t>(img.stride()),
                    static_cast<size_t>(img.width()) * 4);
    }
    return out;
}

class CompressedImageTest : public ::testing::Test {
  protected:
    ParseContext ctx() { return ParseContext{mem_.slots(), 0, 16, {}, {}}; }
    GuestMem mem_{4 << 20};
};

TEST_F(CompressedImageTest, QemusQuicAndLzImagesDecodeAndKeepTheirBytes) {
    struct Case {
        const char* recording;
        uint8_t type;
    };
    for (const Case& c : {Case{"seabios-quic.spicerec", SPICE_IMAGE_TYPE_QUIC},
                          Case{"seabios-lz.spicerec", SPICE_IMAGE_TYPE_LZ_RGB}}) {
        SCOPED_TRACE(c.recording);
        const RecordedImage ri = largest(c.recording, c.type);
        ASSERT_GT(ri.width, 100u);  // the whole screen, not a character
        auto expected = c.type == SPICE_IMAGE_TYPE_QUIC ? decode_quic(ri.data) : decode_lz(ri.data);
        ASSERT_TRUE(expected) << expected.message();
        for (int chunks : {1, 3}) {
            auto r =
                parse_image(ctx(), put_image(mem_, c.type, ri.width, ri.height, ri.data, chunks));
            ASSERT_TRUE(r) << r.message();
            EXPECT_EQ(r->image.width(), static_cast<int>(ri.width));
            EXPECT_EQ(r->image.height(), static_cast<int>(ri.height));
            EXPECT_EQ(r->image.format(), PIXMAN_x8r8g8b8);
            EXPECT_EQ(image_pixels(r->image), expected->pixels);
            ASSERT_TRUE(r->encoded);
            EXPECT_EQ(r->encoded->type, c.type);
            EXPECT_EQ(r->encoded->width, ri.width);
            EXPECT_EQ(r->encoded->height, ri.height);
            EXPECT_EQ(r->encoded->data, ri.data);
        }
    }
}

TEST_F(CompressedImageTest, HostileCompressedImagesAreRefused) {
    const RecordedImage q = largest("seabios-quic.spicerec", SPICE_IMAGE_TYPE_QUIC);
    const RecordedImage lz = largest("seabios-lz.spicerec", SPICE_IMAGE_TYPE_LZ_RGB);
    auto refused = [&](uint64_t addr, const char* what) {
        auto r = parse_image(ctx(), addr);
        EXPECT_FALSE(r) << what;
    };
    const auto qt = SPICE_IMAGE_TYPE_QUIC;
    // data_size and the chunks disagree (both ways).
    refused(
        put_image(mem_, qt, q.width, q.height, q.data, 2, static_cast<uint32_t>(q.data.size() + 1)),
        "data_size beyond the chunks");
    refused(
        put_image(mem_, qt, q.width, q.height, q.data, 2, static_cast<uint32_t>(q.data.size() - 1)),
        "chunks beyond data_size");
    // The descriptor's size is not the data's.
    refused(put_image(mem_, qt, q.width + 1, q.height, q.data, 1), "descriptor width");
    refused(put_image(mem_, SPICE_IMAGE_TYPE_LZ_RGB, lz.width, lz.height - 1, lz.data, 1),
            "descriptor height");
    // Truncated and corrupted data (consistent sizes).
    std::vector<uint8_t> half(q.data.begin(),
                              q.data.begin() + static_cast<long>(q.data.size() / 2));
    refused(put_image(mem_, qt, q.width, q.height, half, 1), "truncated QUIC");
    std::vector<uint8_t> lz_half(lz.data.begin(),
                                 lz.data.begin() + static_cast<long>(lz.data.size() / 2));
    refused(put_image(mem_, SPICE_IMAGE_TYPE_LZ_RGB, lz.width, lz.height, lz_half, 1),
            "truncated LZ");
    std::vector<uint8_t> bad = q.data;
    bad[0] ^= 0xff;
    refused(put_image(mem_, qt, q.width, q.height, bad, 1), "bad magic");
    // QUIC data under the LZ_RGB type.
    refused(put_image(mem_, SPICE_IMAGE_TYPE_LZ_RGB, q.width, q.height, q.data, 1), "wrong type");
    // A header (and descriptor) claiming an image beyond the limits: refused before decoding.
    std::vector<uint8_t> huge = q.data;
    const uint32_t side = 16000;
    std::memcpy(huge.data() + 12, &side, 4);
    std::memcpy(huge.data() + 16, &side, 4);
    refused(put_image(mem_, qt, side, side, huge, 1), "huge");
    // Shorter than a header, and compressed data where a mask is wanted.
    refused(put_image(mem_, qt, q.width, q.height, std::vector<uint8_t>(8, 0), 1), "tiny");
    auto mask = parse_image(ctx(), put_image(mem_, qt, q.width, q.height, q.data, 1), true);
    EXPECT_FALSE(mask);
    // A chunk chain that loops.
    const uint64_t loop =
        put_image(mem_, qt, q.width, q.height, q.data, 1, static_cast<uint32_t>(q.data.size() * 2));
    const uint64_t chunk_off =
        mem_.offset_of(loop) + sizeof(QXLImageDescriptor) + 4 + offsetof(QXLDataChunk, next_chunk);
    const uint64_t chunk_addr = loop + sizeof(QXLImageDescriptor) + 4;
    mem_.put(chunk_off, chunk_addr);
    refused(loop, "chunk loop");
    // LZ_PLT has no QXL layout (no palette): refused.
    refused(put_image(mem_, SPICE_IMAGE_TYPE_LZ_PLT, lz.width, lz.height, lz.data, 1), "LZ_PLT");
}

class Sink final : public DisplaySink {
  public:
    void on_display_update(DisplayUpdate u) override {
        std::lock_guard lock(mutex);
        if (auto* c = std::get_if<CopyEvent>(&u.event)) {
            copies.push_back(*c);
        }
    }
    std::mutex mutex;
    std::vector<CopyEvent> copies;
};

QXLRect qrect(int32_t left, int32_t top, int32_t right, int32_t bottom) {
    QXLRect r{};
    r.left = left;
    r.top = top;
    r.right = right;
    r.bottom = bottom;
    return r;
}

// A DRAW_COPY command of the whole image onto the primary at (0, 0).
uint64_t put_copy(GuestMem& mem, uint64_t image, uint32_t w, uint32_t h, uint64_t release_id) {
    QXLDrawable d{};
    d.release_info.id = release_id;
    d.surface_id = 0;
    d.type = QXL_DRAW_COPY;
    d.bbox = qrect(0, 0, static_cast<int32_t>(w), static_cast<int32_t>(h));
    d.clip.type = SPICE_CLIP_TYPE_NONE;
    d.surfaces_dest[0] = -1;
    d.surfaces_dest[1] = -1;
    d.surfaces_dest[2] = -1;
    d.u.copy.src_bitmap = image;
    d.u.copy.src_area = qrect(0, 0, static_cast<int32_t>(w), static_cast<int32_t>(h));
    d.u.copy.rop_descriptor = SPICE_ROPD_OP_PUT;
    return mem.add(d);
}

TEST_F(CompressedImageTest, TheWorkerDrawsThemAndPassesThemOn) {
    DevInitInfo info;
    info.num_memslots = 4;
    test::FakeDevice device(info);
    Worker worker(device);
    DevMemSlot slot;
    slot.slot_id = 1;
    slot.generation = 1;
    slot.virt_start = reinterpret_cast<uintptr_t>(mem_.bytes().data());
    slot.virt_end = slot.virt_start + mem_.bytes().size();
    slot.addr_delta = slot.virt_start - GuestMem::kPhys;
    worker.add_memslot(slot);

    const RecordedImage q = largest("seabios-quic.spicerec", SPICE_IMAGE_TYPE_QUIC);
    DevSurfaceCreate primary;
    primary.width = q.width;
    primary.height = q.height;
    primary.stride = static_cast<int32_t>(q.width * 4);
    primary.mem = mem_.add_bytes(std::vector<uint8_t>(size_t{q.width} * q.height * 4).data(),
                                 size_t{q.width} * q.height * 4);
    worker.create_primary_surface(0, primary);
    Sink sink;
    worker.subscribe(static_cast<DisplaySink*>(&sink));
    worker.start();

    // A hostile one first (descriptor size wrong), then the real one.
    const uint64_t bad = put_image(mem_, SPICE_IMAGE_TYPE_QUIC, q.width, q.height + 1, q.data, 2);
    device.push_command(put_copy(mem_, bad, q.width, q.height, 1), QXL_CMD_DRAW);
    const uint64_t good = put_image(mem_, SPICE_IMAGE_TYPE_QUIC, q.width, q.height, q.data, 2);
    device.push_command(put_copy(mem_, good, q.width, q.height, 2), QXL_CMD_DRAW);
    worker.wakeup();
    worker.flush();

    EXPECT_EQ(worker.stats().rejected, 1u);
    EXPECT_EQ(worker.stats().forwarded_compressed, 1u);
    const auto releases = device.releases();
    ASSERT_EQ(releases.size(), 2u);  // the refused command too
    EXPECT_EQ(releases[0].id, 1u);
    EXPECT_EQ(releases[1].id, 2u);
    {
        std::lock_guard lock(sink.mutex);
        ASSERT_EQ(sink.copies.size(), 1u);
        const CopyEvent& e = sink.copies[0];
        ASSERT_TRUE(e.encoded);
        EXPECT_EQ(e.encoded->type, SPICE_IMAGE_TYPE_QUIC);
        EXPECT_EQ(e.encoded->data, q.data);
        EXPECT_EQ(e.box.width(), static_cast<int32_t>(q.width));
        EXPECT_EQ(e.box.height(), static_cast<int32_t>(q.height));
    }
    auto expected = decode_quic(q.data);
    ASSERT_TRUE(expected);
    auto area = worker.update_area(
        0, WireRect{0, 0, static_cast<int32_t>(q.width), static_cast<int32_t>(q.height)});
    ASSERT_TRUE(area);
    EXPECT_EQ(area->pixels, expected->pixels);
    worker.unsubscribe(static_cast<DisplaySink*>(&sink));
}

}  // namespace
}  // namespace spicedesk::core::qxl
