// define, dumpxml, edit.

#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "libvirt-driver/cli/command.hpp"
#include "libvirt-driver/connection/definition.hpp"

extern char** environ;  // NOLINT: posix_spawn's environment

namespace spicedesk::virt::cli {
namespace {

int run_define(const ParsedOptions& options) {
    const auto& args = options.positional();
    if (args.size() != 1) {
        return fail("define needs exactly one FILE with the domain XML", kExitUsage);
    }
    auto text = read_text_file(args.front());
    if (!text) {
        return fail(text.message());
    }
    auto domain = DomainXml::parse(*text);
    if (!domain) {
        return fail(fmt::format("{}: {}", args.front(), domain.message()));
    }
    auto connection = open_connection(options);
    if (!connection) {
        return fail(connection.message());
    }
    auto defined = define_validated(*connection, *domain);
    if (!defined) {
        return fail(fmt::format("{}: {}", args.front(), defined.message()));
    }
    std::printf("Domain '%s' defined from %s\n", defined->c_str(), args.front().c_str());
    return kExitOk;
}

int run_dumpxml(const ParsedOptions& options) {
    int failure = kExitOk;
    auto target = open_target(options, failure);
    if (!target) {
        return failure;
    }
    auto& [connection, name] = *target;
    const auto flavour = options.has("inactive") ? XmlFlavour::kInactive : XmlFlavour::kLive;
    auto xml = connection.domain_xml(name, flavour, options.has("security-info"));
    if (!xml) {
        return fail(xml.message());
    }
    std::fputs(xml->c_str(), stdout);
    return kExitOk;
}

// Runs $VISUAL / $EDITOR (default vi) on `path` through the shell, as virsh does, so an
// editor given with arguments works.
Status run_editor(const std::string& path) {
    const char* editor = std::getenv("VISUAL");
    if (editor == nullptr || *editor == '\0') {
        editor = std::getenv("EDITOR");
    }
    const std::string command =
        fmt::format("{} \"$1\"", editor != nullptr && *editor != '\0' ? editor : "vi");
    std::array<const char*, 6> argv = {"sh", "-c", command.c_str(), "sh", path.c_str(), nullptr};
    pid_t pid = 0;
    if (posix_spawnp(&pid, "sh", nullptr, nullptr, const_cast<char**>(argv.data()), environ) != 0) {
        return make_error("cannot start the editor");
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return make_error("the editor failed; nothing was changed");
    }
    return {};
}

int run_edit(const ParsedOptions& options) {
    int failure = kExitOk;
    auto target = open_target(options, failure);
    if (!target) {
        return failure;
    }
    auto& [connection, name] = *target;
    auto original = connection.domain_xml(name, XmlFlavour::kInactive, /*secure=*/true);
    if (!original) {
        return fail(original.message());
    }
    char path_template[] = "/tmp/spicedesk-edit-XXXXXX.xml";
    const int fd = mkstemps(path_template, 4);
    if (fd < 0) {
        return fail("cannot create a temporary file for editing");
    }
    const std::string path = path_template;
    (void)::write(fd, original->data(), original->size());
    ::close(fd);
    struct Remove {
        std::string path;
        ~Remove() { std::filesystem::remove(path); }
    } cleanup{path};

    if (auto edited = run_editor(path); !edited) {
        return fail(edited.message());
    }
    auto text = read_text_file(path);
    if (!text) {
        return fail(text.message());
    }
    if (*text == *original) {
        std::printf("Domain '%s' XML not changed.\n", name.c_str());
        return kExitOk;
    }
    auto domain = DomainXml::parse(*text);
    if (!domain) {
        return fail(
            fmt::format("{}; the previous definition of '{}' is kept", domain.message(), name));
    }
    auto defined = define_validated(connection, *domain);
    if (!defined) {
        return fail(
            fmt::format("{}\nThe previous definition of '{}' is kept.", defined.message(), name));
    }
    std::printf("Domain '%s' XML configuration edited.\n", defined->c_str());
    return kExitOk;
}

}  // namespace

std::vector<Command> xml_commands() {
    return {
        {"define",
         "FILE",
         "define (or redefine) a domain from an XML file, validated first",
         {},
         run_define},
        {"dumpxml",
         "DOMAIN [--inactive] [--security-info]",
         "print a domain's XML",
         {{"inactive", '\0', false, "the persistent definition, not the running one"},
          {"security-info", '\0', false, "include passwords"}},
         run_dumpxml},
        {"edit",
         "DOMAIN",
         "edit the definition in $EDITOR; it is validated, and kept on error",
         {},
         run_edit},
    };
}

}  // namespace spicedesk::virt::cli
