#include "libvirt-driver/domain/domain_xml.hpp"

#include <gtest/gtest.h>

#include "tests/unit/libvirt-driver/test_util.hpp"

namespace spicedesk::virt {
namespace {

using test::c14n;
using test::fixture;
using test::parse_or_die;
using test::read_fixture;

class RoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(RoundTrip, SerializeWithoutEditIsC14nEqual) {
    std::string original = read_fixture(GetParam());
    DomainXml domain = parse_or_die(original);
    std::string out = domain.to_string();
    EXPECT_EQ(c14n(out), c14n(original));
    EXPECT_EQ(out.rfind("<?xml", 0), std::string::npos) << "no XML declaration, like dumpxml";
    // A second round trip is byte-stable.
    EXPECT_EQ(parse_or_die(out).to_string(), out);
}

TEST_P(RoundTrip, CloneIsIndependent) {
    DomainXml domain = fixture(GetParam());
    DomainXml copy = domain.clone();
    copy.set_name("renamed");
    EXPECT_NE(domain.name(), "renamed");
    EXPECT_EQ(copy.name(), "renamed");
}

INSTANTIATE_TEST_SUITE_P(
    LibvirtOutputs, RoundTrip,
    ::testing::Values("test-driver-test.xml", "test-driver-spice.xml", "qemu-inactive-spice.xml",
                      "qemu-inactive-vnc.xml", "qemu-live-spice.xml", "qemu-live-windows-seed.xml",
                      "qemu-inactive-q35-vnc.xml", "virt-install-win7-spice.xml",
                      "virt-install-win7-spice-install.xml", "virt-install-rhel6-spice.xml",
                      "virt-install-debian11-vnc.xml"));

// libvirt formats the domain itself (single quotes): we give its dumpxml back byte for byte.
TEST(RoundTripBytes, LibvirtFormattedDumpxmlIsByteExact) {
    for (const char* name : {"qemu-inactive-spice.xml", "qemu-live-spice.xml",
                             "qemu-live-windows-seed.xml", "qemu-inactive-q35-vnc.xml"}) {
        std::string original = read_fixture(name);
        if (original.back() != '\n') {
            original.push_back('\n');  // virsh ends with a newline; the Python capture did not
        }
        EXPECT_EQ(parse_or_die(original).to_string(), original) << name;
    }
    std::string test_driver = read_fixture("test-driver-test.xml");
    test_driver.resize(test_driver.rfind("</domain>") + 10);  // virsh adds an empty line
    EXPECT_EQ(parse_or_die(test_driver).to_string(), test_driver);
}

TEST(DomainXmlParse, ReportsLineAndReason) {
    auto r = DomainXml::parse("<domain>\n  <name>x</name>\n  <devices>\n</domain>\n");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.message().rfind("line 4: ", 0), 0u) << r.message();
    EXPECT_NE(r.message().find("devices"), std::string::npos) << r.message();
}

TEST(DomainXmlParse, RefusesOtherRootsAndEmptyInput) {
    auto r = DomainXml::parse("<network><name>x</name></network>");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("root element is <network>"), std::string::npos) << r.message();
    EXPECT_FALSE(DomainXml::parse("").ok());
    EXPECT_FALSE(DomainXml::parse("not xml").ok());
}

TEST(DomainXmlParse, DoesNotExpandExternalEntities) {
    auto r = DomainXml::parse(
        "<!DOCTYPE domain [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
        "<domain><name>&x;</name></domain>");
    if (r.ok()) {
        EXPECT_EQ(r->name().find("root:"), std::string::npos);
    }
}

TEST(DomainXmlBasics, ReadsTopLevelFields) {
    DomainXml d = fixture("qemu-inactive-vnc.xml");
    EXPECT_EQ(d.name(), "fixture-vnc");
    EXPECT_EQ(d.uuid(), "22222222-2222-3333-4444-555555555555");
    EXPECT_EQ(d.domain_type(), "qemu");
    EXPECT_EQ(d.memory_kib(), 131072u);
    EXPECT_EQ(d.vcpus(), 1u);
    EXPECT_EQ(d.machine(), "pc-i440fx-7.2");
    EXPECT_EQ(d.boot_order(), (std::vector<std::string>{"cdrom", "hd"}));
    EXPECT_EQ(parse_or_die("<domain/>").uuid(), "");
}

TEST(DomainXmlBasics, MemoryUnits) {
    EXPECT_EQ(parse_or_die("<domain><memory unit='MiB'>2</memory></domain>").memory_kib(), 2048u);
    EXPECT_EQ(parse_or_die("<domain><memory>4096</memory></domain>").memory_kib(), 4096u);
    EXPECT_EQ(parse_or_die("<domain><memory unit='GiB'>1</memory></domain>").memory_kib(),
              1048576u);
    EXPECT_EQ(parse_or_die("<domain><memory unit='b'>1048576</memory></domain>").memory_kib(),
              1024u);
    EXPECT_EQ(parse_or_die("<domain><memory unit='MB'>1</memory></domain>").memory_kib(), 976u);
    EXPECT_FALSE(parse_or_die("<domain><memory unit='parsec'>1</memory></domain>").memory_kib());
    EXPECT_FALSE(
        parse_or_die("<domain><memory unit='TiB'>99999999999</memory></domain>").memory_kib());
}

TEST(DomainXmlBasics, SettersEditOnlyTheirNodes) {
    std::string original = read_fixture("qemu-inactive-vnc.xml");
    DomainXml d = parse_or_die(original);
    d.set_name("other");
    d.set_uuid("33333333-2222-3333-4444-555555555555");
    d.set_memory_kib(262144);
    d.set_vcpus(2);
    d.set_machine("pc");
    d.set_domain_type("kvm");
    d.set_boot_order({"hd"});
    std::string expected = original;
    auto replace = [&](const std::string& from, const std::string& to) {
        auto pos = expected.find(from);
        ASSERT_NE(pos, std::string::npos) << from;
        expected.replace(pos, from.size(), to);
    };
    replace("<name>fixture-vnc</name>", "<name>other</name>");
    replace("<uuid>22222222", "<uuid>33333333");
    replace("<memory unit='KiB'>131072", "<memory unit='KiB'>262144");
    replace("<currentMemory unit='KiB'>131072", "<currentMemory unit='KiB'>262144");
    replace("<vcpu placement='static'>1", "<vcpu placement='static'>2");
    replace("machine='pc-i440fx-7.2'", "machine='pc'");
    replace("<domain type='qemu'", "<domain type='kvm'");
    replace("    <boot dev='cdrom'/>\n", "");
    EXPECT_EQ(c14n(d.to_string()), c14n(expected));
}

TEST(DomainXmlBasics, SettersCreateMissingElements) {
    DomainXml d = parse_or_die("<domain type='qemu'>\n  <name>a</name>\n</domain>\n");
    d.set_uuid("44444444-2222-3333-4444-555555555555");
    d.set_memory_kib(1024);
    d.set_vcpus(3);
    d.set_machine("pc");
    d.set_boot_order({"cdrom", "hd"});
    EXPECT_EQ(d.to_string(),
              "<domain type='qemu'>\n"
              "  <name>a</name>\n"
              "  <uuid>44444444-2222-3333-4444-555555555555</uuid>\n"
              "  <memory unit='KiB'>1024</memory>\n"
              "  <currentMemory unit='KiB'>1024</currentMemory>\n"
              "  <vcpu placement='static'>3</vcpu>\n"
              "  <os>\n"
              "    <type arch='x86_64' machine='pc'>hvm</type>\n"
              "    <boot dev='cdrom'/>\n"
              "    <boot dev='hd'/>\n"
              "  </os>\n"
              "</domain>\n");
    EXPECT_EQ(d.boot_order(), (std::vector<std::string>{"cdrom", "hd"}));
}

TEST(DomainXmlBasics, NameIsEscaped) {
    DomainXml d = parse_or_die("<domain><name>a</name></domain>");
    d.set_name("a<b&c");
    EXPECT_EQ(d.name(), "a<b&c");
    EXPECT_NE(d.to_string().find("a&lt;b&amp;c"), std::string::npos);
}

TEST(DomainXmlBasics, TitleAndDescriptionGoWhereLibvirtPutsThemAndEmptyRemoves) {
    DomainXml d = parse_or_die(
        "<domain type='qemu'>\n  <name>a</name>\n  "
        "<uuid>44444444-2222-3333-4444-555555555555</uuid>\n"
        "  <memory unit='KiB'>1024</memory>\n</domain>\n");
    d.set_description("web <front> & back");
    d.set_title("Web server");
    EXPECT_EQ(d.title(), "Web server");
    EXPECT_EQ(d.description(), "web <front> & back");
    EXPECT_EQ(d.to_string(),
              "<domain type='qemu'>\n"
              "  <name>a</name>\n"
              "  <uuid>44444444-2222-3333-4444-555555555555</uuid>\n"
              "  <title>Web server</title>\n"
              "  <description>web &lt;front&gt; &amp; back</description>\n"
              "  <memory unit='KiB'>1024</memory>\n"
              "</domain>\n");
    d.set_title("");
    d.set_description("");
    EXPECT_EQ(d.title(), "");
    EXPECT_EQ(d.to_string(),
              "<domain type='qemu'>\n"
              "  <name>a</name>\n"
              "  <uuid>44444444-2222-3333-4444-555555555555</uuid>\n"
              "  <memory unit='KiB'>1024</memory>\n"
              "</domain>\n");
}

}  // namespace
}  // namespace spicedesk::virt
