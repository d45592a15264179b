// The guest side of client monitor requests: the device's ROM config and its CRC (as QEMU writes
// it and Linux checks it), the revision and int_mask rules, the guest driver reading it back and
// refusing modes beyond vgamem, and the guest agent on the virtio port (capabilities, REPLY,
// MONITORS_CONFIG handed to the desktop).

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string_view>
#include <thread>

#include "qxl/device/device.hpp"
#include "qxl/device/virtio_port.hpp"
#include "qxl/guest/agent.hpp"
#include "qxl/guest/driver.hpp"
#include "spice-core/protocol/agent.hpp"

namespace spicedesk::qxl {
namespace {

using namespace std::chrono_literals;
namespace core = spicedesk::core;

constexpr uint32_t kLinuxMask = QXL_INTERRUPT_DISPLAY | QXL_INTERRUPT_CURSOR |
                                QXL_INTERRUPT_IO_CMD | QXL_INTERRUPT_CLIENT_MONITORS_CONFIG;

TEST(ClientMonitorsConfig, CrcIsLinuxCrc32FromZero) {
    // Python: binascii.crc32(b"123456789", 0xffffffff) ^ 0xffffffff, i.e. QEMU's qxl_crc32.
    constexpr std::string_view kCheck = "123456789";
    std::vector<uint8_t> bytes(kCheck.begin(), kCheck.end());
    EXPECT_EQ(Device::monitors_config_crc(bytes), 0x2dfd2d88U);
}

TEST(ClientMonitorsConfig, OnlyWhenTheGuestUnmaskedTheInterrupt) {
    Device device(DeviceConfig{});
    Driver driver(device);
    const core::qxl::ClientMonitor m{800, 600, 0, 0};
    EXPECT_FALSE(device.client_monitors_config({}));  // int_mask 0: a driver without support
    driver.enable_interrupts(~0U);                    // old Windows drivers: no support either
    EXPECT_FALSE(device.client_monitors_config({}));
    driver.enable_interrupts(kLinuxMask & ~QXL_INTERRUPT_CLIENT_MONITORS_CONFIG);
    EXPECT_FALSE(device.client_monitors_config({}));
    driver.enable_interrupts(kLinuxMask);
    EXPECT_TRUE(device.client_monitors_config({}));
    EXPECT_EQ(device.wait_interrupt(QXL_INTERRUPT_CLIENT_MONITORS_CONFIG, 0) &
                  QXL_INTERRUPT_CLIENT_MONITORS_CONFIG,
              0U);  // asking raises nothing
    ASSERT_TRUE(device.client_monitors_config(std::span(&m, 1)));
    EXPECT_NE(device.wait_interrupt(QXL_INTERRUPT_CLIENT_MONITORS_CONFIG, 1000) &
                  QXL_INTERRUPT_CLIENT_MONITORS_CONFIG,
              0U);
    auto heads = driver.client_monitors_config();
    ASSERT_TRUE(heads.ok()) << heads.message();
    ASSERT_EQ(heads->size(), 1U);
    EXPECT_EQ((*heads)[0].width, 800U);
    EXPECT_EQ((*heads)[0].height, 600U);

    DeviceConfig old;
    old.revision = QXL_REVISION_STABLE_V10;
    Device old_device(old);
    Driver old_driver(old_device);
    old_driver.enable_interrupts(kLinuxMask);
    EXPECT_FALSE(old_device.client_monitors_config(std::span(&m, 1)));
}

TEST(ClientMonitorsConfig, SparseConfigsKeepEnabledHeadsAndRomCorruptionIsSeen) {
    Device device(DeviceConfig{});
    Driver driver(device);
    driver.enable_interrupts(kLinuxMask);
    const core::qxl::ClientMonitor sparse[] = {{0, 0, 0, 0}, {1280, 720, 0, 0}, {0, 0, 0, 0}};
    ASSERT_TRUE(device.client_monitors_config(sparse));
    auto heads = driver.client_monitors_config();
    ASSERT_TRUE(heads.ok());
    ASSERT_EQ(heads->size(), 1U);
    EXPECT_EQ((*heads)[0].width, 1280U);
    // A byte of the heads changes under the guest: the CRC no longer matches.
    device.rom()[offsetof(QXLRom, client_monitors_config) + 8] ^= 1;
    EXPECT_FALSE(driver.client_monitors_config().ok());
}

TEST(GuestDriver, RefusesModesBeyondVgamem) {
    DeviceConfig config;
    config.vgamem_kib = 4096;  // 4 MiB: 1024x1024 fits, 1280x1024 does not
    config.ram_kib = 16384;
    Device device(config);
    Driver driver(device);
    EXPECT_FALSE(driver.resize(1280, 1024).ok());
    EXPECT_FALSE(driver.resize(0, 600).ok());
}

// The server's end of the port: records what the listener heard.
struct Listener final : core::AgentPortListener {
    std::atomic<int> opened{0};
    std::atomic<int> closed{0};
    std::atomic<int> wakeups{0};
    void agent_port_opened() override { ++opened; }
    void agent_port_closed() override { ++closed; }
    void agent_port_wakeup() override { ++wakeups; }
};

// Reads what the guest wrote until `count` messages arrived (or 5 s passed).
std::vector<core::AgentMessage> read_messages(VirtioPort& port, size_t count) {
    core::VdiChunkReader reader;
    core::AgentMessageAssembler assembler;
    std::vector<core::AgentMessage> out;
    auto deadline = std::chrono::steady_clock::now() + 5s;
    std::array<uint8_t, 4096> buffer{};
    while (out.size() < count && std::chrono::steady_clock::now() < deadline) {
        const size_t n = port.read(buffer);
        if (n == 0) {
            std::this_thread::sleep_for(1ms);
            continue;
        }
        std::vector<core::VdiChunk> chunks;
        EXPECT_TRUE(reader.feed(std::span<const uint8_t>(buffer.data(), n), chunks).ok());
        for (auto& chunk : chunks) {
            EXPECT_EQ(chunk.port, static_cast<uint32_t>(VDP_CLIENT_PORT));
            EXPECT_TRUE(assembler.feed(chunk.data, out).ok());
        }
    }
    return out;
}

void server_send(VirtioPort& port, uint32_t vdi_port, uint32_t type,
                 std::span<const uint8_t> data) {
    auto bytes = core::encode_vdi_chunks(vdi_port, core::encode_agent_message(type, data));
    ASSERT_EQ(port.write(bytes), bytes.size());
}

TEST(GuestAgent, AnnouncesRepliesAndResizes) {
    VirtioPort port;
    Listener listener;
    port.attach(&listener);
    std::mutex mutex;
    std::vector<std::vector<GuestHead>> asked;
    GuestAgent agent(port, [&](std::vector<GuestHead> heads) {
        std::lock_guard lock(mutex);
        asked.push_back(std::move(heads));
    });
    agent.start();
    auto hello = read_messages(port, 1);
    ASSERT_EQ(hello.size(), 1U);
    EXPECT_EQ(listener.opened.load(), 1);
    EXPECT_EQ(hello[0].type, static_cast<uint32_t>(VD_AGENT_ANNOUNCE_CAPABILITIES));
    auto caps = core::parse_announce_capabilities(hello[0].data);
    ASSERT_TRUE(caps.ok());
    EXPECT_TRUE(caps->request);
    EXPECT_TRUE(caps->caps.has(VD_AGENT_CAP_MONITORS_CONFIG));
    EXPECT_TRUE(caps->caps.has(VD_AGENT_CAP_REPLY));
    EXPECT_TRUE(caps->caps.has(VD_AGENT_CAP_SPARSE_MONITORS_CONFIG));

    // The client asks for capabilities, then for a sparse two-monitor config.
    server_send(port, VDP_CLIENT_PORT, VD_AGENT_ANNOUNCE_CAPABILITIES,
                core::encode_announce_capabilities(core::AgentCapabilities{true, {}}));
    core::AgentMonitorsConfig config;
    config.flags = VD_AGENT_CONFIG_MONITORS_FLAG_USE_POS;
    config.monitors = {core::AgentMonitor{1600, 900, 32, 0, 0}, core::AgentMonitor{0, 0, 32, 0, 0}};
    server_send(port, VDP_CLIENT_PORT, VD_AGENT_MONITORS_CONFIG,
                core::encode_monitors_config(config));
    auto answers = read_messages(port, 2);
    ASSERT_EQ(answers.size(), 2U);
    EXPECT_EQ(answers[0].type, static_cast<uint32_t>(VD_AGENT_ANNOUNCE_CAPABILITIES));
    EXPECT_FALSE(core::parse_announce_capabilities(answers[0].data)->request);
    EXPECT_EQ(answers[1].type, static_cast<uint32_t>(VD_AGENT_REPLY));
    auto reply = core::parse_agent_reply(answers[1].data);
    ASSERT_TRUE(reply.ok());
    EXPECT_EQ(reply->type, static_cast<uint32_t>(VD_AGENT_MONITORS_CONFIG));
    EXPECT_EQ(reply->error, static_cast<uint32_t>(VD_AGENT_SUCCESS));
    {
        std::lock_guard lock(mutex);
        ASSERT_EQ(asked.size(), 1U);
        ASSERT_EQ(asked[0].size(), 1U);  // the disabled monitor is left out
        EXPECT_EQ(asked[0][0].width, 1600U);
        EXPECT_EQ(asked[0][0].height, 900U);
    }
    // A broken stream from the server: the agent reopens the port and announces again.
    std::vector<uint8_t> garbage = {7, 0, 0, 0, 1, 0, 0, 0, 0};
    ASSERT_EQ(port.write(garbage), garbage.size());
    auto again = read_messages(port, 1);
    ASSERT_EQ(again.size(), 1U);
    EXPECT_EQ(again[0].type, static_cast<uint32_t>(VD_AGENT_ANNOUNCE_CAPABILITIES));
    EXPECT_GE(listener.closed.load(), 1);
    agent.stop();
    EXPECT_EQ(listener.opened.load(), listener.closed.load());
    port.attach(nullptr);
}

}  // namespace
}  // namespace spicedesk::qxl
