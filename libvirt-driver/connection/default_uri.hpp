#pragma once

// Which libvirt connection spicedesk opens when the user names none (ARCHITECTURE.md,
// "Connections"), and the preparation the embedded QEMU driver's root needs.

#include <filesystem>
#include <optional>
#include <string>

#include "common/result.hpp"

namespace spicedesk::virt {

struct UriProbe {
    std::optional<std::string> requested;  // --connect, else SPICEDESK_URI
    bool daemon_socket = false;            // a libvirt daemon listens on this host
    bool qemu_installed = false;
    std::filesystem::path data_home;  // $XDG_DATA_HOME or ~/.local/share
};

// Looks at this host: environment, daemon sockets, QEMU binaries.
UriProbe probe_host(std::optional<std::string> requested);

// First that applies: requested; qemu:///system with a daemon; qemu:///embed under the data
// home when QEMU is installed; test:///default.
std::string choose_default_uri(const UriProbe& probe);

std::filesystem::path embed_root(const std::filesystem::path& data_home);
std::string embed_uri(const std::filesystem::path& root);

// The embed root's path when `uri` is a qemu:///embed URI.
std::optional<std::filesystem::path> embed_root_of(const std::string& uri);

// Creates the embed root and its etc/qemu.conf: no security driver, and QEMU running as the
// user of this process (otherwise QEMU runs as libvirt-qemu and cannot read a root under
// /root), and QEMU's output to a file (no virtlogd runs). A qemu.conf that spicedesk did not
// write is left alone.
Status prepare_embed_root(const std::filesystem::path& root);

}  // namespace spicedesk::virt
