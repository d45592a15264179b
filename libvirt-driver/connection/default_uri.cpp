#include "libvirt-driver/connection/default_uri.hpp"

#include <fmt/format.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <system_error>

namespace spicedesk::virt {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDaemonSockets[] = {
    "/run/libvirt/libvirt-sock",
    "/run/libvirt/virtqemud-sock",
    "/var/run/libvirt/libvirt-sock",
};

bool executable_on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
    size_t start = 0;
    while (start <= dirs.size()) {
        size_t end = dirs.find(':', start);
        if (end == std::string::npos) {
            end = dirs.size();
        }
        const fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
        if (::access(candidate.c_str(), X_OK) == 0) {
            return true;
        }
        start = end + 1;
    }
    return false;
}

fs::path default_data_home() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg == '/') {
        return xdg;
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        return fs::path(home) / ".local" / "share";
    }
    if (const passwd* entry = getpwuid(getuid()); entry != nullptr) {
        return fs::path(entry->pw_dir) / ".local" / "share";
    }
    return "/tmp";
}

std::string user_name() {
    const passwd* entry = getpwuid(getuid());
    return entry != nullptr ? entry->pw_name : "root";
}

std::string group_name() {
    const group* entry = getgrgid(getgid());
    return entry != nullptr ? entry->gr_name : "root";
}

}  // namespace

UriProbe probe_host(std::optional<std::string> requested) {
    UriProbe probe;
    probe.requested = std::move(requested);
    if (!probe.requested) {
        if (const char* env = std::getenv("SPICEDESK_URI"); env != nullptr && *env != '\0') {
            probe.requested = env;
        }
    }
    std::error_code ignored;
    for (const char* socket : kDaemonSockets) {
        if (fs::is_socket(socket, ignored)) {
            probe.daemon_socket = true;
        }
    }
    probe.qemu_installed = executable_on_path("qemu-system-x86_64");
    probe.data_home = default_data_home();
    return probe;
}

std::string choose_default_uri(const UriProbe& probe) {
    if (probe.requested) {
        return *probe.requested;
    }
    if (probe.daemon_socket) {
        return "qemu:///system";
    }
    if (probe.qemu_installed) {
        return embed_uri(embed_root(probe.data_home));
    }
    return "test:///default";
}

fs::path embed_root(const fs::path& data_home) {
    return data_home / "spicedesk" / "embed";
}

std::string embed_uri(const fs::path& root) {
    return "qemu:///embed?root=" + root.string();
}

std::optional<fs::path> embed_root_of(const std::string& uri) {
    constexpr std::string_view kPrefix = "qemu:///embed?";
    if (uri.rfind(kPrefix, 0) != 0) {
        return std::nullopt;
    }
    const std::string query = uri.substr(kPrefix.size());
    size_t start = 0;
    while (start < query.size()) {
        size_t end = query.find('&', start);
        if (end == std::string::npos) {
            end = query.size();
        }
        const std::string item = query.substr(start, end - start);
        if (item.rfind("root=", 0) == 0) {
            return fs::path(item.substr(5));
        }
        start = end + 1;
    }
    return std::nullopt;
}

Status prepare_embed_root(const fs::path& root) {
    std::error_code error;
    fs::create_directories(root / "etc", error);
    if (error) {
        return make_error(fmt::format("cannot create the embedded libvirt root {}: {}",
                                      root.string(), error.message()));
    }
    fs::create_directories(root / "images", error);
    const fs::path config = root / "etc" / "qemu.conf";
    constexpr std::string_view kHeader =
        "# Written by spicedesk for libvirt's embedded QEMU driver.";
    if (fs::exists(config, error)) {
        std::ifstream existing(config);
        std::string first_line;
        std::getline(existing, first_line);
        if (first_line != kHeader) {
            return {};  // the user's own configuration
        }
    }
    std::ofstream out(config);
    out << kHeader << "\n"
        << "# QEMU runs as the user of the app, so it can read this root; its output goes to a\n"
        << "# file because no virtlogd runs for an embedded driver.\n"
        << "security_driver = \"none\"\n"
        << "stdio_handler = \"file\"\n"
        << "user = \"" << user_name() << "\"\n"
        << "group = \"" << group_name() << "\"\n";
    out.close();
    if (!out) {
        return make_error(fmt::format("cannot write {}", config.string()));
    }
    return {};
}

}  // namespace spicedesk::virt
