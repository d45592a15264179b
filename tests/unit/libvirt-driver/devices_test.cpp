// Every typed getter/setter of the device views, and that edits touch only their own nodes.

#include <gtest/gtest.h>

#include "libvirt-driver/domain/domain_xml.hpp"
#include "tests/unit/libvirt-driver/test_util.hpp"

namespace spicedesk::virt {
namespace {

using test::c14n;
using test::fixture;
using test::parse_or_die;
using test::read_fixture;

constexpr const char* kSpiceDomain =
    "<domain type='qemu'>\n"
    "  <name>g</name>\n"
    "  <devices>\n"
    "    <graphics type='spice' port='5930' autoport='no' listen='192.168.0.13' passwd='pw'>\n"
    "      <listen type='address' address='192.168.0.13'/>\n"
    "    </graphics>\n"
    "  </devices>\n"
    "</domain>\n";

TEST(Graphics, ReadsLibvirtOutput) {
    DomainXml d = fixture("qemu-live-spice.xml");
    ASSERT_EQ(d.graphics().size(), 1u);
    Graphics g = d.graphics().front();
    EXPECT_EQ(g.type(), "spice");
    EXPECT_EQ(g.port(), 5900);
    EXPECT_EQ(g.autoport(), true);
    EXPECT_FALSE(g.tls_port());
    EXPECT_EQ(g.listen(), "127.0.0.1");
    ASSERT_EQ(g.listens().size(), 1u);
    EXPECT_EQ(g.listens()[0].type, "address");
    EXPECT_EQ(g.listens()[0].address, "127.0.0.1");
    EXPECT_EQ(g.password(), "secret");
    EXPECT_FALSE(g.password_valid_to());
    EXPECT_FALSE(g.default_mode());
}

TEST(Graphics, AttributeSetters) {
    DomainXml d = parse_or_die(kSpiceDomain);
    Graphics g = d.graphics().front();
    g.set_port(-1);
    g.set_autoport(true);
    g.set_tls_port(5931);
    g.set_password(std::string("new'pw"));
    g.set_password_valid_to(std::string("2030-01-01T00:00:00"));
    g.set_default_mode(std::string("insecure"));
    EXPECT_EQ(g.port(), -1);
    EXPECT_EQ(g.autoport(), true);
    EXPECT_EQ(g.tls_port(), 5931);
    EXPECT_EQ(g.password(), "new'pw");
    EXPECT_EQ(g.password_valid_to(), "2030-01-01T00:00:00");
    EXPECT_EQ(g.default_mode(), "insecure");
    EXPECT_EQ(d.to_string(),
              "<domain type='qemu'>\n"
              "  <name>g</name>\n"
              "  <devices>\n"
              "    <graphics type='spice' port='-1' tlsPort='5931' autoport='yes' "
              "listen='192.168.0.13' defaultMode='insecure' passwd='new&apos;pw' "
              "passwdValidTo='2030-01-01T00:00:00'>\n"
              "      <listen type='address' address='192.168.0.13'/>\n"
              "    </graphics>\n"
              "  </devices>\n"
              "</domain>\n");
    g.set_tls_port(std::nullopt);
    g.set_password(std::nullopt);
    g.set_password_valid_to(std::nullopt);
    g.set_default_mode(std::nullopt);
    g.set_port(5930);
    g.set_autoport(false);
    g.set_password(std::string("pw"));
    EXPECT_EQ(d.to_string(), kSpiceDomain);
}

TEST(Graphics, ListenKeepsAttributeAndChildInStep) {
    DomainXml d = parse_or_die(kSpiceDomain);
    Graphics g = d.graphics().front();
    g.set_listen("0.0.0.0");
    EXPECT_EQ(g.listen(), "0.0.0.0");
    EXPECT_EQ(g.attribute("listen"), "0.0.0.0");
    EXPECT_EQ(g.listens().at(0).address, "0.0.0.0");
    g.set_listen("");
    EXPECT_EQ(g.listen(), "");
    EXPECT_TRUE(g.listens().empty());
    EXPECT_EQ(d.to_string(),
              "<domain type='qemu'>\n"
              "  <name>g</name>\n"
              "  <devices>\n"
              "    <graphics type='spice' port='5930' autoport='no' passwd='pw'/>\n"
              "  </devices>\n"
              "</domain>\n");
    g.set_listen("192.168.0.13");
    EXPECT_EQ(d.to_string(), kSpiceDomain);
}

TEST(Graphics, ListenChildOnlyAndNetworkListen) {
    DomainXml d = parse_or_die(
        "<domain><devices><graphics type='vnc'><listen type='network' network='default'/>"
        "</graphics></devices></domain>");
    Graphics g = d.graphics().front();
    EXPECT_EQ(g.listen(), "");
    EXPECT_EQ(g.listens().at(0).network, "default");
    g.set_listen("::1");  // an address replaces the network listen
    ASSERT_EQ(g.listens().size(), 1u);
    EXPECT_EQ(g.listens()[0].type, "address");
    EXPECT_EQ(g.listen(), "::1");
}

TEST(Graphics, SpiceChildren) {
    DomainXml d = parse_or_die(kSpiceDomain);
    Graphics g = d.graphics().front();
    g.set_mouse_mode(std::string("client"));
    g.set_image_compression(std::string("auto_glz"));
    g.set_channel_mode("main", std::string("secure"));
    g.set_channel_mode("inputs", std::string("insecure"));
    g.set_filetransfer_enable(false);
    g.set_clipboard_copypaste(true);
    g.set_streaming_mode(std::string("filter"));
    EXPECT_EQ(g.mouse_mode(), "client");
    EXPECT_EQ(g.image_compression(), "auto_glz");
    EXPECT_EQ(g.channel_mode("main"), "secure");
    EXPECT_EQ(g.channel_mode("inputs"), "insecure");
    EXPECT_FALSE(g.channel_mode("display"));
    EXPECT_EQ(g.filetransfer_enable(), false);
    EXPECT_EQ(g.clipboard_copypaste(), true);
    EXPECT_EQ(g.streaming_mode(), "filter");
    // In libvirt's order: listen, channel, image, streaming, clipboard, mouse, filetransfer.
    EXPECT_EQ(d.to_string(),
              "<domain type='qemu'>\n"
              "  <name>g</name>\n"
              "  <devices>\n"
              "    <graphics type='spice' port='5930' autoport='no' listen='192.168.0.13' "
              "passwd='pw'>\n"
              "      <listen type='address' address='192.168.0.13'/>\n"
              "      <channel name='main' mode='secure'/>\n"
              "      <channel name='inputs' mode='insecure'/>\n"
              "      <image compression='auto_glz'/>\n"
              "      <streaming mode='filter'/>\n"
              "      <clipboard copypaste='yes'/>\n"
              "      <mouse mode='client'/>\n"
              "      <filetransfer enable='no'/>\n"
              "    </graphics>\n"
              "  </devices>\n"
              "</domain>\n");
    EXPECT_EQ(c14n(parse_or_die(d.to_string()).to_string()), c14n(d.to_string()));
    g.set_mouse_mode(std::nullopt);
    g.set_image_compression(std::nullopt);
    g.set_channel_mode("main", std::nullopt);
    g.set_channel_mode("inputs", std::nullopt);
    g.set_filetransfer_enable(std::nullopt);
    g.set_clipboard_copypaste(std::nullopt);
    g.set_streaming_mode(std::nullopt);
    EXPECT_EQ(d.to_string(), kSpiceDomain);
}

TEST(Graphics, SpiceChildrenOnEmptyGraphics) {
    DomainXml d = parse_or_die(
        "<domain>\n  <devices>\n    <graphics type='spice' autoport='yes'/>\n  </devices>\n"
        "</domain>\n");
    Graphics g = d.graphics().front();
    g.set_mouse_mode(std::string("server"));
    EXPECT_EQ(d.to_string(),
              "<domain>\n  <devices>\n    <graphics type='spice' autoport='yes'>\n"
              "      <mouse mode='server'/>\n    </graphics>\n  </devices>\n</domain>\n");
    g.set_mouse_mode(std::nullopt);
    EXPECT_EQ(d.to_string(),
              "<domain>\n  <devices>\n    <graphics type='spice' autoport='yes'/>\n"
              "  </devices>\n</domain>\n");
}

TEST(Video, GettersAndSetters) {
    DomainXml d = fixture("qemu-inactive-spice.xml");
    ASSERT_EQ(d.videos().size(), 1u);
    Video v = d.videos().front();
    EXPECT_EQ(v.model(), "qxl");
    EXPECT_EQ(v.ram(), 65536u);
    EXPECT_EQ(v.vram(), 65536u);
    EXPECT_FALSE(v.vram64());
    EXPECT_EQ(v.vgamem(), 16384u);
    EXPECT_EQ(v.heads(), 1u);
    EXPECT_EQ(v.primary(), true);
    std::string before = d.to_string();
    v.set_vram64(131072);
    v.set_heads(2);
    v.set_vram(32768);
    EXPECT_EQ(v.vram64(), 131072u);
    EXPECT_EQ(v.heads(), 2u);
    std::string after = d.to_string();
    std::string expected = before;
    std::string from = "<model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' ";
    std::string to =
        "<model type='qxl' ram='65536' vram='32768' vram64='131072' vgamem='16384' heads='2' ";
    expected.replace(expected.find(from), from.size(), to);
    EXPECT_EQ(after, expected);
    v.set_primary(std::nullopt);
    EXPECT_FALSE(v.primary());
}

TEST(Video, LeavingQxlDropsQxlOnlyAttributes) {
    DomainXml d = parse_or_die(
        "<domain><devices><video><model type='qxl' ram='65536' vram='65536' vram64='65536' "
        "vgamem='16384' heads='2'/></video></devices></domain>");
    Video v = d.videos().front();
    v.set_model("vga");
    EXPECT_EQ(v.model(), "vga");
    EXPECT_FALSE(v.ram());
    EXPECT_FALSE(v.vram64());
    EXPECT_FALSE(v.vgamem());
    EXPECT_EQ(v.heads(), 1u);
    EXPECT_EQ(v.vram(), 65536u);
}

TEST(SimpleDevices, ReadLibvirtOutput) {
    DomainXml d = fixture("qemu-inactive-spice.xml");
    ASSERT_EQ(d.sounds().size(), 1u);
    EXPECT_EQ(d.sounds()[0].model(), "ac97");
    ASSERT_EQ(d.audios().size(), 1u);
    EXPECT_EQ(d.audios()[0].type(), "spice");
    EXPECT_EQ(d.audios()[0].id(), "1");
    ASSERT_EQ(d.channels().size(), 1u);
    EXPECT_TRUE(d.channels()[0].is_spice_agent());
    EXPECT_EQ(d.channels()[0].target_name(), "com.redhat.spice.0");
    ASSERT_EQ(d.redirdevs().size(), 2u);
    EXPECT_EQ(d.redirdevs()[0].bus(), "usb");
    EXPECT_EQ(d.redirdevs()[0].type(), "spicevmc");
    ASSERT_EQ(d.inputs().size(), 3u);
    EXPECT_EQ(d.inputs()[0].type(), "tablet");
    EXPECT_EQ(d.inputs()[0].bus(), "usb");
    auto controllers = d.controllers();
    ASSERT_EQ(controllers.size(), 3u);
    EXPECT_EQ(controllers[0].type(), "usb");
    EXPECT_EQ(controllers[0].model(), "piix3-uhci");
    EXPECT_EQ(controllers[0].index(), 0u);
    EXPECT_EQ(controllers[2].type(), "virtio-serial");
    EXPECT_EQ(controllers[2].model(), "");
}

TEST(SimpleDevices, SoundModelSetter) {
    std::string original = read_fixture("qemu-inactive-spice.xml");
    DomainXml d = parse_or_die(original);
    d.sounds()[0].set_model("ich9");
    std::string expected = original;
    expected.replace(expected.find("<sound model='ac97'>"), 20, "<sound model='ich9'>");
    EXPECT_EQ(d.to_string(), expected);
}

TEST(AddRemove, NewDevicesGoWhereLibvirtPutsThemIndentedLikeSiblings) {
    DomainXml d = fixture("test-driver-test.xml");
    d.add_spice_agent_channel();
    d.add_input("tablet", "usb");
    d.add_controller("usb", 0, "qemu-xhci");
    d.add_redirdev("usb", "spicevmc");
    d.add_sound("ich6");
    d.add_video("qxl").set_vram(65536);
    d.add_graphics("spice").set_autoport(true);
    std::string s = d.to_string();
    auto pos = [&](const char* needle) {
        auto p = s.find(needle);
        EXPECT_NE(p, std::string::npos) << needle;
        return p;
    };
    EXPECT_LT(pos("<disk"), pos("    <controller type='usb' index='0' model='qemu-xhci'/>\n"));
    EXPECT_LT(pos("<controller"), pos("<interface"));
    EXPECT_LT(pos("</interface>"), pos("    <channel type='spicevmc'>\n"
                                       "      <target type='virtio' name='com.redhat.spice.0'/>\n"
                                       "    </channel>\n"));
    EXPECT_LT(pos("<channel"), pos("    <input type='tablet' bus='usb'/>\n"));
    EXPECT_LT(pos("<input"), pos("    <graphics type='spice' autoport='yes'/>\n"));
    EXPECT_LT(pos("<graphics"), pos("    <sound model='ich6'/>\n"));
    EXPECT_LT(pos("<sound"), pos("    <video>\n      <model type='qxl' vram='65536'/>\n"
                                 "    </video>\n"));
    EXPECT_LT(pos("</video>"), pos("    <redirdev bus='usb' type='spicevmc'/>\n"));
    EXPECT_LT(pos("<redirdev"), pos("    <memballoon"));
    // Removing them all gives back the original document, byte for byte.
    for (const auto& c : d.channels()) {
        d.remove(c);
    }
    for (const auto& c : d.inputs()) {
        d.remove(c);
    }
    for (const auto& c : d.controllers()) {
        d.remove(c);
    }
    for (const auto& c : d.redirdevs()) {
        d.remove(c);
    }
    for (const auto& c : d.sounds()) {
        d.remove(c);
    }
    for (const auto& c : d.videos()) {
        d.remove(c);
    }
    for (const auto& c : d.graphics()) {
        d.remove(c);
    }
    // virsh printed one more newline after the document.
    std::string original = read_fixture("test-driver-test.xml");
    original.resize(original.rfind("</domain>") + 10);
    EXPECT_EQ(d.to_string(), original);
}

TEST(AddRemove, DevicesCreatedWhenMissing) {
    DomainXml d = parse_or_die("<domain type='qemu'>\n  <name>x</name>\n</domain>\n");
    d.add_input("tablet", "usb");
    EXPECT_EQ(d.to_string(),
              "<domain type='qemu'>\n  <name>x</name>\n  <devices>\n"
              "    <input type='tablet' bus='usb'/>\n  </devices>\n</domain>\n");
    d.remove(d.inputs().front());
    EXPECT_EQ(d.to_string(), "<domain type='qemu'>\n  <name>x</name>\n  <devices/>\n</domain>\n");
}

TEST(Disk, ReadAndEdit) {
    DomainXml d = fixture("qemu-inactive-vnc.xml");
    ASSERT_EQ(d.disks().size(), 1u);
    Disk disk = d.disks().front();
    EXPECT_EQ(disk.type(), "file");
    EXPECT_EQ(disk.device(), "cdrom");
    EXPECT_EQ(disk.driver_name(), "qemu");
    EXPECT_EQ(disk.driver_type(), "raw");
    EXPECT_EQ(disk.source(), "");
    EXPECT_EQ(disk.target_dev(), "hdc");
    EXPECT_EQ(disk.target_bus(), "ide");
    EXPECT_TRUE(disk.readonly());
    disk.set_source("/tmp/x.iso");
    EXPECT_EQ(disk.source(), "/tmp/x.iso");
    std::string s = d.to_string();
    EXPECT_NE(s.find("      <driver name='qemu' type='raw'/>\n"
                     "      <source file='/tmp/x.iso'/>\n"
                     "      <target dev='hdc' bus='ide'/>\n"),
              std::string::npos)
        << s;
    disk.set_readonly(false);
    EXPECT_FALSE(disk.readonly());
    Disk added = d.add_disk("file", "disk");
    added.set_driver("qemu", "qcow2");
    added.set_source("/var/lib/a.qcow2");
    added.set_target("vda", "virtio");
    EXPECT_EQ(added.target_dev(), "vda");
    EXPECT_EQ(d.disks().size(), 2u);
    EXPECT_NE(d.to_string().find("    <disk type='file' device='disk'>\n"
                                 "      <driver name='qemu' type='qcow2'/>\n"
                                 "      <source file='/var/lib/a.qcow2'/>\n"
                                 "      <target dev='vda' bus='virtio'/>\n"
                                 "    </disk>\n"),
              std::string::npos);
}

TEST(Interface, ReadAndEdit) {
    DomainXml d = fixture("test-driver-test.xml");
    Interface i = d.interfaces().front();
    EXPECT_EQ(i.type(), "network");
    EXPECT_EQ(i.source(), "default");
    EXPECT_EQ(i.mac(), "aa:bb:cc:dd:ee:ff");
    EXPECT_EQ(i.model(), "");
    i.set_model("virtio");
    EXPECT_EQ(i.model(), "virtio");
    EXPECT_NE(d.to_string().find("      <target dev='testnet0'/>\n      <model type='virtio'/>\n"
                                 "      <address"),
              std::string::npos);
    Interface b = d.add_interface("bridge", "br0");
    EXPECT_EQ(b.source(), "br0");
}

}  // namespace
}  // namespace spicedesk::virt
