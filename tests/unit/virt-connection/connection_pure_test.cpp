// The parts of the connection layer that need no libvirt: default URI choice, embed roots,
// CPU use arithmetic.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "libvirt-driver/connection/cpu_usage.hpp"
#include "libvirt-driver/connection/default_uri.hpp"

namespace spicedesk::virt {
namespace {

TEST(DefaultUri, FirstThatApplies) {
    UriProbe probe;
    probe.data_home = "/home/u/.local/share";
    EXPECT_EQ(choose_default_uri(probe), "test:///default");
    probe.qemu_installed = true;
    EXPECT_EQ(choose_default_uri(probe), "qemu:///embed?root=/home/u/.local/share/spicedesk/embed");
    probe.daemon_socket = true;
    EXPECT_EQ(choose_default_uri(probe), "qemu:///system");
    probe.requested = "qemu+ssh://root@host/system";
    EXPECT_EQ(choose_default_uri(probe), "qemu+ssh://root@host/system");
}

TEST(DefaultUri, EnvironmentWhenNoOptionGiven) {
    setenv("SPICEDESK_URI", "test:///default", 1);
    EXPECT_EQ(probe_host(std::nullopt).requested, "test:///default");
    EXPECT_EQ(probe_host(std::string("qemu:///system")).requested, "qemu:///system");
    unsetenv("SPICEDESK_URI");
}

TEST(EmbedRoot, ParsedFromUri) {
    EXPECT_EQ(embed_root_of("qemu:///embed?root=/tmp/r"), std::filesystem::path("/tmp/r"));
    EXPECT_EQ(embed_root_of("qemu:///embed?x=1&root=/a/b"), std::filesystem::path("/a/b"));
    EXPECT_FALSE(embed_root_of("qemu:///system"));
}

TEST(EmbedRoot, PreparedWithQemuConf) {
    const auto root = std::filesystem::temp_directory_path() / "spicedesk-embed-unit";
    std::filesystem::remove_all(root);
    ASSERT_TRUE(prepare_embed_root(root));
    std::ifstream conf(root / "etc" / "qemu.conf");
    std::stringstream text;
    text << conf.rdbuf();
    EXPECT_NE(text.str().find("security_driver = \"none\""), std::string::npos);
    EXPECT_NE(text.str().find("user = \""), std::string::npos);
    EXPECT_TRUE(std::filesystem::is_directory(root / "images"));
    std::filesystem::remove_all(root);
}

TEST(CpuUsage, ShareOfTheVcpusBusy) {
    CpuUsage usage;
    const auto t0 = CpuUsage::Clock::time_point{};
    EXPECT_EQ(usage.sample("a", 1'000'000'000, 2, t0), 0.0);
    // 0.5 s of CPU over 1 s of wall time on 2 vCPUs: 25 %
    EXPECT_DOUBLE_EQ(usage.sample("a", 1'500'000'000, 2, t0 + std::chrono::seconds(1)), 25.0);
    // a restart resets the counter: no negative use
    EXPECT_EQ(usage.sample("a", 10, 2, t0 + std::chrono::seconds(2)), 0.0);
}

}  // namespace
}  // namespace spicedesk::virt
