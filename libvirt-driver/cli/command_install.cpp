// install: virt-install's job for spicedesk — build the domain from a template and the options,
// create its disks, define it and start it.

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>

#include "libvirt-driver/cli/command.hpp"
#include "libvirt-driver/cli/install_plan.hpp"
#include "libvirt-driver/connection/definition.hpp"
#include "libvirt-driver/connection/disk_storage.hpp"
#include "libvirt-driver/domain/validate.hpp"

namespace spicedesk::virt::cli {
namespace {

namespace fs = std::filesystem;

// Fits the plan to what the connection has: relative image paths go to its image folder, and
// "NAT" (network=default) becomes user-mode networking where there is no network driver.
Status adapt_to_connection(InstallPlan& plan, const Connection& connection) {
    const fs::path folder = default_image_folder(connection);
    auto absolute = [&](const std::string& path) {
        return fs::path(path).is_relative() ? (folder / path).string() : path;
    };
    for (auto& disk : plan.spec.disks) {
        if (disk.device != "cdrom") {
            disk.path = absolute(disk.path);
        }
    }
    for (auto& disk : plan.new_disks) {
        disk.path = absolute(disk.path);
    }
    if (!connection.supports_networks()) {
        for (auto& network : plan.spec.networks) {
            if (network.kind == "network") {
                plan.warnings.push_back(fmt::format(
                    "{} has no virtual networks; network '{}' becomes user-mode networking (NAT)",
                    connection.uri(), network.source));
                network.kind = "user";
                network.source.clear();
            }
        }
    }
    if (plan.spec.domain_type == "kvm" && !connection.has_kvm()) {
        return make_error(fmt::format("--virt-type kvm: {} offers no KVM on this host; use qemu",
                                      connection.uri()));
    }
    return {};
}

int run_install(const ParsedOptions& options) {
    if (!options.positional().empty()) {
        return fail(fmt::format("install: unexpected argument '{}'", options.positional().front()),
                    kExitUsage);
    }
    auto plan = plan_install(options, read_text_file);
    if (!plan) {
        return fail(plan.message(), kExitUsage);
    }
    auto connection = open_connection(options);
    if (!connection) {
        return fail(connection.message());
    }
    if (auto adapted = adapt_to_connection(*plan, *connection); !adapted) {
        return fail(adapted.message(), kExitUsage);
    }
    for (const auto& warning : plan->warnings) {
        std::fprintf(stderr, "spicedesk-cli: warning: %s\n", warning.c_str());
    }
    auto domain = make_domain(plan->spec);
    if (!domain) {
        return fail(domain.message());
    }
    if (auto valid = validate(*domain); !valid) {
        return fail(
            fmt::format("the domain built from these options is not valid:\n{}", valid.message()));
    }
    if (plan->print_only) {
        std::fputs(domain->to_string().c_str(), stdout);
        return kExitOk;
    }
    if (auto existing = connection->domain_info(plan->spec.name); existing) {
        return fail(fmt::format("a domain named '{}' already exists on {}", plan->spec.name,
                                connection->uri()),
                    kExitUsage);
    }

    std::vector<fs::path> created;
    auto forget_created = [&] {
        for (const auto& path : created) {
            std::error_code ignored;
            fs::remove(path, ignored);
        }
    };
    for (const auto& disk : plan->new_disks) {
        auto made = create_disk(*connection, {disk.path, disk.size_gib, disk.format});
        if (!made) {
            forget_created();
            return fail(made.message());
        }
        std::printf("Created %s (%llu GiB, %s)\n", made->c_str(), disk.size_gib,
                    disk.format.c_str());
        created.push_back(*made);
    }
    auto defined = define_validated(*connection, *domain);
    if (!defined) {
        forget_created();
        return fail(defined.message());
    }
    std::printf("Domain '%s' defined on %s\n", defined->c_str(), connection->uri().c_str());
    if (plan->start) {
        if (auto started = connection->start(*defined); !started) {
            return fail(fmt::format("{} (the domain stays defined)", started.message()));
        }
        std::printf("Domain '%s' started\n", defined->c_str());
    }
    return kExitOk;
}

}  // namespace

Command install_command() {
    return {
        "install", "--name NAME [OPTIONS]",
        "create a domain the way virt-install does (the seed's flags work), define and start it",
        install_options(), run_install};
}

}  // namespace spicedesk::virt::cli
