#include "admin-gui/viewer/connect_target.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "admin-gui/support/i18n.hpp"

namespace spicedesk::gui {
namespace {

// A translated format string (the caller marks it with _()) filled in.
template <typename... Args>
std::string trf(const char* translated, Args&&... args) {
    return fmt::format(fmt::runtime(translated), std::forward<Args>(args)...);
}

std::optional<int> to_port(std::string_view text) {
    if (text.empty() || text.size() > 5) {
        return std::nullopt;
    }
    int value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    if (value < 1 || value > 65535) {
        return std::nullopt;
    }
    return value;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const int hi = hex_digit(text[i + 1]);
            const int lo = hex_digit(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
    return text;
}

// GKeyFile's escapes in values: \n \t \r \s \\ .
std::string unescape_value(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        switch (text[++i]) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case 's':
                out += ' ';
                break;
            case '\\':
                out += '\\';
                break;
            default:
                out += '\\';
                out += text[i];
                break;
        }
    }
    return out;
}

bool to_bool(std::string_view value) {
    return value == "1" || value == "true" || value == "yes";
}

}  // namespace

Result<SpiceTarget> parse_spice_uri(std::string_view uri) {
    SpiceTarget target;
    bool tls_scheme = false;
    if (uri.rfind("spice://", 0) == 0) {
        uri.remove_prefix(8);
    } else if (uri.rfind("spice+tls://", 0) == 0) {
        uri.remove_prefix(12);
        tls_scheme = true;
    } else {
        return make_error(_("not a spice:// URI"));
    }
    std::string_view query;
    if (const size_t q = uri.find('?'); q != std::string_view::npos) {
        query = uri.substr(q + 1);
        uri = uri.substr(0, q);
    }
    if (!uri.empty() && uri.back() == '/') {
        uri.remove_suffix(1);
    }
    std::string_view port_text;
    if (!uri.empty() && uri.front() == '[') {
        const size_t close = uri.find(']');
        if (close == std::string_view::npos) {
            return make_error(_("the IPv6 address in the URI has no closing ']'"));
        }
        target.host = std::string(uri.substr(1, close - 1));
        std::string_view rest = uri.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') {
                return make_error(_("unexpected text after the host in the URI"));
            }
            port_text = rest.substr(1);
        }
    } else if (const size_t colon = uri.rfind(':'); colon != std::string_view::npos) {
        target.host = std::string(uri.substr(0, colon));
        port_text = uri.substr(colon + 1);
    } else {
        target.host = std::string(uri);
    }
    if (target.host.empty()) {
        return make_error(_("the URI names no host"));
    }
    if (!port_text.empty()) {
        auto port = to_port(port_text);
        if (!port) {
            return make_error(trf(_("'{}' is not a port (1-65535)"), port_text));
        }
        (tls_scheme ? target.tls_port : target.port) = *port;
    }
    while (!query.empty()) {
        const size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        const size_t eq = pair.find('=');
        const std::string_view key = pair.substr(0, eq);
        const std::string value =
            eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
        if (key == "port" || key == "tls-port") {
            auto port = to_port(value);
            if (!port) {
                return make_error(trf(_("'{}' is not a port (1-65535)"), value));
            }
            (key == "port" ? target.port : target.tls_port) = *port;
        } else if (key == "password") {
            target.password = value;
        }
        // Other keys (e.g. virt-viewer's "ws") are not ours; they are ignored.
    }
    if (target.port == 0 && target.tls_port == 0) {
        return make_error(_("the URI names no port"));
    }
    return target;
}

Result<SpiceTarget> parse_vv_text(std::string_view text) {
    SpiceTarget target;
    bool in_group = false;
    bool seen_group = false;
    std::string type;
    while (!text.empty()) {
        const size_t nl = text.find('\n');
        std::string_view line = trim(text.substr(0, nl));
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        if (line.empty() || line.front() == '#' || line.front() == ';') {
            continue;
        }
        if (line.front() == '[') {
            in_group = line == "[virt-viewer]";
            seen_group = seen_group || in_group;
            continue;
        }
        if (!in_group) {
            continue;
        }
        const size_t eq = line.find('=');
        if (eq == std::string_view::npos) {
            continue;
        }
        const std::string_view key = trim(line.substr(0, eq));
        const std::string value = unescape_value(trim(line.substr(eq + 1)));
        if (key == "type") {
            type = value;
        } else if (key == "host") {
            target.host = value;
        } else if (key == "port" || key == "tls-port") {
            if (value == "-1" || value.empty()) {
                continue;  // virt-viewer's "none"
            }
            auto port = to_port(value);
            if (!port) {
                return make_error(trf(_("'{}' is not a port (1-65535)"), value));
            }
            (key == "port" ? target.port : target.tls_port) = *port;
        } else if (key == "password") {
            target.password = value;
        } else if (key == "ca") {
            target.ca = value;
        } else if (key == "host-subject") {
            target.host_subject = value;
        } else if (key == "fullscreen") {
            target.fullscreen = to_bool(value);
        } else if (key == "title") {
            target.title = value;
        } else if (key == "delete-this-file") {
            target.delete_this_file = to_bool(value);
        }
    }
    if (!seen_group) {
        return make_error(_("no [virt-viewer] group: not a virt-viewer connection file"));
    }
    if (type != "spice") {
        return make_error(trf(_("the connection type is '{}'; only 'spice' is supported"), type));
    }
    if (target.host.empty()) {
        return make_error(_("the file names no host"));
    }
    if (target.port == 0 && target.tls_port == 0) {
        return make_error(_("the file names no port"));
    }
    return target;
}

Result<std::string> read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return make_error(fmt::format("{}: {}", path, std::strerror(errno)));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string viewer_usage() {
    return _(
        "Usage: spicedesk-viewer [OPTIONS] [spice://HOST:PORT?... | FILE.vv]\n"
        "Shows a virtual machine's screen over SPICE.\n"
        "\n"
        "  -h, --host HOST          server host\n"
        "  -p, --port PORT          server port\n"
        "  -s, --tls-port PORT      server TLS port (also --secure-port)\n"
        "  -w, --password PASSWORD  ticket password (visible to other users; prefer\n"
        "                           --password-file or SPICEDESK_PASSWORD)\n"
        "      --password-file FILE read the password from FILE (first line)\n"
        "      --ca-file FILE       CA certificate (PEM) for TLS\n"
        "      --host-subject SUBJ  expected subject of the server's certificate\n"
        "  -f, --full-screen        open full screen\n"
        "  -t, --title TITLE        window title\n"
        "      --screenshot FILE    connect without a window, save the first complete\n"
        "                           picture (PNG, or PPM for .ppm) and exit\n"
        "      --version            print the version\n"
        "      --help               this text\n"
        "\n"
        "In the window, Ctrl+Alt releases the keyboard and pointer, Ctrl+Alt+F toggles full\n"
        "screen.\n");
}

Result<ViewerOptions> parse_viewer_args(const std::vector<std::string>& args,
                                        const char* env_password, FileReader read_file) {
    ViewerOptions options;
    SpiceTarget& target = options.target;
    std::optional<std::string> argv_password;
    std::string password_file;
    std::string host;
    int port = 0;
    int tls_port = 0;
    std::optional<SpiceTarget> source;  // from a URI or .vv file
    bool fullscreen = false;
    std::string title;
    std::string ca_file;
    std::string host_subject;

    for (size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        std::optional<std::string> inline_value;
        if (arg.rfind("--", 0) == 0) {
            if (const size_t eq = arg.find('='); eq != std::string::npos) {
                inline_value = arg.substr(eq + 1);
                arg.resize(eq);
            }
        }
        auto value = [&](const std::string& name) -> Result<std::string> {
            if (inline_value) {
                return *inline_value;
            }
            if (i + 1 >= args.size()) {
                return make_error(trf(_("{} needs a value"), name));
            }
            return args[++i];
        };
        auto port_value = [&](const std::string& name) -> Result<int> {
            auto text = value(name);
            if (!text) {
                return text.error();
            }
            auto parsed = to_port(*text);
            if (!parsed) {
                return make_error(trf(_("{}: '{}' is not a port (1-65535)"), name, *text));
            }
            return *parsed;
        };
        if (arg == "--help") {
            options.help = true;
        } else if (arg == "--version") {
            options.version = true;
        } else if (arg == "-h" || arg == "--host") {
            auto v = value(arg);
            if (!v) {
                return v.error();
            }
            host = *v;
        } else if (arg == "-p" || arg == "--port") {
            auto v = port_value(arg);
            if (!v) {
                return v.error();
            }
            port = *v;
        } else if (arg == "-s" || arg == "--secure-port" || arg == "--tls-port") {
            auto v = port_value(arg);
            if (!v) {
                return v.error();
            }
            tls_port = *v;
        } else if (arg == "-w" || arg == "--password") {
            auto v = value(arg);
            if (!v) {
                return v.error();
            }
            argv_password = *v;
            options.warnings.push_back(
                _("the password given with -w is visible to other users of this machine "
                  "(in the process list); prefer --password-file FILE or the environment "
                  "variable SPICEDESK_PASSWORD"));
        } else if (arg == "--password-file") {
            auto v = value(arg);
            if (!v) {
                return v.error();
            }
            password_file = *v;
        } else if (arg == "--ca-file") {
            auto v = value(arg);
            if (!v) {
                return v.error();
            }
            ca_file = *v;
        } else if (arg == "--host-subject") {
            auto v = value(arg);
            if (!v) {
                return v.error();
            }
            host_subject = *v;
        } else if (arg == "-f" || arg == "--full-screen") {
            fullscreen = true;
        } else if (arg == "-t" || arg == "--title") {
            auto v = value(arg);
            if (!v) {
                return v.error();
            }
            title = *v;
        } else if (arg == "--screenshot") {
            auto v = value(arg);
            if (!v) {
                return v.error();
            }
            options.screenshot = *v;
        } else if (!arg.empty() && arg.front() == '-' && arg != "-") {
            return make_error(trf(_("unknown option {} (see --help)"), arg));
        } else {
            if (source) {
                return make_error(_("give one URI or .vv file"));
            }
            if (arg.rfind("spice://", 0) == 0 || arg.rfind("spice+tls://", 0) == 0) {
                auto parsed = parse_spice_uri(arg);
                if (!parsed) {
                    // The URI may hold a password: never repeat it.
                    return make_error(
                        trf(_("the spice:// URI is not valid: {}"), parsed.message()));
                }
                source = std::move(*parsed);
            } else if (arg.find("://") != std::string::npos) {
                return make_error(_("only spice:// URIs are supported"));
            } else {
                auto text = read_file(arg);
                if (!text) {
                    return make_error(trf(_("cannot read the connection file {}"), text.message()));
                }
                auto parsed = parse_vv_text(*text);
                if (!parsed) {
                    return make_error(fmt::format("{}: {}", arg, parsed.message()));
                }
                options.vv_file = arg;
                source = std::move(*parsed);
            }
        }
    }
    if (options.help || options.version) {
        return options;
    }

    if (source) {
        target = *source;
    }
    // Flags override what the URI or file says.
    if (!host.empty()) {
        target.host = host;
    }
    if (port != 0) {
        target.port = port;
    }
    if (tls_port != 0) {
        target.tls_port = tls_port;
    }
    if (!ca_file.empty()) {
        target.ca_file = ca_file;
    }
    if (!host_subject.empty()) {
        target.host_subject = host_subject;
    }
    if (!title.empty()) {
        target.title = title;
    }
    target.fullscreen = target.fullscreen || fullscreen;

    if (argv_password) {
        target.password = argv_password;
    } else if (!password_file.empty()) {
        auto text = read_file(password_file);
        if (!text) {
            return make_error(trf(_("cannot read the password file {}"), text.message()));
        }
        std::string line = text->substr(0, text->find('\n'));
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        target.password = line;
    } else if (!target.password && env_password != nullptr) {
        target.password = std::string(env_password);
    }

    if (target.host.empty() && (target.port != 0 || target.tls_port != 0)) {
        target.host = "127.0.0.1";
    }
    if (target.host.empty()) {
        return make_error(
            _("no server given: use -h HOST -p PORT, a spice:// URI or a .vv file (see --help)"));
    }
    if (target.port == 0 && target.tls_port == 0) {
        return make_error(
            trf(_("no port given for {}: use -p PORT or --tls-port PORT"), target.host));
    }
    return options;
}

}  // namespace spicedesk::gui
