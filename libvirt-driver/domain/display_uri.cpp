#include "libvirt-driver/domain/display_uri.hpp"

#include <fmt/format.h>

#include "libvirt-driver/domain/xml_util.hpp"

namespace spicedesk::virt {

namespace {

// RFC 3986 percent-encoding of everything but unreserved characters.
std::string percent_encode(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += fmt::format("%{:02X}", c);
        }
    }
    return out;
}

// The address a client on this host connects to: wildcard listens mean loopback works.
std::string client_host(std::string address) {
    if (address.empty() || address == "0.0.0.0" || address == "::" || address == "[::]") {
        return "127.0.0.1";
    }
    if (address.find(':') != std::string::npos && address.front() != '[') {
        return "[" + address + "]";
    }
    return address;
}

std::string listen_address(const Graphics& g) {
    for (const GraphicsListen& l : g.listens()) {
        if ((l.type == "address" || l.type == "network") && !l.address.empty()) {
            return l.address;  // a running domain has the network's address resolved here
        }
    }
    return g.attribute("listen").value_or("");
}

}  // namespace

Result<std::string> display_uri(const DomainXml& live, bool include_password) {
    std::optional<Graphics> graphics;
    for (const Graphics& g : live.graphics()) {
        if (g.type() == "spice" || g.type() == "vnc") {
            graphics = g;
            break;
        }
    }
    if (!graphics) {
        return make_error(fmt::format("domain '{}' has no SPICE or VNC graphics", live.name()));
    }
    const std::string scheme = graphics->type();
    std::string query;
    auto add_query = [&](std::string_view key, std::string_view value) {
        query += query.empty() ? '?' : '&';
        query += fmt::format("{}={}", key, value);
    };
    for (const GraphicsListen& l : graphics->listens()) {
        if (l.type == "socket" && !l.socket.empty()) {
            if (include_password && graphics->password()) {
                add_query("password", percent_encode(*graphics->password()));
            }
            return fmt::format("{}+unix://{}{}", scheme, l.socket, query);
        }
    }
    int port = graphics->port().value_or(-1);
    int tls_port = graphics->tls_port().value_or(-1);
    if (port <= 0 && tls_port <= 0) {
        return make_error(fmt::format(
            "domain '{}': the {} display has no port allocated yet (is the domain running?)",
            live.name(), scheme));
    }
    std::string host = client_host(listen_address(*graphics));
    if (scheme == "spice" && tls_port > 0) {
        add_query("tls-port", std::to_string(tls_port));
    }
    if (include_password && graphics->password()) {
        add_query("password", percent_encode(*graphics->password()));
    }
    if (port <= 0) {
        return fmt::format("{}://{}{}", scheme, host, query);
    }
    return fmt::format("{}://{}:{}{}", scheme, host, port, query);
}

}  // namespace spicedesk::virt
