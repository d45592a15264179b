#include "libvirt-driver/cli/install_plan.hpp"

#include <fmt/format.h>

#include <charconv>

namespace spicedesk::virt::cli {
namespace {

Result<unsigned long long> parse_number(std::string_view option, std::string_view text) {
    unsigned long long value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || ptr != end || text.empty()) {
        return make_error(fmt::format("--{}: '{}' is not a whole number", option, text));
    }
    return value;
}

Status add_disk_option(InstallPlan& plan, const std::string& text) {
    const auto items = split_suboptions(text);
    if (items.size() == 1 && items[0].first.empty() && items[0].second == "none") {
        return {};
    }
    DiskSpec disk;
    NewDisk created;
    for (const auto& [key, value] : items) {
        if (key.empty() || key == "path") {
            disk.path = value;
        } else if (key == "size") {
            auto size = parse_number("disk size", value);
            if (!size) {
                return size.error();
            }
            created.size_gib = *size;
        } else if (key == "format") {
            disk.format = value;
        } else if (key == "bus") {
            disk.bus = value;
        } else if (key == "device") {
            disk.device = value;
        } else if (key == "readonly" || key == "ro") {
            disk.readonly = value.empty() || value == "on" || value == "yes";
        } else {
            return make_error(fmt::format("--disk: unknown setting '{}'", key));
        }
    }
    if (disk.path.empty()) {
        return make_error("--disk: needs path=FILE");
    }
    if (created.size_gib > 0) {
        created.path = disk.path;
        created.format = disk.format;
        plan.new_disks.push_back(created);
    }
    plan.spec.disks.push_back(disk);
    return {};
}

Status add_network_option(InstallPlan& plan, const std::string& text) {
    NetworkSpec network;
    for (const auto& [key, value] : split_suboptions(text)) {
        if (key.empty() && (value == "none" || value == "user" || value == "default")) {
            network.kind = value == "default" ? "network" : value;
            network.source = value == "default" ? "default" : "";
        } else if (key == "bridge" || key == "network") {
            network.kind = key;
            network.source = value;
        } else if (key == "model" || key == "model.type") {
            network.model = value;
        } else if (key.empty()) {
            return make_error(
                fmt::format("--network: '{}' is not bridge=, network=, user or none", value));
        } else {
            return make_error(fmt::format("--network: unknown setting '{}'", key));
        }
    }
    if (network.kind.empty()) {
        return make_error("--network: say bridge=NAME, network=NAME, user or none");
    }
    if (network.kind != "none") {
        plan.spec.networks.push_back(network);
    }
    return {};
}

Status set_graphics_option(InstallPlan& plan, const std::string& text,
                           Result<std::string> (*read_file)(const std::string&)) {
    GraphicsSpec graphics;
    for (const auto& [key, value] : split_suboptions(text)) {
        if (key.empty()) {
            if (value != "spice" && value != "vnc" && value != "none") {
                return make_error(
                    fmt::format("--graphics: type '{}' is not spice, vnc or none", value));
            }
            graphics.type = value;
        } else if (key == "port") {
            if (value == "-1" || value == "auto") {
                graphics.port = -1;
                continue;
            }
            auto port = parse_number("graphics port", value);
            if (!port) {
                return port.error();
            }
            if (*port < 5900 || *port > 65535) {
                return make_error(fmt::format(
                    "--graphics: port {} is outside 5900–65535 (or -1 for automatic)", *port));
            }
            graphics.port = static_cast<int>(*port);
        } else if (key == "listen") {
            graphics.listen = value;
        } else if (key == "password" || key == "passwd") {
            graphics.password = value;
            plan.warnings.push_back(
                "a password given on the command line is visible to other users of this host; "
                "use --graphics ...,password-file=FILE instead");
        } else if (key == "password-file") {
            auto content = read_file(value);
            if (!content) {
                return make_error(fmt::format("--graphics: cannot read the password file: {}",
                                              content.message()));
            }
            std::string password = std::move(content).value();
            while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) {
                password.pop_back();
            }
            graphics.password = password;
        } else if (key == "tlsport" || key == "tls-port") {
            return make_error(
                "--graphics: tlsport needs spice TLS enabled in qemu.conf; not supported by "
                "install");
        } else {
            return make_error(fmt::format("--graphics: unknown setting '{}'", key));
        }
    }
    plan.spec.graphics = graphics;
    return {};
}

std::string first_value(std::string_view option, const std::string& text) {
    for (const auto& [key, value] : split_suboptions(text)) {
        if (key.empty() || key == "model" || key == "model.type" || key == option) {
            return value;
        }
    }
    return text;
}

}  // namespace

const std::vector<OptionSpec>& install_options() {
    static const std::vector<OptionSpec> specs = {
        {"connect", 'c', true, "libvirt URI (default: see spicedesk-cli --help)", "URI"},
        {"name", 'n', true, "name of the new domain", "NAME"},
        {"memory", '\0', true, "memory in MiB", "MIB"},
        {"ram", 'r', true, "memory in MiB (virt-install's old spelling)", "MIB"},
        {"vcpus", '\0', true, "number of virtual CPUs", "N"},
        {"disk", '\0', true,
         "disk: path=FILE[,size=GIB][,format=qcow2][,bus=virtio][,device=cdrom]", "OPTS"},
        {"file", 'f', true, "disk image path (old spelling of --disk path=)", "FILE"},
        {"file-size", 's', true, "size in GiB of the --file image to create", "GIB"},
        {"cdrom", '\0', true, "install from this ISO file or CD-ROM device", "PATH"},
        {"import", '\0', false, "boot from the existing disk"},
        {"pxe", '\0', false, "boot from the network"},
        {"os-type", '\0', true, "linux or windows", "TYPE"},
        {"os-variant", '\0', true, "e.g. win7, win10, win11, rhel6, debian12", "VARIANT"},
        {"network", 'w', true, "bridge=NAME | network=NAME | user | none[,model=virtio]", "OPTS"},
        {"graphics", '\0', true, "spice|vnc|none[,port=N|-1][,listen=ADDR][,password-file=FILE]",
         "OPTS"},
        {"video", '\0', true, "video model: qxl, vga, virtio, cirrus", "MODEL"},
        {"channel", '\0', true, "spicevmc (the SPICE agent channel)", "TYPE"},
        {"sound", '\0', true, "sound model: ac97, ich6, ich9 or none", "MODEL"},
        {"virt-type", '\0', true, "qemu (TCG) or kvm; default qemu", "TYPE"},
        {"boot", '\0', true, "boot order, e.g. cdrom,hd", "ORDER"},
        {"print-xml", '\0', false, "print the domain XML and stop: define nothing, create no disk"},
        {"noreboot", '\0', false, "define and create disks but do not start the domain"},
        {"noautoconsole", '\0', false, "accepted for compatibility; no console is ever attached"},
        {"help", 'h', false, "show this help"},
    };
    return specs;
}

Result<InstallPlan> plan_install(const ParsedOptions& options,
                                 Result<std::string> (*read_file)(const std::string&)) {
    InstallPlan plan;
    DomainSpec& spec = plan.spec;

    auto name = options.value("name");
    if (!name || name->empty()) {
        return make_error("--name is required");
    }
    spec.name = *name;

    for (const char* option : {"ram", "memory"}) {
        if (auto text = options.value(option)) {
            auto mib = parse_number(option, first_value("memory", *text));
            if (!mib) {
                return mib.error();
            }
            if (*mib < 64) {
                return make_error(fmt::format(
                    "--{}: {} MiB is too little for a guest (at least 64)", option, *mib));
            }
            spec.memory_mib = static_cast<unsigned>(*mib);
        }
    }
    if (auto text = options.value("vcpus")) {
        auto vcpus = parse_number("vcpus", first_value("vcpus", *text));
        if (!vcpus) {
            return vcpus.error();
        }
        if (*vcpus == 0 || *vcpus > 4096) {
            return make_error(fmt::format("--vcpus: {} is not a usable number of CPUs", *vcpus));
        }
        spec.vcpus = static_cast<unsigned>(*vcpus);
    }

    const std::string variant = options.value("os-variant").value_or("");
    spec.os_variant = variant;
    spec.os_family = os_family_for_variant(variant);
    if (auto os_type = options.value("os-type"); os_type && *os_type == "windows") {
        spec.os_family = OsFamily::kWindows;
    }

    if (auto type = options.value("virt-type")) {
        if (*type != "qemu" && *type != "kvm") {
            return make_error(fmt::format("--virt-type: '{}' is not qemu or kvm", *type));
        }
        spec.domain_type = *type;
    }

    if (auto file = options.value("file")) {
        std::string text = "path=" + *file;
        if (auto size = options.value("file-size")) {
            text += ",size=" + *size;
        }
        if (auto added = add_disk_option(plan, text); !added) {
            return added.error();
        }
    } else if (options.has("file-size")) {
        return make_error("--file-size needs --file PATH");
    }
    for (const auto& text : options.values("disk")) {
        if (auto added = add_disk_option(plan, text); !added) {
            return added.error();
        }
    }
    if (auto cdrom = options.value("cdrom")) {
        DiskSpec disk;
        disk.path = *cdrom;
        disk.device = "cdrom";
        disk.format = "raw";
        disk.readonly = true;
        spec.disks.push_back(disk);
        spec.boot_order = {"cdrom", "hd"};
    }
    if (options.has("pxe")) {
        spec.boot_order = {"network", "hd"};
    }
    if (options.has("import")) {
        spec.boot_order = {"hd"};
    }
    if (auto boot = options.value("boot")) {
        spec.boot_order.clear();
        for (const auto& [key, value] : split_suboptions(*boot)) {
            const std::string& device = key.empty() ? value : key;
            if (device != "cdrom" && device != "hd" && device != "network" && device != "fd") {
                return make_error(
                    fmt::format("--boot: '{}' is not cdrom, hd, network or fd", device));
            }
            spec.boot_order.push_back(device);
        }
    }

    for (const auto& text : options.values("network")) {
        if (auto added = add_network_option(plan, text); !added) {
            return added.error();
        }
    }
    if (auto graphics = options.value("graphics")) {
        if (auto set = set_graphics_option(plan, *graphics, read_file); !set) {
            return set.error();
        }
    }
    if (auto video = options.value("video")) {
        spec.video_model = first_value("model", *video);
    }
    for (const auto& channel : options.values("channel")) {
        if (first_value("type", channel) != "spicevmc") {
            return make_error(
                fmt::format("--channel: only spicevmc is supported, not '{}'", channel));
        }
        spec.spicevmc_channel = true;
    }
    if (auto sound = options.value("sound")) {
        spec.sound_model = first_value("model", *sound);
    }

    plan.print_only = options.has("print-xml");
    plan.start = !plan.print_only && !options.has("noreboot");
    return plan;
}

}  // namespace spicedesk::virt::cli
