// Add Hardware on real libvirt output (data/qemu-inactive-*.xml): each kind adds the element
// libvirt expects, refusals leave the document byte-for-byte as it was.

#include "libvirt-driver/domain/add_hardware.hpp"

#include <gtest/gtest.h>

#include "libvirt-driver/domain/disk_targets.hpp"
#include "test_util.hpp"

namespace spicedesk::virt {
namespace {

using test::read_fixture;

DomainXml parse_or_die(const std::string& xml) {
    auto parsed = DomainXml::parse(xml);
    if (!parsed) {
        throw std::runtime_error(parsed.message());
    }
    return std::move(*parsed);
}

HardwareRequest kind(HardwareKind k) {
    HardwareRequest request;
    request.kind = k;
    return request;
}

TEST(DiskTargets, NamesFollowLibvirtsLetters) {
    EXPECT_EQ(disk_target_name("vd", 0), "vda");
    EXPECT_EQ(disk_target_name("sd", 25), "sdz");
    EXPECT_EQ(disk_target_name("sd", 26), "sdaa");
    EXPECT_EQ(disk_bus_prefix("sata"), "sd");
    EXPECT_EQ(disk_bus_prefix("ide"), "hd");
}

TEST(AddHardware, DiskTakesTheFirstFreeTargetAndFormatFromTheName) {
    DomainXml d = parse_or_die(read_fixture("qemu-inactive-spice.xml"));
    const auto before = d.disks().size();
    ASSERT_TRUE(add_hardware(d, {HardwareKind::kDisk, "/var/lib/images/data.qcow2", "", ""}));
    ASSERT_TRUE(add_hardware(d, {HardwareKind::kDisk, "/var/lib/images/raw.img", "", ""}));
    ASSERT_TRUE(add_hardware(d, {HardwareKind::kDisk, "/srv/debian.iso", "", ""}));
    auto disks = d.disks();
    ASSERT_EQ(disks.size(), before + 3);
    const auto& qcow = disks[disks.size() - 3];
    EXPECT_EQ(qcow.device(), "disk");
    EXPECT_EQ(qcow.driver_type(), "qcow2");
    EXPECT_EQ(qcow.target_bus(), "virtio");
    EXPECT_EQ(
        qcow.target_dev(),
        next_free_disk_target(parse_or_die(read_fixture("qemu-inactive-spice.xml")), "virtio"));
    EXPECT_EQ(disks[disks.size() - 2].driver_type(), "raw");
    EXPECT_NE(disks[disks.size() - 2].target_dev(), qcow.target_dev());
    const auto& iso = disks.back();
    EXPECT_EQ(iso.device(), "cdrom");
    EXPECT_EQ(iso.target_bus(), "sata");
    EXPECT_TRUE(iso.readonly());
}

TEST(AddHardware, DiskRefusalsChangeNothing) {
    DomainXml d = parse_or_die(read_fixture("qemu-inactive-spice.xml"));
    const std::string before = d.to_string();
    EXPECT_FALSE(add_hardware(d, {HardwareKind::kDisk, "relative.qcow2", "", ""}));
    ASSERT_TRUE(add_hardware(d, {HardwareKind::kDisk, "/a.qcow2", "", ""}));
    const std::string once = d.to_string();
    auto again = add_hardware(d, {HardwareKind::kDisk, "/a.qcow2", "", ""});
    ASSERT_FALSE(again);
    EXPECT_NE(again.message().find("already attached"), std::string::npos);
    EXPECT_EQ(d.to_string(), once);
    EXPECT_NE(before, once);
}

TEST(AddHardware, NetworkIsUserModeOrALibvirtNetwork) {
    DomainXml d = parse_or_die(read_fixture("qemu-inactive-spice.xml"));
    const auto before = d.interfaces().size();
    ASSERT_TRUE(add_hardware(d, kind(HardwareKind::kNetwork)));
    ASSERT_TRUE(add_hardware(d, {HardwareKind::kNetwork, "", "default", ""}));
    auto nics = d.interfaces();
    ASSERT_EQ(nics.size(), before + 2);
    EXPECT_EQ(nics[before].type(), "user");
    EXPECT_EQ(nics[before].model(), "virtio");
    EXPECT_EQ(nics[before + 1].type(), "network");
    EXPECT_EQ(nics[before + 1].source(), "default");
}

TEST(AddHardware, SpiceDevicesNeedSpiceGraphics) {
    DomainXml vnc = parse_or_die(read_fixture("qemu-inactive-vnc.xml"));
    const std::string before = vnc.to_string();
    EXPECT_FALSE(add_hardware(vnc, kind(HardwareKind::kSpiceAgent)));
    EXPECT_FALSE(add_hardware(vnc, kind(HardwareKind::kUsbRedirector)));
    EXPECT_EQ(vnc.to_string(), before);

    ASSERT_TRUE(add_hardware(vnc, kind(HardwareKind::kGraphics)));
    auto graphics = vnc.graphics();
    ASSERT_EQ(graphics.size(), 2U);
    EXPECT_EQ(graphics.back().type(), "spice");
    EXPECT_EQ(graphics.back().listen(), "127.0.0.1");
    EXPECT_FALSE(add_hardware(vnc, kind(HardwareKind::kGraphics)));

    ASSERT_TRUE(add_hardware(vnc, kind(HardwareKind::kSpiceAgent)));
    EXPECT_FALSE(add_hardware(vnc, kind(HardwareKind::kSpiceAgent)));
    ASSERT_TRUE(add_hardware(vnc, kind(HardwareKind::kUsbRedirector)));
    ASSERT_EQ(vnc.redirdevs().size(), 1U);
    EXPECT_EQ(vnc.redirdevs().front().type(), "spicevmc");
}

TEST(AddHardware, UsbRedirectorBringsAControllerWhenThereIsNone) {
    DomainXml d = parse_or_die(
        "<domain type='qemu'>\n  <name>a</name>\n  <devices>\n"
        "    <controller type='usb' index='0' model='none'/>\n"
        "    <graphics type='spice' autoport='yes'/>\n  </devices>\n</domain>\n");
    ASSERT_TRUE(add_hardware(d, kind(HardwareKind::kUsbRedirector)));
    int usable = 0;
    for (const auto& controller : d.controllers()) {
        usable += controller.type() == "usb" && controller.model() == "qemu-xhci" ? 1 : 0;
    }
    EXPECT_EQ(usable, 1);
}

TEST(AddHardware, VideoAddsQxlDevicesUpToFour) {
    DomainXml d = parse_or_die(read_fixture("qemu-inactive-spice.xml"));
    ASSERT_EQ(d.videos().front().model(), "qxl");
    while (d.videos().size() < 4) {
        ASSERT_TRUE(add_hardware(d, kind(HardwareKind::kVideo)));
    }
    for (const auto& video : d.videos()) {
        EXPECT_EQ(video.model(), "qxl");
    }
    const std::string four = d.to_string();
    EXPECT_FALSE(add_hardware(d, kind(HardwareKind::kVideo)));
    EXPECT_EQ(d.to_string(), four);

    DomainXml vga = parse_or_die(read_fixture("qemu-inactive-vnc.xml"));
    ASSERT_EQ(vga.videos().front().model(), "vga");
    auto refused = add_hardware(vga, kind(HardwareKind::kVideo));
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.message().find("qxl primary"), std::string::npos);
}

TEST(AddHardware, TabletOnceAndSoundOfTheAskedModel) {
    DomainXml d = parse_or_die("<domain type='qemu'>\n  <name>a</name>\n</domain>\n");
    ASSERT_TRUE(add_hardware(d, kind(HardwareKind::kTablet)));
    EXPECT_FALSE(add_hardware(d, kind(HardwareKind::kTablet)));
    ASSERT_TRUE(add_hardware(d, {HardwareKind::kSound, "", "", "ich9"}));
    ASSERT_EQ(d.sounds().size(), 1U);
    EXPECT_EQ(d.sounds().front().model(), "ich9");
}

}  // namespace
}  // namespace spicedesk::virt
