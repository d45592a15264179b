// spicedesk-viewer's command line, spice:// URIs and virt-viewer .vv files.
#include "admin-gui/viewer/connect_target.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace spicedesk;
using namespace spicedesk::gui;

namespace {

std::map<std::string, std::string> g_files;

Result<std::string> fake_read(const std::string& path) {
    auto it = g_files.find(path);
    if (it == g_files.end()) {
        return make_error(path + ": No such file or directory");
    }
    return it->second;
}

Result<ViewerOptions> parse(std::vector<std::string> args, const char* env = nullptr) {
    return parse_viewer_args(args, env, fake_read);
}

}  // namespace

TEST(SpiceUri, HostPortPassword) {
    auto t = parse_spice_uri("spice://192.168.1.5:5901?password=s%3Dcr%26t&tls-port=5902");
    ASSERT_TRUE(t) << t.message();
    EXPECT_EQ(t->host, "192.168.1.5");
    EXPECT_EQ(t->port, 5901);
    EXPECT_EQ(t->tls_port, 5902);
    ASSERT_TRUE(t->password);
    EXPECT_EQ(*t->password, "s=cr&t");
}

TEST(SpiceUri, TlsPortFirstAsDisplayUriWritesIt) {
    auto t = parse_spice_uri("spice://127.0.0.1:5900?tls-port=5901&password=pw");
    ASSERT_TRUE(t) << t.message();
    EXPECT_EQ(t->port, 5900);
    EXPECT_EQ(t->tls_port, 5901);
    EXPECT_EQ(t->password.value_or(""), "pw");
}

TEST(SpiceUri, Ipv6AndPortInQuery) {
    auto t = parse_spice_uri("spice://[::1]?port=5930");
    ASSERT_TRUE(t) << t.message();
    EXPECT_EQ(t->host, "::1");
    EXPECT_EQ(t->port, 5930);
    EXPECT_FALSE(t->password);
    auto u = parse_spice_uri("spice://[fe80::1]:5999/");
    ASSERT_TRUE(u) << u.message();
    EXPECT_EQ(u->host, "fe80::1");
    EXPECT_EQ(u->port, 5999);
}

TEST(SpiceUri, TlsScheme) {
    auto t = parse_spice_uri("spice+tls://host.example:5901");
    ASSERT_TRUE(t) << t.message();
    EXPECT_EQ(t->port, 0);
    EXPECT_EQ(t->tls_port, 5901);
}

TEST(SpiceUri, Errors) {
    EXPECT_FALSE(parse_spice_uri("vnc://host:5900"));
    EXPECT_FALSE(parse_spice_uri("spice://host"));        // no port
    EXPECT_FALSE(parse_spice_uri("spice://host:70000"));  // out of range
    EXPECT_FALSE(parse_spice_uri("spice://host:59x0"));
    EXPECT_FALSE(parse_spice_uri("spice://:5900"));      // no host
    EXPECT_FALSE(parse_spice_uri("spice://[::1:5900"));  // unclosed bracket
    auto bad = parse_spice_uri("spice://h:1?port=0&password=topsecret");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.message().find("topsecret"), std::string::npos);
}

TEST(VvFile, AllKeys) {
    auto t = parse_vv_text(
        "# a comment\n"
        "[other]\nhost=wrong\n"
        "[virt-viewer]\n"
        "type=spice\n"
        "host=10.0.0.7\n"
        "port=5900\n"
        "tls-port=5901\n"
        "password=pa ss\n"
        "ca=-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n\n"
        "host-subject=C=XX,L=city,O=org,CN=host\n"
        "fullscreen=1\n"
        "title=My VM\n"
        "delete-this-file=1\n");
    ASSERT_TRUE(t) << t.message();
    EXPECT_EQ(t->host, "10.0.0.7");
    EXPECT_EQ(t->port, 5900);
    EXPECT_EQ(t->tls_port, 5901);
    EXPECT_EQ(t->password.value_or(""), "pa ss");
    EXPECT_EQ(t->ca, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    EXPECT_EQ(t->host_subject, "C=XX,L=city,O=org,CN=host");
    EXPECT_TRUE(t->fullscreen);
    EXPECT_EQ(t->title, "My VM");
    EXPECT_TRUE(t->delete_this_file);
}

TEST(VvFile, CrLfAndNoTlsPort) {
    auto t = parse_vv_text(
        "[virt-viewer]\r\ntype=spice\r\nhost=h\r\nport=5905\r\ntls-port=-1\r\n"
        "fullscreen=0\r\n");
    ASSERT_TRUE(t) << t.message();
    EXPECT_EQ(t->port, 5905);
    EXPECT_EQ(t->tls_port, 0);
    EXPECT_FALSE(t->fullscreen);
}

TEST(VvFile, Errors) {
    EXPECT_FALSE(parse_vv_text("type=spice\nhost=h\nport=1\n"));  // no group
    EXPECT_FALSE(parse_vv_text("[virt-viewer]\ntype=vnc\nhost=h\nport=5900\n"));
    EXPECT_FALSE(parse_vv_text("[virt-viewer]\ntype=spice\nport=5900\n"));  // no host
    EXPECT_FALSE(parse_vv_text("[virt-viewer]\ntype=spice\nhost=h\n"));     // no port
}

TEST(ViewerArgs, SpicecFlags) {
    auto o = parse({"-h", "10.1.2.3", "-p", "5910", "-w", "secret", "-f", "-t", "T"});
    ASSERT_TRUE(o) << o.message();
    EXPECT_EQ(o->target.host, "10.1.2.3");
    EXPECT_EQ(o->target.port, 5910);
    EXPECT_EQ(o->target.password.value_or(""), "secret");
    EXPECT_TRUE(o->target.fullscreen);
    EXPECT_EQ(o->target.title, "T");
    ASSERT_EQ(o->warnings.size(), 1u);
    EXPECT_NE(o->warnings[0].find("--password-file"), std::string::npos);
    EXPECT_NE(o->warnings[0].find("SPICEDESK_PASSWORD"), std::string::npos);
    EXPECT_EQ(o->warnings[0].find("secret"), std::string::npos);
}

TEST(ViewerArgs, HelpIsOnlyLongAndDashHIsHost) {
    auto o = parse({"--help"});
    ASSERT_TRUE(o);
    EXPECT_TRUE(o->help);
    auto h = parse({"-h"});
    EXPECT_FALSE(h);  // -h needs a host
    EXPECT_NE(h.message().find("-h"), std::string::npos);
}

TEST(ViewerArgs, LongFormsAndEquals) {
    auto o =
        parse({"--host=example", "--port", "5900", "--tls-port=5901", "--ca-file", "ca.pem",
               "--host-subject", "CN=x", "--screenshot", "out.png", "--full-screen", "--title=VM"});
    ASSERT_TRUE(o) << o.message();
    EXPECT_EQ(o->target.host, "example");
    EXPECT_EQ(o->target.tls_port, 5901);
    EXPECT_EQ(o->target.ca_file, "ca.pem");
    EXPECT_EQ(o->target.host_subject, "CN=x");
    EXPECT_EQ(o->screenshot, "out.png");
    EXPECT_TRUE(o->target.fullscreen);
    EXPECT_TRUE(o->warnings.empty());
    auto s = parse({"-h", "x", "-s", "5999"});
    ASSERT_TRUE(s) << s.message();
    EXPECT_EQ(s->target.tls_port, 5999);
    EXPECT_EQ(s->target.port, 0);
}

TEST(ViewerArgs, PasswordSources) {
    g_files["pw"] = "frompfile\nsecond line\n";
    auto f = parse({"-h", "h", "-p", "1", "--password-file", "pw"}, "fromenv");
    ASSERT_TRUE(f) << f.message();
    EXPECT_EQ(f->target.password.value_or(""), "frompfile");
    EXPECT_TRUE(f->warnings.empty());
    auto e = parse({"-h", "h", "-p", "1"}, "fromenv");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->target.password.value_or(""), "fromenv");
    auto u = parse({"spice://h:1?password=fromuri"}, "fromenv");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->target.password.value_or(""), "fromuri");
    auto w = parse({"spice://h:1?password=fromuri", "-w", "fromargv"});
    ASSERT_TRUE(w);
    EXPECT_EQ(w->target.password.value_or(""), "fromargv");
    auto none = parse({"-h", "h", "-p", "1"});
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->target.password);
    auto missing = parse({"-h", "h", "-p", "1", "--password-file", "nope"});
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.message().find("nope"), std::string::npos);
}

TEST(ViewerArgs, UriAndVvFile) {
    auto u = parse({"spice://127.0.0.1:5930?tls-port=5931", "--title", "X"});
    ASSERT_TRUE(u) << u.message();
    EXPECT_EQ(u->target.port, 5930);
    EXPECT_EQ(u->target.tls_port, 5931);
    EXPECT_EQ(u->target.title, "X");
    g_files["vm.vv"] =
        "[virt-viewer]\ntype=spice\nhost=10.0.0.1\nport=5900\npassword=vvpw\n"
        "title=From file\nfullscreen=1\n";
    auto v = parse({"vm.vv"});
    ASSERT_TRUE(v) << v.message();
    EXPECT_EQ(v->vv_file, "vm.vv");
    EXPECT_EQ(v->target.host, "10.0.0.1");
    EXPECT_EQ(v->target.password.value_or(""), "vvpw");
    EXPECT_EQ(v->target.title, "From file");
    EXPECT_TRUE(v->target.fullscreen);
    auto over = parse({"vm.vv", "-p", "5999"});  // flags override the file
    ASSERT_TRUE(over);
    EXPECT_EQ(over->target.port, 5999);
}

TEST(ViewerArgs, Errors) {
    EXPECT_FALSE(parse({}));           // nothing to connect to
    EXPECT_FALSE(parse({"-h", "h"}));  // no port
    EXPECT_FALSE(parse({"-p", "0"}));  // bad port
    EXPECT_FALSE(parse({"-p", "abc"}));
    EXPECT_FALSE(parse({"--bogus"}));
    EXPECT_FALSE(parse({"vnc://h:5900"}));
    EXPECT_FALSE(parse({"missing.vv"}));
    EXPECT_FALSE(parse({"spice://h:1", "spice://h:2"}));
    auto p = parse({"-p", "5900"});  // a port alone: this machine
    ASSERT_TRUE(p);
    EXPECT_EQ(p->target.host, "127.0.0.1");
}
