#include "libvirt-driver/domain/edit.hpp"

#include <gtest/gtest.h>

#include "libvirt-driver/domain/validate.hpp"
#include "tests/unit/libvirt-driver/test_util.hpp"

namespace spicedesk::virt {
namespace {

using test::fixture;
using test::parse_or_die;
using test::read_fixture;

TEST(SetVideo, ChangesVramAndHeadsOnly) {
    std::string original = read_fixture("qemu-inactive-spice.xml");
    DomainXml d = parse_or_die(original);
    ASSERT_TRUE(set_video(d, 32768u, 2u).ok());
    std::string expected = original;
    std::string from = "vram='65536' vgamem='16384' heads='1'";
    expected.replace(expected.find(from), from.size(), "vram='32768' vgamem='16384' heads='2'");
    EXPECT_EQ(d.to_string(), expected);
    ASSERT_TRUE(set_video(d, std::nullopt, 4u).ok());
    EXPECT_EQ(d.videos()[0].heads(), 4u);
    EXPECT_EQ(d.videos()[0].vram(), 32768u);
}

TEST(SetVideo, RefusesAndLeavesDomainUntouched) {
    std::string original = read_fixture("qemu-inactive-spice.xml");
    DomainXml d = parse_or_die(original);
    auto heads = set_video(d, std::nullopt, 5u);
    ASSERT_FALSE(heads.ok());
    EXPECT_NE(heads.message().find("heads=5"), std::string::npos) << heads.message();
    auto zero = set_video(d, std::nullopt, 0u);
    ASSERT_FALSE(zero.ok());
    auto vram = set_video(d, 65000u, 2u);
    ASSERT_FALSE(vram.ok());
    EXPECT_NE(vram.message().find("vram=65000"), std::string::npos) << vram.message();
    EXPECT_NE(vram.message().find("power of two"), std::string::npos) << vram.message();
    EXPECT_EQ(d.to_string(), original) << "nothing changed, not even heads";
}

TEST(SetVideo, NeedsQxl) {
    DomainXml d = fixture("qemu-inactive-vnc.xml");
    auto s = set_video(d, 65536u, 1u);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("no qxl video"), std::string::npos) << s.message();
}

TEST(SetVideo, PicksThePrimaryQxl) {
    DomainXml d = parse_or_die(
        "<domain><devices><video><model type='qxl' heads='1'/></video>"
        "<video><model type='qxl' heads='1' primary='yes'/></video></devices></domain>");
    ASSERT_TRUE(set_video(d, std::nullopt, 3u).ok());
    EXPECT_EQ(d.videos()[0].heads(), 1u);
    EXPECT_EQ(d.videos()[1].heads(), 3u);
}

TEST(SetMonitors, LinuxUsesHeadsOnOneDevice) {
    DomainXml d = fixture("qemu-inactive-spice.xml");
    ASSERT_TRUE(set_monitors(d, 3, MonitorLayout::kHeads).ok());
    ASSERT_EQ(d.videos().size(), 1u);
    EXPECT_EQ(d.videos()[0].heads(), 3u);
}

TEST(SetMonitors, WindowsUsesOneDevicePerMonitor) {
    DomainXml d = fixture("qemu-inactive-spice.xml");
    ASSERT_TRUE(set_monitors(d, 3, MonitorLayout::kDevices).ok());
    auto videos = d.videos();
    ASSERT_EQ(videos.size(), 3u);
    EXPECT_EQ(videos[0].primary(), true);
    for (const Video& v : videos) {
        EXPECT_EQ(v.model(), "qxl");
        EXPECT_EQ(v.heads(), 1u);
        EXPECT_EQ(v.vram(), 65536u);
        EXPECT_EQ(v.vgamem(), 16384u);
    }
    EXPECT_FALSE(videos[1].primary());
    EXPECT_NE(d.to_string().find("    </video>\n    <video>\n      <model type='qxl' ram='65536' "
                                 "vram='65536' vgamem='16384' heads='1'/>\n    </video>\n"),
              std::string::npos)
        << d.to_string();
    auto valid = validate_rules(d);
    EXPECT_TRUE(valid.ok()) << valid.message();
    ASSERT_TRUE(set_monitors(d, 1, MonitorLayout::kDevices).ok());
    EXPECT_EQ(d.videos().size(), 1u);
    EXPECT_EQ(d.to_string(), read_fixture("qemu-inactive-spice.xml"));
}

TEST(SetMonitors, Refusals) {
    DomainXml d = fixture("qemu-inactive-spice.xml");
    EXPECT_FALSE(set_monitors(d, 5, MonitorLayout::kHeads).ok());
    EXPECT_FALSE(set_monitors(d, 0, MonitorLayout::kDevices).ok());
    DomainXml vnc = fixture("qemu-inactive-vnc.xml");
    auto s = set_monitors(vnc, 2, MonitorLayout::kHeads);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("not qxl"), std::string::npos);
}

TEST(SetSound, ChangesModelAndDropsAddress) {
    DomainXml d = fixture("qemu-inactive-spice.xml");
    ASSERT_TRUE(set_sound(d, "ich9").ok());
    EXPECT_EQ(d.sounds()[0].model(), "ich9");
    EXPECT_FALSE(d.sounds()[0].child_attribute("address", "type"));
    EXPECT_NE(d.to_string().find("    <sound model='ich9'/>\n"), std::string::npos);
}

TEST(SetSound, SameModelKeepsAddress) {
    std::string original = read_fixture("qemu-inactive-spice.xml");
    DomainXml d = parse_or_die(original);
    ASSERT_TRUE(set_sound(d, "ac97").ok());
    EXPECT_EQ(d.to_string(), original);
}

TEST(SetSound, AddsWhenMissingAndRefusesUnknownModels) {
    DomainXml d = fixture("test-driver-test.xml");
    for (const char* model : {"ac97", "ich6", "ich9", "es1370", "sb16", "usb"}) {
        ASSERT_TRUE(set_sound(d, model).ok()) << model;
        ASSERT_EQ(d.sounds().size(), 1u);
        EXPECT_EQ(d.sounds()[0].model(), model);
    }
    std::string before = d.to_string();
    auto bad = set_sound(d, "soundblaster99");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.message().find("soundblaster99"), std::string::npos);
    EXPECT_EQ(d.to_string(), before);
}

}  // namespace
}  // namespace spicedesk::virt
