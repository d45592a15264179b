// spicedesk-cli: the command-line face of libvirt-driver (virsh and virt-install for spicedesk).

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "libvirt-driver/cli/command.hpp"

namespace cli = spicedesk::virt::cli;

namespace {

std::vector<cli::Command> all_commands() {
    std::vector<cli::Command> commands = cli::lifecycle_commands();
    for (auto group : {cli::xml_commands(), cli::display_commands()}) {
        commands.insert(commands.end(), group.begin(), group.end());
    }
    commands.push_back(cli::install_command());
    for (auto& command : commands) {
        const bool has_connect =
            !command.options.empty() && command.options.front().name == "connect";
        if (!has_connect) {
            command.options.insert(
                command.options.begin(),
                {"connect", 'c', true, "libvirt URI (default: see spicedesk-cli --help)", "URI"});
            command.options.push_back({"help", 'h', false, "show this help"});
        }
    }
    return commands;
}

void print_overview(const std::vector<cli::Command>& commands) {
    std::string text =
        "Usage: spicedesk-cli [--connect URI] COMMAND [OPTIONS] [ARGS]\n\n"
        "Manages libvirt domains and their SPICE displays.\n\nCommands:\n";
    for (const auto& command : commands) {
        text += fmt::format("  {:<12} {}\n", command.name, command.summary);
    }
    text +=
        "\nDefault connection, first that applies: --connect URI or SPICEDESK_URI; qemu:///system "
        "when a\n"
        "libvirt daemon runs; qemu:///embed?root=$XDG_DATA_HOME/spicedesk/embed when QEMU is "
        "installed;\n"
        "test:///default.\n\n"
        "'spicedesk-cli COMMAND --help' describes a command.\n";
    std::fputs(text.c_str(), stdout);
}

}  // namespace

namespace {
int run(int argc, char** argv);
}  // namespace

// libvirt's embedded QEMU driver keeps threads of its own (e.g. reconnecting to running QEMUs)
// that outlive every call; running static destructors under them crashes in libvirt. Flush
// and leave without them, as a process that libvirt may lose at any time anyway.
int main(int argc, char** argv) {
    const int code = run(argc, argv);
    std::fflush(nullptr);
    std::_Exit(code);
}

namespace {

int run(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    const auto commands = all_commands();

    // A global --connect may stand before the command, as virsh accepts.
    std::vector<std::string> global;
    while (!args.empty() && args.front().rfind('-', 0) == 0) {
        global.push_back(args.front());
        args.erase(args.begin());
        if ((global.back() == "--connect" || global.back() == "-c") && !args.empty()) {
            global.push_back(args.front());
            args.erase(args.begin());
        }
    }
    for (const auto& option : global) {
        if (option == "--help" || option == "-h") {
            print_overview(commands);
            return cli::kExitOk;
        }
        if (option == "--version") {
            std::puts("spicedesk-cli " SPICEDESK_VERSION);
            return cli::kExitOk;
        }
    }
    if (args.empty()) {
        print_overview(commands);
        return cli::kExitUsage;
    }

    const std::string name = args.front();
    args.erase(args.begin());
    for (const auto& command : commands) {
        if (command.name != name) {
            continue;
        }
        args.insert(args.begin(), global.begin(), global.end());
        auto options = cli::parse_options(args, command.options);
        if (!options) {
            return cli::fail(fmt::format("{}: {}", name, options.message()), cli::kExitUsage);
        }
        if (options->has("help")) {
            std::fputs(cli::format_help("spicedesk-cli " + command.name + " " + command.usage,
                                        command.summary, command.options)
                           .c_str(),
                       stdout);
            return cli::kExitOk;
        }
        return command.run(*options);
    }
    return cli::fail(fmt::format("unknown command '{}' (see spicedesk-cli --help)", name),
                     cli::kExitUsage);
}

}  // namespace
