// make_domain for each family, and the seed's virt-install line against virt-install itself.

#include "libvirt-driver/domain/domain_spec.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "libvirt-driver/domain/validate.hpp"
#include "tests/unit/libvirt-driver/test_util.hpp"

namespace spicedesk::virt {
namespace {

using test::fixture;
using test::parse_or_die;

// The seed's line: virt-install -n windows -r 2048 -f <disk> -s 50 --vcpus=2 --os-type windows
// --os-variant=win7 --network bridge=br0 --graphics spice,port=5930,listen=...,password=...
// --video qxl --channel spicevmc --cdrom <iso>
DomainSpec seed_spec() {
    DomainSpec s;
    s.name = "windows";
    s.memory_mib = 2048;
    s.vcpus = 2;
    s.os_family = OsFamily::kWindows;
    s.os_variant = "win7";
    s.disks.push_back(DiskSpec{"/var/kvm/images/windows.img", "disk", "", "qcow2", false});
    s.disks.push_back(DiskSpec{"/dev/cdrom", "cdrom", "", "raw", true});
    s.networks.push_back(NetworkSpec{"bridge", "br0", ""});
    s.graphics = GraphicsSpec{"spice", 5930, "127.0.0.1", "password"};
    s.video_model = "qxl";
    s.spicevmc_channel = true;
    return s;
}

DomainXml make(const DomainSpec& spec) {
    auto d = make_domain(spec);
    if (!d) {
        throw std::runtime_error("make_domain: " + d.message());
    }
    return std::move(d).value();
}

// The device kinds issue 2 compares: graphics, video, sound, channel, redirdev, input, controller.
std::multiset<std::string> device_kinds(const DomainXml& d) {
    std::multiset<std::string> kinds;
    for (const Graphics& g : d.graphics()) {
        kinds.insert("graphics " + g.type());
    }
    for (const Video& v : d.videos()) {
        kinds.insert("video " + v.model());
    }
    for (const Sound& s : d.sounds()) {
        kinds.insert("sound " + s.model());
    }
    for (const Channel& c : d.channels()) {
        kinds.insert("channel " + c.type() + " " + c.target_name());
    }
    for (const Redirdev& r : d.redirdevs()) {
        kinds.insert("redirdev " + r.bus() + " " + r.type());
    }
    for (const Input& i : d.inputs()) {
        kinds.insert("input " + i.type() + " " + i.bus());
    }
    for (const Controller& c : d.controllers()) {
        kinds.insert("controller " + c.type() + " " + c.model());
    }
    return kinds;
}

void expect_valid(const DomainXml& d) {
    auto s = validate(d);
    EXPECT_TRUE(s.ok()) << s.message() << "\n" << d.to_string();
}

TEST(MakeDomain, SeedLineHasVirtInstallsDeviceKinds) {
    DomainXml ours = make(seed_spec());
    DomainXml theirs = fixture("virt-install-win7-spice.xml");
    EXPECT_EQ(device_kinds(ours), device_kinds(theirs));
    expect_valid(ours);
    Graphics g = ours.graphics().at(0);
    EXPECT_EQ(g.port(), 5930);
    EXPECT_EQ(g.autoport(), false);
    EXPECT_EQ(g.listen(), "127.0.0.1");
    EXPECT_EQ(g.password(), "password");
    EXPECT_FALSE(g.tls_port()) << "virt-install's tlsPort='-1' does not start (PEERS.md)";
    EXPECT_EQ(ours.name(), "windows");
    EXPECT_EQ(ours.memory_kib(), 2048u * 1024);
    EXPECT_EQ(ours.vcpus(), 2u);
    EXPECT_EQ(ours.domain_type(), "qemu");
    EXPECT_EQ(ours.boot_order(), (std::vector<std::string>{"cdrom", "hd"}));
    ASSERT_EQ(ours.disks().size(), 2u);
    EXPECT_EQ(ours.disks()[0].driver_type(), "qcow2");
    EXPECT_EQ(ours.disks()[1].type(), "block");
    EXPECT_EQ(ours.disks()[1].source(), "/dev/cdrom");
    EXPECT_EQ(ours.disks()[0].type(), "file");
    EXPECT_TRUE(ours.disks()[1].readonly());
    ASSERT_EQ(ours.interfaces().size(), 1u);
    EXPECT_EQ(ours.interfaces()[0].source(), "br0");
    EXPECT_EQ(ours.interfaces()[0].model(), "e1000");
}

// The same comparison against virt-install run now (virtinst installed), not only the fixture.
TEST(MakeDomain, SeedLineAgainstLiveVirtInstall) {
    // scripts/install-deps.sh installs virtinst: a missing virt-install is a failure, not a skip.
    ASSERT_TRUE(std::filesystem::exists("/usr/bin/virt-install")) << "virt-install is missing";
    std::string out_path = testing::TempDir() + "virt-install-seed.xml";
    std::string command =
        "/usr/bin/virt-install --connect test:///default --print-xml -n windows -r 2048 "
        "--disk path=/tmp/spicedesk-unit-w.img,size=50 --vcpus=2 --os-variant=win7 "
        "--network none --graphics spice,port=5930,listen=127.0.0.1,password=password "
        "--video qxl --channel spicevmc --cdrom /dev/null > " +
        out_path + " 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    std::ifstream in(out_path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // With --cdrom it prints the install-time document, then the final one.
    auto second = text.find("<domain", text.find("</domain>"));
    ASSERT_NE(second, std::string::npos);
    DomainXml theirs = parse_or_die(text.substr(second));
    EXPECT_EQ(device_kinds(make(seed_spec())), device_kinds(theirs));
}

TEST(MakeDomain, WindowsFamily) {
    DomainXml w7 = make(seed_spec());
    std::string s = w7.to_string();
    EXPECT_NE(s.find("<hyperv mode='custom'>\n      <relaxed state='on'/>"), std::string::npos);
    EXPECT_NE(s.find("<clock offset='localtime'>"), std::string::npos);
    EXPECT_EQ(w7.sounds().at(0).model(), "ich6");
    EXPECT_EQ(s.find("<!--"), std::string::npos) << "template comments dropped";

    DomainSpec spec10 = seed_spec();
    spec10.os_variant = "win10";
    spec10.graphics = GraphicsSpec{};
    DomainXml w10 = make(spec10);
    EXPECT_EQ(w10.sounds().at(0).model(), "ich9");
    ASSERT_EQ(w10.controllers().size(), 1u);
    EXPECT_EQ(w10.controllers()[0].model(), "qemu-xhci");
    EXPECT_EQ(w10.graphics().at(0).autoport(), true);
    EXPECT_FALSE(w10.graphics()[0].port());
    EXPECT_EQ(w10.inputs().at(0).type(), "tablet");
    expect_valid(w10);

    DomainSpec spec11 = spec10;
    spec11.os_variant = "win11";
    spec11.sound_model = "ac97";
    DomainXml w11 = make(spec11);
    EXPECT_EQ(w11.sounds().at(0).model(), "ac97");
    expect_valid(w11);
}

TEST(MakeDomain, LinuxFamily) {
    DomainSpec spec;
    spec.name = "deb";
    spec.os_variant = "debian12";
    spec.disks.push_back(DiskSpec{"/var/lib/libvirt/images/deb.qcow2"});
    spec.disks.push_back(DiskSpec{"/srv/deb.iso", "cdrom"});
    spec.disks.push_back(DiskSpec{"/var/lib/libvirt/images/data.qcow2"});
    spec.networks.push_back(NetworkSpec{"user", "", ""});
    DomainXml d = make(spec);
    EXPECT_EQ(d.sounds().at(0).model(), "ich9");
    ASSERT_EQ(d.disks().size(), 3u);
    EXPECT_EQ(d.disks()[0].target_bus(), "virtio");
    EXPECT_EQ(d.disks()[0].target_dev(), "vda");
    EXPECT_EQ(d.disks()[1].target_bus(), "sata");
    EXPECT_EQ(d.disks()[1].target_dev(), "sda");
    EXPECT_EQ(d.disks()[2].target_dev(), "vdb");
    EXPECT_EQ(d.interfaces().at(0).type(), "user");
    EXPECT_EQ(d.interfaces()[0].model(), "virtio");
    EXPECT_EQ(d.graphics().at(0).type(), "spice");
    EXPECT_EQ(d.videos().at(0).model(), "qxl");
    EXPECT_EQ(d.memory_kib(), 1024u * 1024);
    EXPECT_EQ(d.machine(), "") << "libvirt picks the machine";
    expect_valid(d);
}

TEST(MakeDomain, LinuxWithVncHasNoSpiceCompanions) {
    DomainSpec spec;
    spec.name = "vncguest";
    spec.graphics = GraphicsSpec{"vnc", 5905, "0.0.0.0", "pw"};
    DomainXml d = make(spec);
    EXPECT_EQ(d.graphics().at(0).type(), "vnc");
    EXPECT_EQ(d.graphics()[0].port(), 5905);
    EXPECT_EQ(d.videos().at(0).model(), "vga");
    EXPECT_TRUE(d.redirdevs().empty());
    EXPECT_TRUE(d.channels().empty());
    expect_valid(d);
    spec.video_model = "virtio";
    DomainXml v = make(spec);
    EXPECT_EQ(v.videos().at(0).model(), "virtio");
    EXPECT_FALSE(v.videos()[0].vram());
    expect_valid(v);
}

TEST(MakeDomain, NoGraphics) {
    DomainSpec spec;
    spec.name = "headless";
    spec.graphics.type = "none";
    DomainXml d = make(spec);
    EXPECT_TRUE(d.graphics().empty());
    expect_valid(d);
}

TEST(MakeDomain, Rhel6Seed) {
    DomainSpec spec;
    spec.name = "web";
    spec.vcpus = 2;
    spec.os_family = os_family_for_variant("rhel6.0");
    ASSERT_EQ(spec.os_family, OsFamily::kRhel6);
    spec.graphics = GraphicsSpec{"spice", 5930, "192.168.0.13", "password"};
    DomainXml d = make(spec);
    EXPECT_EQ(d.machine(), "pc") << "rhel6.0.0 is not a QEMU 7.2 machine";
    EXPECT_EQ(d.sounds().at(0).model(), "ac97");
    EXPECT_EQ(d.videos().at(0).vram(), 32768u);
    EXPECT_EQ(d.videos()[0].heads(), 1u);
    ASSERT_EQ(d.disks().size(), 1u);
    EXPECT_EQ(d.disks()[0].source(), "/var/kvm/images/www.img");
    EXPECT_EQ(d.disks()[0].target_bus(), "virtio");
    EXPECT_EQ(d.interfaces().at(0).source(), "br0");
    EXPECT_EQ(d.interfaces()[0].model(), "virtio");
    std::string s = d.to_string();
    EXPECT_NE(s.find("<serial type='pty'>"), std::string::npos);
    EXPECT_NE(s.find("<console type='pty'>"), std::string::npos);
    EXPECT_NE(s.find("<memballoon model='virtio'/>"), std::string::npos);
    EXPECT_NE(s.find("<pae/>"), std::string::npos);
    EXPECT_EQ(d.domain_type(), "qemu") << "the spec's type wins (TCG by default)";
    expect_valid(d);
    spec.networks.push_back(NetworkSpec{"none", "", ""});
    spec.disks.push_back(DiskSpec{"/tmp/r.img", "disk", "", "raw"});
    DomainXml replaced = make(spec);
    EXPECT_TRUE(replaced.interfaces().empty());
    EXPECT_EQ(replaced.disks().at(0).source(), "/tmp/r.img");
    EXPECT_EQ(replaced.disks()[0].driver_type(), "raw");
}

TEST(MakeDomain, RefusesBadSpecs) {
    DomainSpec spec = seed_spec();
    spec.name = "";
    EXPECT_FALSE(make_domain(spec).ok());
    spec = seed_spec();
    spec.graphics.type = "vnc";
    auto channel = make_domain(spec);
    ASSERT_FALSE(channel.ok());
    EXPECT_NE(channel.message().find("spicevmc"), std::string::npos);
    spec.spicevmc_channel = false;
    auto qxl = make_domain(spec);
    ASSERT_FALSE(qxl.ok());
    EXPECT_NE(qxl.message().find("qxl"), std::string::npos);
    spec = seed_spec();
    spec.graphics.port = 80;
    EXPECT_FALSE(make_domain(spec).ok());
    spec = seed_spec();
    spec.networks = {NetworkSpec{"wifi", "x", ""}};
    EXPECT_FALSE(make_domain(spec).ok());
    spec = seed_spec();
    spec.disks = {DiskSpec{"/x.iso", "cdrom", "virtio"}};
    EXPECT_FALSE(make_domain(spec).ok());
    spec = seed_spec();
    spec.disks[0].type = "network";
    EXPECT_FALSE(make_domain(spec).ok());
    spec = seed_spec();
    spec.sound_model = "gus";
    EXPECT_FALSE(make_domain(spec).ok());
    spec = seed_spec();
    spec.domain_type = "xen";
    EXPECT_FALSE(make_domain(spec).ok());
}

TEST(Templates, EmbeddedAndOverridable) {
    for (OsFamily f : {OsFamily::kLinux, OsFamily::kWindows, OsFamily::kRhel6}) {
        auto t = domain_template(f);
        ASSERT_TRUE(t.ok()) << t.message();
        EXPECT_NE(t->find("<domain"), std::string::npos);
    }
    std::string dir = testing::TempDir() + "spicedesk-templates";
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/linux.xml")
        << "<domain type='qemu'>\n  <name>override</name>\n  <devices/>\n</domain>\n";
    setenv("SPICEDESK_TEMPLATE_DIR", dir.c_str(), 1);
    auto t = domain_template(OsFamily::kLinux);
    unsetenv("SPICEDESK_TEMPLATE_DIR");
    ASSERT_TRUE(t.ok());
    EXPECT_NE(t->find("override"), std::string::npos);
    EXPECT_EQ(os_family_for_variant("win7"), OsFamily::kWindows);
    EXPECT_EQ(os_family_for_variant("debian12"), OsFamily::kLinux);
}

}  // namespace
}  // namespace spicedesk::virt
