// list, start, shutdown, destroy, suspend, resume, reboot, undefine.

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "libvirt-driver/cli/command.hpp"
#include "libvirt-driver/connection/cpu_usage.hpp"

namespace spicedesk::virt::cli {
namespace {

int run_list(const ParsedOptions& options) {
    if (!options.positional().empty()) {
        return fail("list takes no arguments", kExitUsage);
    }
    auto connection = open_connection(options);
    if (!connection) {
        return fail(connection.message());
    }
    auto domains = connection->list_domains();
    if (!domains) {
        return fail(domains.message());
    }
    std::vector<double> cpu(domains->size(), 0.0);
    const bool stats = options.has("stats");
    if (stats) {
        // CPU use needs two samples of the cumulative CPU time.
        CpuUsage usage;
        for (const auto& domain : *domains) {
            (void)usage.sample(domain.uuid, domain.cpu_time_ns, domain.vcpus);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        for (size_t i = 0; i < domains->size(); ++i) {
            auto again = connection->domain_info((*domains)[i].name);
            if (again) {
                cpu[i] = usage.sample(again->uuid, again->cpu_time_ns, again->vcpus);
            }
        }
    }
    std::printf("%s\n", connection->uri().c_str());
    std::string header =
        fmt::format(" {:<5} {:<30} {:<12} {:>10}", "Id", "Name", "State", "Memory");
    if (stats) {
        header += fmt::format(" {:>6}", "CPU");
    }
    std::printf("%s\n%s\n", header.c_str(), std::string(header.size() + 1, '-').c_str());
    for (size_t i = 0; i < domains->size(); ++i) {
        const auto& domain = (*domains)[i];
        std::string line = fmt::format(
            " {:<5} {:<30} {:<12} {:>6} MiB", domain.id >= 0 ? std::to_string(domain.id) : "-",
            domain.name, state_name(domain.state), domain.memory_kib / 1024);
        if (stats) {
            line += fmt::format(" {:>5.1f}%", cpu[i]);
        }
        std::printf("%s\n", line.c_str());
    }
    return kExitOk;
}

// The shared shape of the single-domain lifecycle commands.
template <Status (Connection::*kAction)(const std::string&), const char* kDone>
int run_lifecycle(const ParsedOptions& options) {
    int failure = kExitOk;
    auto target = open_target(options, failure);
    if (!target) {
        return failure;
    }
    auto& [connection, name] = *target;
    if (auto status = (connection.*kAction)(name); !status) {
        return fail(status.message());
    }
    std::printf("Domain '%s' %s\n", name.c_str(), kDone);
    return kExitOk;
}

constexpr char kStarted[] = "started";
constexpr char kShuttingDown[] = "is being shut down";
constexpr char kDestroyed[] = "destroyed";
constexpr char kSuspended[] = "suspended";
constexpr char kResumed[] = "resumed";
constexpr char kRebooting[] = "is being rebooted";
constexpr char kUndefined[] = "has been undefined";

}  // namespace

std::vector<Command> lifecycle_commands() {
    return {
        {"list",
         "[--stats]",
         "list every domain with its state and memory",
         {{"stats", '\0', false, "also sample CPU use over half a second"}},
         run_list},
        {"start",
         "DOMAIN",
         "start a defined domain",
         {},
         run_lifecycle<&Connection::start, kStarted>},
        {"shutdown",
         "DOMAIN",
         "ask the guest to shut down (ACPI)",
         {},
         run_lifecycle<&Connection::shutdown, kShuttingDown>},
        {"destroy",
         "DOMAIN",
         "force the domain off at once",
         {},
         run_lifecycle<&Connection::destroy, kDestroyed>},
        {"suspend",
         "DOMAIN",
         "pause a running domain",
         {},
         run_lifecycle<&Connection::suspend, kSuspended>},
        {"resume",
         "DOMAIN",
         "resume a paused domain",
         {},
         run_lifecycle<&Connection::resume, kResumed>},
        {"reboot",
         "DOMAIN",
         "ask the guest to reboot",
         {},
         run_lifecycle<&Connection::reboot, kRebooting>},
        {"undefine",
         "DOMAIN",
         "remove the domain's definition (its disks are kept)",
         {},
         run_lifecycle<&Connection::undefine, kUndefined>},
    };
}

}  // namespace spicedesk::virt::cli
