// The worker driven through our device and guest driver: draw operations land on the pixman
// primary surface as worked out by hand here (not by the canvas), reach the display sink as
// fills, bitmap copies and COPY_BITS, are written back to guest memory on update_area, and
// hostile commands are rejected, counted and still released while the worker keeps running.

#include "spice-core/server/qxl/worker.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <mutex>

#include "qxl/device/device.hpp"
#include "qxl/guest/driver.hpp"

namespace spicedesk::qxl {
namespace {

namespace cq = spicedesk::core::qxl;
using core::DisplayEvent;

QXLRect qrect(int32_t l, int32_t t, int32_t r, int32_t b) {
    QXLRect q{};
    q.left = l;
    q.top = t;
    q.right = r;
    q.bottom = b;
    return q;
}

class Sink final : public core::DisplaySink {
  public:
    void on_display_update(core::DisplayUpdate u) override {
        std::lock_guard lock(mutex);
        events.push_back(std::move(u.event));
    }
    template <typename T>
    size_t count() {
        std::lock_guard lock(mutex);
        size_t n = 0;
        for (const auto& e : events) {
            n += std::holds_alternative<T>(e) ? 1 : 0;
        }
        return n;
    }
    std::mutex mutex;
    std::vector<DisplayEvent> events;
};

class WorkerTest : public ::testing::Test {
  protected:
    static constexpr int kW = 64;
    static constexpr int kH = 48;
    void SetUp() override {
        worker_.subscribe(&sink_);
        worker_.start();
        ASSERT_TRUE(guest_.init(kW, kH));
    }
    void TearDown() override { worker_.unsubscribe(&sink_); }
    std::vector<uint32_t> screen() {
        EXPECT_TRUE(guest_.wait_idle(5000));
        worker_.flush();
        auto px =
            static_cast<core::DisplaySource&>(worker_).update_area(0, core::WireRect{0, 0, kW, kH});
        EXPECT_TRUE(px) << px.message();
        std::vector<uint32_t> out = px->pixels;
        for (auto& p : out) {
            p &= 0xffffff;
        }
        return out;
    }
    static uint32_t at(const std::vector<uint32_t>& s, int x, int y) {
        return s[static_cast<size_t>(y) * kW + static_cast<size_t>(x)];
    }
    // Pushes a raw command (as a hostile guest would) onto the command ring.
    void push_raw(uint64_t data, uint32_t type) {
        {
            std::lock_guard lock(device_.bus_mutex());
            auto ram = device_.ram();
            const size_t base = device_.ram_header_offset() + offsetof(QXLRam, cmd_ring);
            uint32_t prod;
            std::memcpy(&prod, ram.data() + base + offsetof(QXLCommandRing, prod), 4);
            QXLCommand cmd{};
            cmd.data = data;
            cmd.type = type;
            std::memcpy(ram.data() + base + offsetof(QXLCommandRing, items) +
                            (prod % QXL_COMMAND_RING_SIZE) * sizeof(QXLCommandRing_ring_el),
                        &cmd, sizeof(cmd));
            ++prod;
            std::memcpy(ram.data() + base + offsetof(QXLCommandRing, prod), &prod, 4);
        }
        device_.io_write(QXL_IO_NOTIFY_CMD, 0);
    }

    Device device_{DeviceConfig{8192, 4096, 2048, 1, 0}};
    cq::Worker worker_{device_};
    Driver guest_{device_};
    Sink sink_;
};

TEST_F(WorkerTest, FillsWithClipsAndForwardsThem) {
    guest_.fill(0, qrect(0, 0, kW, kH), 0xff0000);
    const QXLRect clip[] = {qrect(10, 10, 15, 15)};
    guest_.fill(0, qrect(10, 10, 20, 20), 0x00ff00, clip);
    auto s = screen();
    EXPECT_EQ(at(s, 0, 0), 0xff0000U);
    EXPECT_EQ(at(s, 10, 10), 0x00ff00U);
    EXPECT_EQ(at(s, 14, 14), 0x00ff00U);
    EXPECT_EQ(at(s, 15, 15), 0xff0000U);  // inside the box, outside the clip
    EXPECT_EQ(at(s, 19, 10), 0xff0000U);
    EXPECT_GE(sink_.count<core::FillEvent>(), 2U);
    std::lock_guard lock(sink_.mutex);
    bool clipped = false;
    for (const auto& e : sink_.events) {
        if (auto* f = std::get_if<core::FillEvent>(&e); f != nullptr && f->color == 0x00ff00) {
            clipped = f->clip.size() == 1 && f->clip[0].right == 15;
        }
    }
    EXPECT_TRUE(clipped);
    EXPECT_EQ(worker_.stats().rejected.load(), 0U);
}

TEST_F(WorkerTest, CopiesBitmapsDirectAndChunked) {
    std::vector<uint32_t> img(8 * 8);
    for (size_t i = 0; i < img.size(); ++i) {
        img[i] = static_cast<uint32_t>(i * 0x010203);
    }
    guest_.fill(0, qrect(0, 0, kW, kH), 0);
    guest_.copy(0, qrect(4, 4, 8, 8), guest_.image(img, 8, 8), qrect(2, 3, 6, 7));
    guest_.copy(0, qrect(20, 20, 28, 28), guest_.image(img, 8, 8, true, 64), qrect(0, 0, 8, 8));
    auto s = screen();
    EXPECT_EQ(at(s, 4, 4), img[3 * 8 + 2] & 0xffffff);
    EXPECT_EQ(at(s, 7, 7), img[6 * 8 + 5] & 0xffffff);
    EXPECT_EQ(at(s, 8, 8), 0U);
    EXPECT_EQ(at(s, 27, 27), img[63] & 0xffffff);
    EXPECT_EQ(at(s, 20, 21), img[8] & 0xffffff);
    EXPECT_GE(sink_.count<core::CopyEvent>(), 2U);
}

TEST_F(WorkerTest, CopyBitsBlacknessInversAndText) {
    guest_.fill(0, qrect(0, 0, kW, kH), 0x102030);
    guest_.fill(0, qrect(0, 0, 8, 8), 0x0000ff);
    guest_.copy_bits(0, qrect(30, 30, 38, 38), 0, 0);
    guest_.blackness(0, qrect(50, 0, 52, 2));
    guest_.invers(0, qrect(60, 40, 62, 42));
    GuestGlyph g;
    g.x = 40;
    g.y = 10;
    g.width = 8;
    g.height = 2;
    g.bits = {0x80, 0x01};  // top row: leftmost pixel; second row: rightmost
    guest_.text(0, qrect(40, 10, 48, 12), std::vector<GuestGlyph>{g}, 0xffffff,
                qrect(40, 10, 48, 12), 0x000000);
    auto s = screen();
    EXPECT_EQ(at(s, 30, 30), 0x0000ffU);
    EXPECT_EQ(at(s, 37, 37), 0x0000ffU);
    EXPECT_EQ(at(s, 38, 38), 0x102030U);
    EXPECT_EQ(at(s, 51, 1), 0U);
    EXPECT_EQ(at(s, 61, 41), 0xefdfcfU);
    EXPECT_EQ(at(s, 40, 10), 0xffffffU);
    EXPECT_EQ(at(s, 41, 10), 0U);
    EXPECT_EQ(at(s, 47, 11), 0xffffffU);
    EXPECT_EQ(sink_.count<core::CopyBitsEvent>(), 1U);
}

TEST_F(WorkerTest, UpdateAreaWritesBackToGuestMemory) {
    guest_.fill(0, qrect(0, 0, kW, kH), 0x445566);
    guest_.fill(0, qrect(1, 2, 3, 4), 0x778899);
    EXPECT_TRUE(guest_.wait_idle(5000));
    guest_.update_area(0, qrect(0, 0, kW, kH));
    auto mem = guest_.read_primary();
    auto s = screen();
    for (auto& p : mem) {
        p &= 0xffffff;
    }
    EXPECT_EQ(mem, s);
    EXPECT_EQ(at(mem, 2, 3), 0x778899U);
}

TEST_F(WorkerTest, OffscreenSurfacesAsSources) {
    guest_.create_surface(1, 16, 16);
    guest_.fill(1, qrect(0, 0, 16, 16), 0x00ffff);
    guest_.fill(0, qrect(0, 0, kW, kH), 0);
    guest_.copy(0, qrect(8, 8, 24, 24), guest_.surface_image(1), qrect(0, 0, 16, 16));
    auto s = screen();
    EXPECT_EQ(at(s, 8, 8), 0x00ffffU);
    EXPECT_EQ(at(s, 23, 23), 0x00ffffU);
    EXPECT_EQ(worker_.snapshot().surfaces.size(), 2U);
    guest_.destroy_surface(1);
    (void)screen();
    EXPECT_EQ(worker_.snapshot().surfaces.size(), 1U);
    EXPECT_GE(sink_.count<core::SurfaceCreateEvent>(), 2U);
    EXPECT_EQ(sink_.count<core::SurfaceDestroyEvent>(), 1U);
}

TEST_F(WorkerTest, HostileCommandsAreRejectedReleasedAndCounted) {
    // A drawable whose image lies in an unregistered slot: rejected but released.
    guest_.copy(0, qrect(0, 0, 4, 4), (uint64_t{5} << 56) | 0x1000, qrect(0, 0, 4, 4));
    // A drawable on a surface that does not exist.
    guest_.fill(7, qrect(0, 0, 4, 4), 0xffffff);
    EXPECT_TRUE(guest_.wait_idle(5000));
    EXPECT_EQ(guest_.outstanding(), 0U);
    EXPECT_GE(worker_.stats().rejected.load(), 2U);
    const uint64_t rejected = worker_.stats().rejected.load();
    // Commands whose own address is bad cannot even be released; the worker goes on.
    push_raw(uint64_t{0x77} << 56, QXL_CMD_DRAW);
    push_raw(guest_.ram_addr(device_.ram().size() - 4), QXL_CMD_SURFACE);
    push_raw(guest_.ram_addr(64), 99);
    guest_.fill(0, qrect(0, 0, kW, kH), 0x0a0b0c);
    auto s = screen();
    EXPECT_EQ(at(s, 5, 5), 0x0a0b0cU);
    EXPECT_GE(worker_.stats().rejected.load(), rejected + 3);
}

TEST_F(WorkerTest, WholeScreenCopiesThatScrollBecomeCopyBitsPlusTheNewRows) {
    // As the qxl DRM console scrolls: every update is one whole-screen bitmap.
    std::vector<uint32_t> screen0(kW * kH);
    for (int y = 0; y < kH; ++y) {
        for (int x = 0; x < kW; ++x) {
            screen0[static_cast<size_t>(y * kW + x)] = static_cast<uint32_t>(y * 977 + x * 13);
        }
    }
    const QXLRect all = qrect(0, 0, kW, kH);
    guest_.copy(0, all, guest_.image(screen0, kW, kH), all);
    (void)screen();
    // Scrolled up by 4 rows, 4 new rows at the bottom.
    std::vector<uint32_t> screen1(screen0.begin() + 4 * kW, screen0.end());
    for (int i = 0; i < 4 * kW; ++i) {
        screen1.push_back(0xabcdef);
    }
    {
        std::lock_guard lock(sink_.mutex);
        sink_.events.clear();
    }
    guest_.copy(0, all, guest_.image(screen1, kW, kH), all);
    auto s = screen();
    for (size_t i = 0; i < s.size(); ++i) {
        ASSERT_EQ(s[i], screen1[i] & 0xffffff) << "pixel " << i;
    }
    {
        std::lock_guard lock(sink_.mutex);
        ASSERT_EQ(sink_.events.size(), 2U);
        const auto& bits = std::get<core::CopyBitsEvent>(sink_.events[0]);
        EXPECT_EQ(bits.src_y, 4);
        EXPECT_EQ(bits.box.bottom, kH - 4);
        const auto& rows = std::get<core::CopyEvent>(sink_.events[1]);
        EXPECT_EQ(rows.box.top, kH - 4);
        EXPECT_EQ(rows.box.bottom, kH);
        sink_.events.clear();
    }
    // The same picture again: nothing to send; one changed row: only that row.
    guest_.copy(0, all, guest_.image(screen1, kW, kH), all);
    screen1[10 * kW + 3] = 0x123456;
    guest_.copy(0, all, guest_.image(screen1, kW, kH), all);
    s = screen();
    EXPECT_EQ(at(s, 3, 10), 0x123456U);
    std::lock_guard lock(sink_.mutex);
    ASSERT_EQ(sink_.events.size(), 1U);
    const auto& row = std::get<core::CopyEvent>(sink_.events[0]);
    EXPECT_EQ(row.box.top, 10);
    EXPECT_EQ(row.box.bottom, 11);
    EXPECT_EQ(worker_.stats().full_copies_scrolled.load(), 1U);
}

TEST_F(WorkerTest, MonitorsConfigAndCursor) {
    std::vector<GuestHead> heads{{32, 48, 0, 0}, {32, 48, 32, 0}};
    guest_.monitors_config(heads);
    auto snap = worker_.snapshot();
    ASSERT_EQ(snap.heads.size(), 2U);
    EXPECT_EQ(snap.heads[1].x, 32U);
    GuestCursor c;
    c.type = SPICE_CURSOR_TYPE_ALPHA;
    c.width = 2;
    c.height = 2;
    c.data.assign(16, 0xff);
    guest_.cursor_set(5, 6, c);
    guest_.cursor_move(9, 10);
    EXPECT_TRUE(guest_.wait_idle(5000));
    auto state = worker_.cursor_state();
    EXPECT_EQ(state.x, 9);
    EXPECT_EQ(state.y, 10);
    ASSERT_TRUE(state.shape);
    EXPECT_EQ(state.shape->width, 2);
    guest_.cursor_hide();
    EXPECT_TRUE(guest_.wait_idle(5000));
    EXPECT_FALSE(worker_.cursor_state().visible);
}

}  // namespace
}  // namespace spicedesk::qxl
