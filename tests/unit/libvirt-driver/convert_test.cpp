// to_spice / to_vnc on real libvirt outputs: what they add and remove, that they are idempotent
// and that whatever they do not own survives byte for byte.

#include "libvirt-driver/domain/convert.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "libvirt-driver/domain/validate.hpp"
#include "tests/unit/libvirt-driver/test_util.hpp"

namespace spicedesk::virt {
namespace {

using test::c14n;
using test::fixture;
using test::parse_or_die;
using test::read_fixture;

template <typename Views, typename Pred>
long count(const Views& views, Pred pred) {
    return std::count_if(views.begin(), views.end(), pred);
}

void expect_spice_complete(const DomainXml& d) {
    ASSERT_EQ(d.graphics().size(), 1u);
    EXPECT_EQ(d.graphics()[0].type(), "spice");
    EXPECT_NE(d.graphics()[0].tls_port(), -1);
    ASSERT_FALSE(d.videos().empty());
    Video v = d.videos()[0];
    EXPECT_EQ(v.model(), "qxl");
    EXPECT_TRUE(v.ram() && v.vram() && v.vgamem() && v.heads());
    EXPECT_EQ(count(d.channels(), [](const Channel& c) { return c.is_spice_agent(); }), 1);
    EXPECT_EQ(count(d.redirdevs(),
                    [](const Redirdev& r) { return r.bus() == "usb" && r.type() == "spicevmc"; }),
              2);
    EXPECT_GE(count(d.controllers(),
                    [](const Controller& c) { return c.type() == "usb" && c.model() != "none"; }),
              1);
    EXPECT_EQ(count(d.inputs(), [](const Input& i) { return i.type() == "tablet"; }), 1);
    EXPECT_EQ(d.sounds().size(), 1u);
    for (const Audio& a : d.audios()) {
        EXPECT_NE(a.type(), "none");
    }
    auto rules = validate_rules(d);
    EXPECT_TRUE(rules.ok()) << rules.message();
    auto schema = validate_schema(d);
    EXPECT_TRUE(schema.ok()) << schema.message();
}

void expect_no_spice(const DomainXml& d) {
    for (const Graphics& g : d.graphics()) {
        EXPECT_NE(g.type(), "spice");
        EXPECT_FALSE(g.tls_port());
        EXPECT_FALSE(g.mouse_mode());
        EXPECT_FALSE(g.image_compression());
    }
    for (const Video& v : d.videos()) {
        EXPECT_NE(v.model(), "qxl");
    }
    EXPECT_TRUE(d.redirdevs().empty());
    for (const Channel& c : d.channels()) {
        EXPECT_NE(c.type(), "spicevmc");
    }
    for (const Audio& a : d.audios()) {
        EXPECT_NE(a.type(), "spice");
    }
    auto rules = validate_rules(d);
    EXPECT_TRUE(rules.ok()) << rules.message();
    auto schema = validate_schema(d);
    EXPECT_TRUE(schema.ok()) << schema.message();
}

TEST(ToSpice, ConvertsQemuVncDomainKeepingListenPortPassword) {
    DomainXml d = fixture("qemu-inactive-vnc.xml");
    ASSERT_TRUE(to_spice(d).ok());
    expect_spice_complete(d);
    Graphics g = d.graphics()[0];
    EXPECT_EQ(g.port(), 5911);
    EXPECT_EQ(g.autoport(), false);
    EXPECT_EQ(g.listen(), "0.0.0.0");
    EXPECT_EQ(g.listens().at(0).address, "0.0.0.0");
    EXPECT_EQ(g.password(), "vncpw");
    // Kept: the sound device, its PCI address, the USB controller libvirt chose.
    EXPECT_EQ(d.sounds()[0].model(), "ich6");
    EXPECT_EQ(d.controllers()[0].model(), "piix3-uhci");
    EXPECT_EQ(d.audios().at(0).type(), "spice");
    // Only the intended lines changed.
    std::string out = d.to_string();
    std::string original = read_fixture("qemu-inactive-vnc.xml");
    for (const char* kept :
         {"    <app:info xmlns:app='http://example.org/app/1'>\n"
          "      <app:owner>alice &amp; bob</app:owner>\n",
          "  <qemu:commandline>\n    <qemu:env name='SPICEDESK_TEST' value='1'/>\n"
          "  </qemu:commandline>\n",
          "    <interface type='user'>\n      <mac address='52:54:00:67:b3:60'/>\n",
          "      <target type='isa-serial' port='0'>\n        <model name='isa-serial'/>\n",
          "    <graphics type='spice' port='5911' autoport='no' listen='0.0.0.0' "
          "passwd='vncpw'>\n      <listen type='address' address='0.0.0.0'/>\n    </graphics>\n",
          "      <model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' "
          "primary='yes'/>\n      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' "
          "function='0x0'/>\n"}) {
        EXPECT_NE(out.find(kept), std::string::npos) << kept << "\n---\n" << out;
    }
}

TEST(ToSpice, IsIdempotent) {
    for (const char* name :
         {"qemu-inactive-vnc.xml", "qemu-inactive-spice.xml", "test-driver-test.xml",
          "virt-install-debian11-vnc.xml", "virt-install-win7-spice.xml"}) {
        DomainXml d = fixture(name);
        ASSERT_TRUE(to_spice(d).ok());
        std::string once = d.to_string();
        ASSERT_TRUE(to_spice(d).ok());
        EXPECT_EQ(d.to_string(), once) << name;
    }
}

TEST(ToSpice, CompleteSpiceDomainIsUntouched) {
    std::string original = read_fixture("qemu-inactive-spice.xml");
    DomainXml d = parse_or_die(original);
    ASSERT_TRUE(to_spice(d).ok());
    EXPECT_EQ(d.to_string(), original);
}

TEST(ToSpice, FixesVirtInstallOutput) {
    DomainXml d = fixture("virt-install-win7-spice.xml");
    ASSERT_TRUE(to_spice(d).ok());
    expect_spice_complete(d);
    EXPECT_FALSE(d.graphics()[0].tls_port()) << "tlsPort='-1' would not start (PEERS.md)";
    EXPECT_EQ(d.graphics()[0].port(), 5930);
    EXPECT_EQ(d.graphics()[0].image_compression(), "off");
    EXPECT_EQ(d.controllers().size(), 4u) << "virt-install's ich9 USB controllers are kept";
}

TEST(ToSpice, AddsEverythingToABareDomain) {
    DomainXml d = parse_or_die(
        "<domain type='qemu'>\n  <name>bare</name>\n  <memory>65536</memory>\n"
        "  <os>\n    <type arch='x86_64'>hvm</type>\n  </os>\n</domain>\n");
    ASSERT_TRUE(to_spice(d).ok());
    expect_spice_complete(d);
    EXPECT_EQ(d.graphics()[0].autoport(), true);
    EXPECT_EQ(d.sounds()[0].model(), "ich6");
    EXPECT_EQ(d.controllers().at(0).model(), "qemu-xhci");
}

TEST(ToSpice, UsbDisabledGetsAController) {
    DomainXml d = parse_or_die(
        "<domain type='qemu'><name>x</name><os><type machine='pc-q35-7.2'>hvm</type></os>"
        "<devices><controller type='usb' model='none'/><graphics type='vnc'/></devices>"
        "</domain>");
    ASSERT_TRUE(to_spice(d).ok());
    ASSERT_EQ(d.controllers().size(), 1u);
    EXPECT_EQ(d.controllers()[0].model(), "qemu-xhci");
    EXPECT_EQ(d.sounds().at(0).model(), "ich9") << "q35 gets ich9";
}

TEST(ToSpice, Q35WithUsbDisabledAndVirtioVideo) {
    // libvirt's dumpxml of a q35 VNC domain (pcie-root, root ports, USB model='none').
    DomainXml d = fixture("qemu-inactive-q35-vnc.xml");
    ASSERT_TRUE(to_spice(d).ok());
    expect_spice_complete(d);
    EXPECT_EQ(d.sounds().at(0).model(), "ich9");
    EXPECT_EQ(d.videos().at(0).model(), "qxl");
    for (const Controller& c : d.controllers()) {
        EXPECT_NE(c.model(), "none");
    }
}

TEST(ToSpice, VncReplacedWhenSpiceExists) {
    DomainXml d = parse_or_die(
        "<domain><devices><graphics type='vnc' port='5901'/><graphics type='spice' "
        "port='5902'/><graphics type='egl-headless'/></devices></domain>");
    ASSERT_TRUE(to_spice(d).ok());
    ASSERT_EQ(d.graphics().size(), 2u);
    EXPECT_EQ(d.graphics()[0].type(), "spice");
    EXPECT_EQ(d.graphics()[0].port(), 5902);
    EXPECT_EQ(d.graphics()[1].type(), "egl-headless");
}

TEST(ToSpice, VgaSizesAreReplacedSecondaryQxlFilled) {
    DomainXml d = parse_or_die(
        "<domain><devices><video><model type='vga' vram='16384' heads='1' primary='yes'/>"
        "<acceleration accel3d='no'/></video><video><model type='qxl'/></video>"
        "</devices></domain>");
    ASSERT_TRUE(to_spice(d).ok());
    ASSERT_EQ(d.videos().size(), 2u);
    for (const Video& v : d.videos()) {
        EXPECT_EQ(v.model(), "qxl");
        EXPECT_EQ(v.vram(), kQxlDefaultVramKib);
        EXPECT_EQ(v.ram(), kQxlDefaultRamKib);
        EXPECT_EQ(v.vgamem(), kQxlDefaultVgamemKib);
        EXPECT_EQ(v.heads(), 1u);
    }
    EXPECT_EQ(d.to_string().find("acceleration"), std::string::npos);
}

TEST(ToVnc, RemovesEverySpiceCompanion) {
    DomainXml d = fixture("qemu-live-spice.xml");
    ASSERT_TRUE(to_vnc(d).ok());
    expect_no_spice(d);
    Graphics g = d.graphics().at(0);
    EXPECT_EQ(g.type(), "vnc");
    EXPECT_EQ(g.listen(), "127.0.0.1");
    EXPECT_EQ(g.password(), "secret");
    EXPECT_EQ(g.autoport(), true);
    EXPECT_EQ(d.videos().at(0).model(), "vga");
    EXPECT_TRUE(d.audios().empty()) << "libvirt picks the VNC default";
    EXPECT_EQ(d.sounds().at(0).model(), "ac97");
    EXPECT_EQ(d.inputs().at(0).type(), "tablet") << "the tablet is useful with VNC too";
    // Unknown to the conversion: kept as it was.
    std::string out = d.to_string();
    EXPECT_NE(out.find("  <seclabel type='dynamic' model='dac' relabel='yes'>\n"
                       "    <label>+0:+0</label>\n"),
              std::string::npos);
    EXPECT_NE(out.find("    <hub type='usb'>\n      <alias name='hub0'/>\n"), std::string::npos);
}

TEST(ToVnc, StripsSpiceOnlyGraphicsSettingsAndDevices) {
    DomainXml d = parse_or_die(
        "<domain type='qemu'>\n  <name>x</name>\n  <memory>65536</memory>\n"
        "  <os>\n    <type>hvm</type>\n  </os>\n  <devices>\n"
        "    <serial type='spiceport'><source channel='org.qemu.console.serial.0'/></serial>\n"
        "    <smartcard mode='passthrough' type='spicevmc'/>\n"
        "    <graphics type='spice' port='5930' tlsPort='5931' autoport='no' "
        "defaultMode='any' passwd='password'>\n"
        "      <channel name='main' mode='secure'/>\n      <image compression='auto_glz'/>\n"
        "      <mouse mode='client'/>\n      <clipboard copypaste='no'/>\n"
        "    </graphics>\n    <sound model='ich9'>\n      <audio id='1'/>\n    </sound>\n"
        "    <audio id='1' type='spice'/>\n"
        "    <video>\n      <model type='qxl' ram='65536' vram='65536' vgamem='16384' "
        "heads='1' primary='yes'/>\n    </video>\n"
        "    <video>\n      <model type='qxl' ram='65536' vram='65536' vgamem='16384' "
        "heads='1'/>\n    </video>\n"
        "    <redirfilter>\n      <usbdev allow='yes'/>\n    </redirfilter>\n"
        "  </devices>\n</domain>\n");
    ASSERT_TRUE(to_vnc(d).ok());
    expect_no_spice(d);
    EXPECT_EQ(d.to_string(),
              "<domain type='qemu'>\n  <name>x</name>\n  <memory>65536</memory>\n"
              "  <os>\n    <type>hvm</type>\n  </os>\n  <devices>\n"
              "    <graphics type='vnc' port='5930' autoport='no' passwd='password'/>\n"
              "    <sound model='ich9'>\n      <audio id='1'/>\n    </sound>\n"
              "    <audio id='1' type='none'/>\n"
              "    <video>\n      <model type='vga' vram='16384' heads='1' primary='yes'/>\n"
              "    </video>\n"
              "  </devices>\n</domain>\n");
}

TEST(ToVnc, IsIdempotentAndRoundTripsBackToSpice) {
    for (const char* name :
         {"qemu-inactive-spice.xml", "qemu-live-spice.xml", "virt-install-win7-spice.xml",
          "test-driver-spice.xml", "qemu-inactive-vnc.xml"}) {
        DomainXml d = fixture(name);
        ASSERT_TRUE(to_vnc(d).ok());
        std::string once = d.to_string();
        ASSERT_TRUE(to_vnc(d).ok());
        EXPECT_EQ(d.to_string(), once) << name;
        ASSERT_TRUE(to_spice(d).ok());
        expect_spice_complete(d);
    }
}

TEST(ToVnc, VncDomainIsUntouched) {
    std::string original = read_fixture("qemu-inactive-vnc.xml");
    DomainXml d = parse_or_die(original);
    ASSERT_TRUE(to_vnc(d).ok());
    EXPECT_EQ(c14n(d.to_string()), c14n(original));
}

}  // namespace
}  // namespace spicedesk::virt
