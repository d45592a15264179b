// spicedesk-viewer: a SPICE console window (or, with --screenshot, a headless picture) for one
// machine, from spicec's flags, a spice:// URI or a virt-viewer .vv file. See --help.

#include <fcntl.h>
#include <fmt/format.h>
#include <glib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "admin-gui/support/i18n.hpp"
#include "admin-gui/viewer/connect_target.hpp"
#include "admin-gui/viewer/headless_screenshot.hpp"
#include "admin-gui/viewer/viewer_app.hpp"

using namespace spicedesk;
using namespace spicedesk::gui;

namespace {

constexpr const char* kProgram = "spicedesk-viewer";

// A .vv file's CA (PEM text) in a file only this user can read, removed at exit.
class PrivateCaFile {
  public:
    ~PrivateCaFile() {
        if (!path_.empty()) {
            ::unlink(path_.c_str());
        }
    }
    Result<std::string> write(const std::string& pem) {
        std::string dir = g_get_user_runtime_dir();
        if (dir.empty()) {
            dir = g_get_tmp_dir();
        }
        std::string path = dir + "/spicedesk-viewer-ca-XXXXXX";
        const int fd = ::mkstemp(path.data());
        if (fd < 0) {
            return make_error(fmt::format("{}: {}", path, g_strerror(errno)));
        }
        path_ = path;
        ::fchmod(fd, S_IRUSR | S_IWUSR);
        const bool ok = ::write(fd, pem.data(), pem.size()) == static_cast<ssize_t>(pem.size());
        ::close(fd);
        if (!ok) {
            return make_error(fmt::format("{}: {}", path, g_strerror(errno)));
        }
        return path;
    }

  private:
    std::string path_;
};

int run(int argc, char** argv) {
    init_i18n();
    g_set_prgname(kProgram);
    std::vector<std::string> args(argv + 1, argv + argc);
    auto options = parse_viewer_args(args, std::getenv("SPICEDESK_PASSWORD"), read_text_file);
    if (!options) {
        fmt::print(stderr, "{}: {}\n", kProgram, options.message());
        return 2;
    }
    if (options->help) {
        fmt::print("{}", viewer_usage());
        return 0;
    }
    if (options->version) {
        fmt::print("{} {}\n", kProgram, SPICEDESK_VERSION);
        return 0;
    }
    for (const std::string& warning : options->warnings) {
        fmt::print(stderr, "{}: {}: {}\n", kProgram, _("warning"), warning);
    }
    const SpiceTarget& target = options->target;
    if (!options->vv_file.empty() && target.delete_this_file) {
        ::unlink(options->vv_file.c_str());  // it holds a password: read once, as remote-viewer
    }

    core::client::ConnectOptions connect;
    connect.host = target.host;
    connect.port = static_cast<uint16_t>(target.port);
    connect.tls_port = static_cast<uint16_t>(target.tls_port);
    connect.password = target.password.value_or("");
    connect.host_subject = target.host_subject;
    connect.ca_file = target.ca_file;
    PrivateCaFile ca_file;
    if (connect.ca_file.empty() && !target.ca.empty()) {
        auto path = ca_file.write(target.ca);
        if (!path) {
            fmt::print(stderr, "{}: {}\n", kProgram, path.message());
            return 1;
        }
        connect.ca_file = *path;
    }

    if (!options->screenshot.empty()) {
        // One line says what failed (below); the client's own warnings would repeat it.
        ::setenv("SPICEDESK_LOG", "error", /*overwrite=*/0);
        const int port = target.port != 0 ? target.port : target.tls_port;
        Status shot = take_headless_screenshot(connect, options->screenshot);
        if (!shot) {
            fmt::print(stderr, "{}: {}\n", kProgram,
                       fmt::format(fmt::runtime(_("no screenshot of {}:{}: {}")), target.host, port,
                                   shot.message()));
            return 1;
        }
        return 0;
    }

    auto app = ViewerApp::create(target, connect);
    char* app_argv[] = {argv[0], nullptr};
    app->run(1, app_argv);
    return app->exit_status();
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        // A programming error or an unusable installation (e.g. a missing .ui resource).
        fmt::print(stderr, "{}: {}\n", kProgram, e.what());
        return 1;
    }
}
