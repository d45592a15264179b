#include "libvirt-driver/domain/devices/graphics.hpp"

#include <array>
#include <climits>

#include "libvirt-driver/domain/xml_util.hpp"

namespace spicedesk::virt {

namespace {

// Child order as libvirt formats <graphics> (virDomainGraphicsDefFormat).
constexpr std::array<std::string_view, 11> kChildOrder = {
    "listen",    "channel",   "image", "jpeg",         "zlib", "playback",
    "streaming", "clipboard", "mouse", "filetransfer", "gl"};

// Attribute order of <graphics> as libvirt formats it.
constexpr std::array<std::string_view, 14> kAttrOrder = {
    "type",   "port",   "tlsPort",     "autoport", "websocket",     "sharePolicy", "socket",
    "listen", "keymap", "defaultMode", "passwd",   "passwdValidTo", "connected",   "powerControl"};

std::optional<int> to_int(const std::optional<std::string>& text) {
    if (!text) {
        return std::nullopt;
    }
    auto v = xml::parse_signed(*text);
    if (!v || *v < INT_MIN || *v > INT_MAX) {
        return std::nullopt;
    }
    return static_cast<int>(*v);
}

std::optional<bool> to_bool(const std::optional<std::string>& text) {
    if (!text) {
        return std::nullopt;
    }
    if (*text == "yes") {
        return true;
    }
    if (*text == "no") {
        return false;
    }
    return std::nullopt;
}

std::optional<std::string> from_int(std::optional<int> v) {
    return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
}

std::optional<std::string> from_bool(std::optional<bool> v) {
    return v ? std::optional<std::string>(*v ? "yes" : "no") : std::nullopt;
}

void assign(xmlNode* node, std::string_view name, const std::optional<std::string>& value) {
    if (value) {
        xml::set_attr_ordered(node, name, *value, kAttrOrder);
    } else {
        xml::remove_attr(node, name);
    }
}

}  // namespace

std::string Graphics::type() const {
    return attribute("type").value_or("");
}
void Graphics::set_type(std::string_view type) {
    set_attribute("type", type);
}

std::optional<int> Graphics::port() const {
    return to_int(attribute("port"));
}
void Graphics::set_port(std::optional<int> port) {
    assign(node_, "port", from_int(port));
}

std::optional<bool> Graphics::autoport() const {
    return to_bool(attribute("autoport"));
}
void Graphics::set_autoport(std::optional<bool> autoport) {
    assign(node_, "autoport", from_bool(autoport));
}

std::optional<int> Graphics::tls_port() const {
    return to_int(attribute("tlsPort"));
}
void Graphics::set_tls_port(std::optional<int> port) {
    assign(node_, "tlsPort", from_int(port));
}

std::string Graphics::listen() const {
    if (auto a = attribute("listen")) {
        return *a;
    }
    for (xmlNode* l : xml::children(node_, "listen")) {
        if (xml::attr(l, "type").value_or("") == "address") {
            return xml::attr(l, "address").value_or("");
        }
    }
    return {};
}

void Graphics::set_listen(std::string_view address) {
    auto listens = xml::children(node_, "listen");
    if (address.empty()) {
        remove_attribute("listen");
        for (xmlNode* l : listens) {
            if (xml::attr(l, "type").value_or("") == "address") {
                xml::remove_node(l);
            }
        }
        return;
    }
    assign(node_, "listen", std::string(address));
    if (!listens.empty() && xml::attr(listens.front(), "type").value_or("") == "address") {
        xml::set_attr(listens.front(), "address", address);
        return;
    }
    for (xmlNode* l : listens) {
        xml::remove_node(l);
    }
    xmlNode* l = xml::insert_child_ordered(node_, "listen", kChildOrder);
    xml::set_attr(l, "type", "address");
    xml::set_attr(l, "address", address);
}

std::vector<GraphicsListen> Graphics::listens() const {
    std::vector<GraphicsListen> result;
    for (xmlNode* l : xml::children(node_, "listen")) {
        result.push_back(GraphicsListen{
            xml::attr(l, "type").value_or(""), xml::attr(l, "address").value_or(""),
            xml::attr(l, "network").value_or(""), xml::attr(l, "socket").value_or("")});
    }
    return result;
}

std::optional<std::string> Graphics::password() const {
    return attribute("passwd");
}
void Graphics::set_password(const std::optional<std::string>& password) {
    assign(node_, "passwd", password);
}

std::optional<std::string> Graphics::password_valid_to() const {
    return attribute("passwdValidTo");
}
void Graphics::set_password_valid_to(const std::optional<std::string>& when) {
    assign(node_, "passwdValidTo", when);
}

std::optional<std::string> Graphics::default_mode() const {
    return attribute("defaultMode");
}
void Graphics::set_default_mode(const std::optional<std::string>& mode) {
    assign(node_, "defaultMode", mode);
}

std::optional<std::string> Graphics::channel_mode(std::string_view channel_name) const {
    for (xmlNode* c : xml::children(node_, "channel")) {
        if (xml::attr(c, "name").value_or("") == channel_name) {
            return xml::attr(c, "mode");
        }
    }
    return std::nullopt;
}

void Graphics::set_channel_mode(std::string_view channel_name,
                                const std::optional<std::string>& mode) {
    for (xmlNode* c : xml::children(node_, "channel")) {
        if (xml::attr(c, "name").value_or("") == channel_name) {
            if (mode) {
                xml::set_attr(c, "mode", *mode);
            } else {
                xml::remove_node(c);
            }
            return;
        }
    }
    if (mode) {
        xmlNode* c = xml::insert_child_ordered(node_, "channel", kChildOrder);
        xml::set_attr(c, "name", channel_name);
        xml::set_attr(c, "mode", *mode);
    }
}

std::optional<std::string> Graphics::child_value(std::string_view child,
                                                 std::string_view name) const {
    return xml::attr(xml::first_child(node_, child), name);
}

void Graphics::set_child_value(std::string_view child, std::string_view name,
                               const std::optional<std::string>& value) {
    xmlNode* c = xml::first_child(node_, child);
    if (!value) {
        if (c != nullptr) {
            xml::remove_attr(c, name);
            if (c->properties == nullptr && c->children == nullptr) {
                xml::remove_node(c);
            }
        }
        return;
    }
    if (c == nullptr) {
        c = xml::insert_child_ordered(node_, child, kChildOrder);
    }
    xml::set_attr(c, name, *value);
}

std::optional<std::string> Graphics::image_compression() const {
    return child_value("image", "compression");
}
void Graphics::set_image_compression(const std::optional<std::string>& compression) {
    set_child_value("image", "compression", compression);
}

std::optional<std::string> Graphics::streaming_mode() const {
    return child_value("streaming", "mode");
}
void Graphics::set_streaming_mode(const std::optional<std::string>& mode) {
    set_child_value("streaming", "mode", mode);
}

std::optional<std::string> Graphics::mouse_mode() const {
    return child_value("mouse", "mode");
}
void Graphics::set_mouse_mode(const std::optional<std::string>& mode) {
    set_child_value("mouse", "mode", mode);
}

std::optional<bool> Graphics::clipboard_copypaste() const {
    return to_bool(child_value("clipboard", "copypaste"));
}
void Graphics::set_clipboard_copypaste(std::optional<bool> enabled) {
    set_child_value("clipboard", "copypaste", from_bool(enabled));
}

std::optional<bool> Graphics::filetransfer_enable() const {
    return to_bool(child_value("filetransfer", "enable"));
}
void Graphics::set_filetransfer_enable(std::optional<bool> enabled) {
    set_child_value("filetransfer", "enable", from_bool(enabled));
}

}  // namespace spicedesk::virt
