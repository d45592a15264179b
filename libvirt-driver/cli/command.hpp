#pragma once

// spicedesk-cli's subcommands: each one a name, its options, its help and a function.

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "libvirt-driver/cli/options.hpp"
#include "libvirt-driver/connection/connection.hpp"

namespace spicedesk::virt::cli {

// Exit codes: 0 done, 1 the operation failed, 2 the command line is wrong.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

struct Command {
    std::string name;
    std::string usage;  // after "spicedesk-cli NAME"
    std::string summary;
    std::vector<OptionSpec> options;  // --connect and --help are added to every command
    int (*run)(const ParsedOptions& options) = nullptr;
};

std::vector<Command> lifecycle_commands();
std::vector<Command> xml_commands();
std::vector<Command> display_commands();
Command install_command();

// Opens --connect, or the default connection; prints the reason and returns nothing on failure.
Result<Connection> open_connection(const ParsedOptions& options);

// The single DOMAIN argument of a command, or an error naming what is missing.
Result<std::string> domain_argument(const ParsedOptions& options);

// What most commands act on: an open connection and the DOMAIN argument.
struct DomainTarget {
    Connection connection;
    std::string name;
};

// Opens the target; on failure prints why and sets `failure` to the exit code.
std::optional<DomainTarget> open_target(const ParsedOptions& options, int& failure);

// Prints "spicedesk-cli: MESSAGE" on stderr and returns `code`.
int fail(const std::string& message, int code = kExitFailed);

// Reads a whole file; the error says which file and why.
Result<std::string> read_text_file(const std::string& path);

}  // namespace spicedesk::virt::cli
