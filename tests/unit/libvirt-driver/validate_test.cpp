#include "libvirt-driver/domain/validate.hpp"

#include <gtest/gtest.h>

#include "libvirt-driver/domain/convert.hpp"
#include "tests/unit/libvirt-driver/test_util.hpp"

namespace spicedesk::virt {
namespace {

using test::fixture;
using test::parse_or_die;
using test::read_fixture;

std::string with(std::string text, const std::string& from, const std::string& to) {
    auto pos = text.find(from);
    if (pos == std::string::npos) {
        throw std::runtime_error("fixture lacks " + from);
    }
    return text.replace(pos, from.size(), to);
}

Status validate_text(const std::string& text) {
    return validate(parse_or_die(text));
}

class AcceptsLibvirtOutput : public ::testing::TestWithParam<const char*> {};

TEST_P(AcceptsLibvirtOutput, SchemaAndRules) {
    auto s = validate(fixture(GetParam()));
    EXPECT_TRUE(s.ok()) << s.message();
}

INSTANTIATE_TEST_SUITE_P(Fixtures, AcceptsLibvirtOutput,
                         ::testing::Values("test-driver-test.xml", "test-driver-spice.xml",
                                           "qemu-inactive-spice.xml", "qemu-inactive-vnc.xml",
                                           "qemu-live-spice.xml", "virt-install-debian11-vnc.xml",
                                           "input-qemu-spice.xml", "input-qemu-vnc.xml"));

TEST(Validate, VirtInstallTlsPortMinusOneIsRefused) {
    auto s = validate(fixture("virt-install-win7-spice.xml"));
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("<graphics type='spice'> (line 56): tlsPort=-1"), std::string::npos)
        << s.message();
    DomainXml d = fixture("virt-install-win7-spice.xml");
    ASSERT_TRUE(to_spice(d).ok());
    auto fixed = validate(d);
    EXPECT_TRUE(fixed.ok()) << fixed.message();
}

TEST(Validate, HeadsFive) {
    auto s = validate_text(with(read_fixture("qemu-inactive-spice.xml"), "heads='1'", "heads='5'"));
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.message(),
              "<video model='qxl'> (line 43): heads=5 is outside 1..4 (SPICE shows "
              "up to 4 monitors)");
}

TEST(Validate, QxlSizesQemuWouldChange) {
    std::string base = read_fixture("qemu-inactive-spice.xml");
    std::string model = "<model type='qxl' ram='65536' vram='65536' vgamem='16384'";
    struct Case {
        const char* replacement;
        const char* reason;
    } cases[] = {
        {"<model type='qxl' ram='65536' vram='65000' vgamem='16384'",
         "vram=65000 KiB is not a power of two"},
        {"<model type='qxl' ram='65536' vram='2097152' vgamem='16384'",
         "vram=2097152 KiB is outside"},
        {"<model type='qxl' ram='100000' vram='65536' vgamem='16384'",
         "ram=100000 KiB is not a power of two"},
        {"<model type='qxl' ram='16384' vram='65536' vgamem='16384'", "less than twice vgamem"},
        {"<model type='qxl' ram='1048576' vram='65536' vgamem='16384'", "above QEMU's maximum"},
        {"<model type='qxl' ram='65536' vram='65536' vgamem='4096'", "vgamem=4096 KiB is outside"},
        {"<model type='qxl' ram='65536' vram='65536' vgamem='12288'",
         "vgamem=12288 KiB is not a power of two"},
        {"<model type='qxl' ram='65536' vram='65536' vram64='32768' vgamem='16384'",
         "vram64=32768 KiB is less than vram"},
    };
    for (const Case& c : cases) {
        auto s = validate_text(with(base, model, c.replacement));
        ASSERT_FALSE(s.ok()) << c.replacement;
        EXPECT_NE(s.message().find("<video model='qxl'> (line 43): "), std::string::npos)
            << s.message();
        EXPECT_NE(s.message().find(c.reason), std::string::npos) << s.message();
    }
    EXPECT_TRUE(validate_text(with(base, model,
                                   "<model type='qxl' ram='131072' vram='32768' vram64='262144' "
                                   "vgamem='32768'"))
                    .ok());
}

TEST(Validate, QxlOnlyAttributesOnOtherModels) {
    auto s = validate_text(with(read_fixture("qemu-inactive-vnc.xml"),
                                "<model type='vga' vram='16384' heads='1'",
                                "<model type='vga' vram='16384' vgamem='16384' heads='2'"));
    ASSERT_FALSE(s.ok());
    EXPECT_NE(
        s.message().find("<video model='vga'> (line 65): vgamem is only supported for model qxl"),
        std::string::npos)
        << s.message();
    EXPECT_NE(s.message().find("does not support multiple heads"), std::string::npos);
}

TEST(Validate, Port80) {
    auto s = validate_text(with(read_fixture("qemu-inactive-vnc.xml"), "port='5911'", "port='80'"));
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(
        s.message(),
        "<graphics type='vnc'> (line 58): port=80 is outside 5900-65535 (use autoport or -1)");
}

TEST(Validate, PortRules) {
    std::string base = read_fixture("qemu-inactive-vnc.xml");
    EXPECT_TRUE(
        validate_text(with(base, "port='5911' autoport='no'", "port='-1' autoport='yes'")).ok());
    EXPECT_TRUE(validate_text(with(base, "port='5911' autoport='no'", "autoport='yes'")).ok());
    EXPECT_TRUE(validate_text(with(base, "port='5911'", "port='65535'")).ok());
    EXPECT_FALSE(validate_text(with(base, "port='5911'", "port='65536'")).ok());
    auto no_port = validate_text(with(base, "port='5911' autoport='no'", "autoport='no'"));
    ASSERT_FALSE(no_port.ok());
    EXPECT_NE(no_port.message().find("autoport='no' needs a port"), std::string::npos);
    auto tls = validate_text(with(read_fixture("qemu-inactive-spice.xml"), "autoport='yes'",
                                  "tlsPort='443' autoport='yes'"));
    ASSERT_FALSE(tls.ok());
    EXPECT_NE(tls.message().find("tlsPort=443 is outside"), std::string::npos) << tls.message();
}

TEST(Validate, BrokenSchemaElementIsNamed) {
    std::string base = read_fixture("qemu-inactive-spice.xml");
    auto unknown = validate_text(with(base, "    <audio id='1' type='spice'/>\n",
                                      "    <audio id='1' type='spice'/>\n    <bogus/>\n"));
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.message(), "<bogus> (line 43): not valid in libvirt's domain schema");
    auto model = validate_text(with(base, "<sound model='ac97'>", "<sound model='nonsense'>"));
    ASSERT_FALSE(model.ok());
    EXPECT_EQ(model.message().rfind("<sound model='nonsense'> (line 39): not valid in libvirt's "
                                    "domain schema",
                                    0),
              0u)
        << model.message();
    auto vcpu = validate_text(
        with(base, "<vcpu placement='static'>1</vcpu>", "<vcpu placement='static'>many</vcpu>"));
    ASSERT_FALSE(vcpu.ok());
    EXPECT_NE(vcpu.message().find("<vcpu> (line 6): not valid in libvirt's domain schema"),
              std::string::npos)
        << vcpu.message();
}

TEST(Validate, MissingNameIsNamed) {
    auto s = validate_text(
        with(read_fixture("qemu-inactive-spice.xml"), "  <name>fixture-spice</name>\n", ""));
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.message(), "<domain type='qemu'> (line 1): Expecting an element name, got nothing");
}

TEST(Validate, SeveralProblemsOnePerLine) {
    std::string text = with(read_fixture("qemu-inactive-spice.xml"), "heads='1'", "heads='9'");
    text = with(text, "autoport='yes'", "port='22' autoport='no'");
    text = with(text, "<sound model='ac97'>", "<sound model='nonsense'>");
    auto s = validate_text(text);
    ASSERT_FALSE(s.ok());
    std::string m = s.message();
    EXPECT_EQ(std::count(m.begin(), m.end(), '\n'), 2) << m;
    EXPECT_NE(m.find("<sound model='nonsense'>"), std::string::npos) << m;
    EXPECT_NE(m.find("port=22"), std::string::npos) << m;
    EXPECT_NE(m.find("heads=9"), std::string::npos) << m;
}

TEST(Validate, SpiceCompanionsWithoutSpice) {
    std::string text = with(read_fixture("qemu-inactive-spice.xml"), "<graphics type='spice'",
                            "<graphics type='vnc'");
    auto s = validate_rules(parse_or_die(text));
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("<channel type='spicevmc'> (line 27): needs SPICE graphics"),
              std::string::npos)
        << s.message();
    EXPECT_NE(s.message().find("<audio type='spice'> (line 42): Spice audio is not supported"),
              std::string::npos)
        << s.message();
    EXPECT_NE(s.message().find("<redirdev type='spicevmc' bus='usb'> (line 47)"), std::string::npos)
        << s.message();
    EXPECT_NE(s.message().find("qxl device needs SPICE"), std::string::npos) << s.message();
}

TEST(Validate, MissingSchemaIsAnError) {
    auto s = validate_schema(fixture("qemu-inactive-spice.xml"), "/nonexistent/domain.rng");
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("/nonexistent/domain.rng"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace spicedesk::virt
