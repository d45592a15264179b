#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "libvirt-driver/cli/command.hpp"
#include "libvirt-driver/connection/default_uri.hpp"
#include "libvirt-driver/connection/event_loop.hpp"

namespace spicedesk::virt::cli {

Result<Connection> open_connection(const ParsedOptions& options) {
    const std::string uri = choose_default_uri(probe_host(options.value("connect")));
    // libvirt's callbacks (embedded QEMU driver, events) need a running loop; this program has
    // no GLib main loop of its own.
    run_event_loop_thread();
    return Connection::open(uri);
}

Result<std::string> domain_argument(const ParsedOptions& options) {
    const auto& args = options.positional();
    if (args.empty()) {
        return make_error("which domain? give its name");
    }
    if (args.size() > 1) {
        return make_error(fmt::format("one domain at a time; '{}' is extra", args[1]));
    }
    return args.front();
}

std::optional<DomainTarget> open_target(const ParsedOptions& options, int& failure) {
    auto name = domain_argument(options);
    if (!name) {
        failure = fail(name.message(), kExitUsage);
        return std::nullopt;
    }
    auto connection = open_connection(options);
    if (!connection) {
        failure = fail(connection.message());
        return std::nullopt;
    }
    return DomainTarget{std::move(connection).value(), std::move(name).value()};
}

int fail(const std::string& message, int code) {
    std::fprintf(stderr, "spicedesk-cli: %s\n", message.c_str());
    return code;
}

Result<std::string> read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error(fmt::format("cannot read {}", path));
    }
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

}  // namespace spicedesk::virt::cli
