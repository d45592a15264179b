#include "libvirt-driver/cli/install_plan.hpp"

#include <gtest/gtest.h>

namespace spicedesk::virt::cli {
namespace {

Result<std::string> no_files(const std::string& path) {
    return make_error("no file " + path);
}
Result<std::string> password_file(const std::string&) {
    return std::string("from-file\n");
}

Result<InstallPlan> plan(const std::vector<std::string>& args,
                         Result<std::string> (*read)(const std::string&) = no_files) {
    auto options = parse_options(args, install_options());
    if (!options) {
        return options.error();
    }
    return plan_install(*options, read);
}

TEST(InstallPlan, AcceptsTheSeedLine) {
    auto result = plan({"-n",         "windows",
                        "-r",         "2048",
                        "-f",         "/var/kvm/images/windows.img",
                        "-s",         "50",
                        "--vcpus=2",  "--os-type",
                        "windows",    "--os-variant=win7",
                        "--network",  "bridge=br0",
                        "--graphics", "spice,port=5930,listen=192.168.0.13,password=password",
                        "--video",    "qxl",
                        "--channel",  "spicevmc",
                        "--cdrom",    "/dev/cdrom"});
    ASSERT_TRUE(result) << result.message();
    const DomainSpec& spec = result->spec;
    EXPECT_EQ(spec.name, "windows");
    EXPECT_EQ(spec.memory_mib, 2048u);
    EXPECT_EQ(spec.vcpus, 2u);
    EXPECT_EQ(spec.os_family, OsFamily::kWindows);
    EXPECT_EQ(spec.os_variant, "win7");
    ASSERT_EQ(spec.disks.size(), 2u);
    EXPECT_EQ(spec.disks[0].path, "/var/kvm/images/windows.img");
    EXPECT_EQ(spec.disks[1].device, "cdrom");
    EXPECT_EQ(spec.disks[1].path, "/dev/cdrom");
    ASSERT_EQ(result->new_disks.size(), 1u);
    EXPECT_EQ(result->new_disks[0].size_gib, 50u);
    ASSERT_EQ(spec.networks.size(), 1u);
    EXPECT_EQ(spec.networks[0].kind, "bridge");
    EXPECT_EQ(spec.networks[0].source, "br0");
    EXPECT_EQ(spec.graphics.type, "spice");
    EXPECT_EQ(spec.graphics.port, 5930);
    EXPECT_EQ(spec.graphics.listen, "192.168.0.13");
    EXPECT_EQ(spec.graphics.password, "password");
    EXPECT_EQ(spec.video_model, "qxl");
    EXPECT_TRUE(spec.spicevmc_channel);
    EXPECT_EQ(spec.boot_order, (std::vector<std::string>{"cdrom", "hd"}));
    EXPECT_TRUE(result->start);
    ASSERT_EQ(result->warnings.size(), 1u);
    EXPECT_NE(result->warnings[0].find("visible to other users"), std::string::npos);
    EXPECT_EQ(result->warnings[0].find("password=password"), std::string::npos);
}

TEST(InstallPlan, PasswordFileIsReadWithoutWarning) {
    auto result = plan({"-n", "a", "--graphics", "spice,password-file=/run/pw"}, password_file);
    ASSERT_TRUE(result) << result.message();
    EXPECT_EQ(result->spec.graphics.password, "from-file");
    EXPECT_TRUE(result->warnings.empty());
}

TEST(InstallPlan, DiskOptionsAndPrintOnly) {
    auto result =
        plan({"--name", "d", "--disk", "path=a.qcow2,size=8,bus=sata", "--disk", "none",
              "--network", "user", "--print-xml", "--graphics", "vnc", "--sound", "ac97"});
    ASSERT_TRUE(result) << result.message();
    ASSERT_EQ(result->spec.disks.size(), 1u);
    EXPECT_EQ(result->spec.disks[0].bus, "sata");
    EXPECT_EQ(result->new_disks.at(0).size_gib, 8u);
    EXPECT_EQ(result->spec.networks.at(0).kind, "user");
    EXPECT_EQ(result->spec.graphics.type, "vnc");
    EXPECT_EQ(result->spec.graphics.port, -1);
    EXPECT_EQ(result->spec.sound_model, "ac97");
    EXPECT_TRUE(result->print_only);
    EXPECT_FALSE(result->start);
}

TEST(InstallPlan, RefusesBadInputNamingTheOption) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"-r", "512"}, "--name is required"},
        {{"-n", "x", "--vcpus", "two"}, "--vcpus: 'two' is not a whole number"},
        {{"-n", "x", "--vcpus", "0"}, "--vcpus"},
        {{"-n", "x", "-r", "16"}, "too little"},
        {{"-n", "x", "--graphics", "spice,port=80"}, "port 80 is outside 5900"},
        {{"-n", "x", "--graphics", "rdp"}, "'rdp' is not spice, vnc or none"},
        {{"-n", "x", "--graphics", "spice,password-file=/nope"}, "cannot read the password file"},
        {{"-n", "x", "--network", "tap=1"}, "--network: unknown setting 'tap'"},
        {{"-n", "x", "--disk", "size=3"}, "--disk: needs path="},
        {{"-n", "x", "--channel", "pty"}, "only spicevmc"},
        {{"-n", "x", "--virt-type", "xen"}, "not qemu or kvm"},
        {{"-n", "x", "-s", "3"}, "--file-size needs --file"},
        {{"-n", "x", "--frobnicate"}, "unknown option '--frobnicate'"},
        {{"-n"}, "needs a value"},
    };
    for (const auto& [args, reason] : cases) {
        auto result = plan(args);
        ASSERT_FALSE(result) << args.back();
        EXPECT_NE(result.message().find(reason), std::string::npos)
            << "got: " << result.message() << "\nwanted: " << reason;
    }
}

TEST(Suboptions, SplitLikeVirtInstall) {
    const auto items = split_suboptions("spice,port=5930,listen=1.2.3.4,,gl");
    ASSERT_EQ(items.size(), 4u);
    EXPECT_EQ(items[0], (std::pair<std::string, std::string>{"", "spice"}));
    EXPECT_EQ(items[1], (std::pair<std::string, std::string>{"port", "5930"}));
    EXPECT_EQ(items[2], (std::pair<std::string, std::string>{"listen", "1.2.3.4"}));
    EXPECT_EQ(items[3], (std::pair<std::string, std::string>{"gl", ""}));
}

TEST(Options, LongShortInlineAndPositional) {
    const std::vector<OptionSpec> specs = {{"connect", 'c', true, ""}, {"stats", '\0', false, ""}};
    auto parsed = parse_options(
        {"-c", "test:///default", "dom", "--stats", "--connect=qemu:///x", "--", "--stats"}, specs);
    ASSERT_TRUE(parsed) << parsed.message();
    EXPECT_EQ(parsed->value("connect"), "qemu:///x");
    EXPECT_EQ(parsed->values("connect").size(), 2u);
    EXPECT_TRUE(parsed->has("stats"));
    EXPECT_EQ(parsed->positional(), (std::vector<std::string>{"dom", "--stats"}));
    EXPECT_FALSE(parse_options({"--stats=1"}, specs));
}

}  // namespace
}  // namespace spicedesk::virt::cli
