// The worker tells its device which display capabilities the client has
// (QxlDevice::set_client_capabilities), as libspice-server tells QEMU's qxl device: when a
// display client links or leaves while the worker runs, and when the worker starts.

#include <gtest/gtest.h>

#include "spice-core/server/qxl/worker.hpp"
#include "tests/unit/qxl/fake_device.hpp"

namespace spicedesk::core::qxl {
namespace {

using test::FakeDevice;

bool has(const std::array<uint8_t, 58>& caps, unsigned cap) {
    return ((caps[cap / 8] >> (cap % 8)) & 1U) != 0;
}

Caps client_caps() {
    Caps caps;
    caps.set(SPICE_DISPLAY_CAP_MONITORS_CONFIG)
        .set(SPICE_DISPLAY_CAP_COMPOSITE)
        .set(SPICE_DISPLAY_CAP_LZ4_COMPRESSION)  // nothing for the guest
        .set(SPICE_DISPLAY_CAP_PREF_COMPRESSION);
    return caps;
}

TEST(QxlClientCaps, ToldWhenTheWorkerStartsAndWhenAClientComesAndGoes) {
    FakeDevice device;
    Worker worker(device);
    worker.flush();
    EXPECT_TRUE(device.caps_calls().empty());  // not running: nothing yet

    worker.start();
    worker.flush();
    ASSERT_EQ(device.caps_calls().size(), 1u);
    EXPECT_FALSE(device.caps_calls()[0].first);  // no client
    EXPECT_EQ(device.caps_calls()[0].second, (std::array<uint8_t, 58>{}));

    worker.set_client(true, client_caps());
    worker.flush();
    ASSERT_EQ(device.caps_calls().size(), 2u);
    const auto calls = device.caps_calls();
    const auto& [present, caps] = calls[1];
    EXPECT_TRUE(present);
    EXPECT_TRUE(has(caps, SPICE_DISPLAY_CAP_MONITORS_CONFIG));
    EXPECT_TRUE(has(caps, SPICE_DISPLAY_CAP_COMPOSITE));
    EXPECT_FALSE(has(caps, SPICE_DISPLAY_CAP_A8_SURFACE));  // the client did not say
    EXPECT_FALSE(has(caps, SPICE_DISPLAY_CAP_SIZED_STREAM));
    EXPECT_FALSE(has(caps, SPICE_DISPLAY_CAP_LZ4_COMPRESSION));  // not the guest's business
    EXPECT_FALSE(has(caps, SPICE_DISPLAY_CAP_PREF_COMPRESSION));

    worker.set_client(false, Caps{});
    worker.flush();
    ASSERT_EQ(device.caps_calls().size(), 3u);
    EXPECT_FALSE(device.caps_calls()[2].first);
    EXPECT_EQ(device.caps_calls()[2].second, (std::array<uint8_t, 58>{}));
}

TEST(QxlClientCaps, AClientOfAStoppedWorkerIsToldAtStart) {
    FakeDevice device;
    Worker worker(device);
    worker.set_client(true, client_caps());
    worker.flush();
    EXPECT_TRUE(device.caps_calls().empty());
    worker.start();
    worker.flush();
    ASSERT_EQ(device.caps_calls().size(), 1u);
    EXPECT_TRUE(device.caps_calls()[0].first);
    EXPECT_TRUE(has(device.caps_calls()[0].second, SPICE_DISPLAY_CAP_MONITORS_CONFIG));

    worker.stop();
    worker.set_client(false, Caps{});
    worker.flush();
    EXPECT_EQ(device.caps_calls().size(), 1u);  // stopped: told at the next start
    worker.start();
    worker.flush();
    ASSERT_EQ(device.caps_calls().size(), 2u);
    EXPECT_FALSE(device.caps_calls()[1].first);
}

}  // namespace
}  // namespace spicedesk::core::qxl
