#pragma once

// Where spicedesk-viewer connects and how it shows the guest, from what a user gives it:
// spicec's flags (-h HOST -p PORT -w PASSWORD; --help only for help), a spice:// URI or a
// virt-viewer .vv file. No GUI here: unit-tested in tests/unit/viewer. Passwords are kept but
// never printed; the warnings say where a password was seen, never the password.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace spicedesk::gui {

struct SpiceTarget {
    std::string host;
    int port = 0;      // 0: none
    int tls_port = 0;  // 0: none
    std::optional<std::string> password;
    std::string ca;       // PEM text (a .vv file's "ca"); written to a private file to connect
    std::string ca_file;  // a PEM file
    std::string host_subject;
    bool fullscreen = false;
    std::string title;
    bool delete_this_file = false;  // .vv: the file asked to be deleted once read
};

// spice://HOST[:PORT][?port=N&tls-port=N&password=PW] (IPv6 hosts bracketed; percent-escapes
// decoded). Also the spice+tls:// form, whose port is the TLS port.
Result<SpiceTarget> parse_spice_uri(std::string_view uri);

// A virt-viewer connection file: its [virt-viewer] group (type=spice, host, port, tls-port,
// password, ca with \n escapes, host-subject, fullscreen, title, delete-this-file).
Result<SpiceTarget> parse_vv_text(std::string_view text);

struct ViewerOptions {
    SpiceTarget target;
    std::string screenshot;  // --screenshot FILE: headless, save the first complete picture
    bool help = false;
    bool version = false;
    std::string vv_file;                // the .vv file read, if any
    std::vector<std::string> warnings;  // to print on stderr (never with a password)
};

// argv[1..] of spicedesk-viewer. `env_password` is SPICEDESK_PASSWORD (nullptr when unset);
// `read_file` reads a --password-file or .vv file (returns an error naming why it failed).
// Password precedence: -w, --password-file, the URI or .vv file, SPICEDESK_PASSWORD.
using FileReader = Result<std::string> (*)(const std::string& path);
Result<ViewerOptions> parse_viewer_args(const std::vector<std::string>& args,
                                        const char* env_password, FileReader read_file);

// The whole file, or an error "PATH: reason".
Result<std::string> read_text_file(const std::string& path);

// The usage text of spicedesk-viewer (translated).
std::string viewer_usage();

}  // namespace spicedesk::gui
