#include "libvirt-driver/domain/display_uri.hpp"

#include <gtest/gtest.h>

#include "tests/unit/libvirt-driver/test_util.hpp"

namespace spicedesk::virt {
namespace {

using test::fixture;
using test::parse_or_die;

std::string uri(const std::string& graphics, bool password = true) {
    auto r = display_uri(
        parse_or_die("<domain><name>d</name><devices>" + graphics + "</devices></domain>"),
        password);
    return r ? *r : "ERROR " + r.message();
}

TEST(DisplayUri, RunningQemuDomain) {
    DomainXml live = fixture("qemu-live-spice.xml");
    EXPECT_EQ(display_uri(live, true).value(), "spice://127.0.0.1:5900?password=secret");
    EXPECT_EQ(display_uri(live, false).value(), "spice://127.0.0.1:5900");
}

TEST(DisplayUri, RunningSeedDomain) {
    // make_domain's output for the seed's virt-install line, started on qemu:///embed.
    DomainXml live = fixture("qemu-live-windows-seed.xml");
    EXPECT_EQ(display_uri(live, true).value(), "spice://127.0.0.1:5930?password=password");
}

TEST(DisplayUri, InactiveDomainHasNoPort) {
    auto r = display_uri(fixture("qemu-inactive-spice.xml"), false);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("no port allocated"), std::string::npos) << r.message();
}

TEST(DisplayUri, NoGraphics) {
    auto r = display_uri(fixture("test-driver-test.xml"), false);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("has no SPICE or VNC graphics"), std::string::npos);
}

TEST(DisplayUri, ListenAddresses) {
    EXPECT_EQ(uri("<graphics type='spice' port='5930' listen='0.0.0.0'/>"),
              "spice://127.0.0.1:5930");
    EXPECT_EQ(uri("<graphics type='spice' port='5930' listen='::'/>"), "spice://127.0.0.1:5930");
    EXPECT_EQ(uri("<graphics type='spice' port='5930'/>"), "spice://127.0.0.1:5930");
    EXPECT_EQ(uri("<graphics type='spice' port='5930' listen='192.168.0.13' passwd='password'/>"),
              "spice://192.168.0.13:5930?password=password");
    EXPECT_EQ(uri("<graphics type='spice' port='5930'><listen type='address' address='fe80::1'/>"
                  "</graphics>"),
              "spice://[fe80::1]:5930");
    EXPECT_EQ(uri("<graphics type='vnc' port='5901'><listen type='network' network='default' "
                  "address='192.168.122.1'/></graphics>"),
              "vnc://192.168.122.1:5901");
}

TEST(DisplayUri, PasswordIsEncodedAndOnlyWhenAsked) {
    EXPECT_EQ(uri("<graphics type='vnc' port='5901' passwd='a b&amp;c?'/>"),
              "vnc://127.0.0.1:5901?password=a%20b%26c%3F");
    EXPECT_EQ(uri("<graphics type='vnc' port='5901' passwd='x'/>", false), "vnc://127.0.0.1:5901");
}

TEST(DisplayUri, TlsPortAndSockets) {
    EXPECT_EQ(uri("<graphics type='spice' port='5900' tlsPort='5901'/>"),
              "spice://127.0.0.1:5900?tls-port=5901");
    EXPECT_EQ(uri("<graphics type='spice' port='-1' tlsPort='5901'/>"),
              "spice://127.0.0.1?tls-port=5901");
    EXPECT_EQ(uri("<graphics type='spice'><listen type='socket' socket='/run/s.sock'/></graphics>"),
              "spice+unix:///run/s.sock");
    EXPECT_EQ(uri("<graphics type='spice' port='-1' autoport='yes'/>").rfind("ERROR", 0), 0u);
}

TEST(DisplayUri, FirstSpiceOrVncGraphicsWins) {
    EXPECT_EQ(uri("<graphics type='egl-headless'/><graphics type='vnc' port='5905'/>"),
              "vnc://127.0.0.1:5905");
}

}  // namespace
}  // namespace spicedesk::virt
