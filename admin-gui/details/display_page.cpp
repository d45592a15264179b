#include "admin-gui/details/display_page.hpp"

#include <fmt/format.h>

#include "admin-gui/support/builder.hpp"
#include "admin-gui/support/i18n.hpp"
#include "admin-gui/support/port_probe.hpp"

namespace spicedesk::gui {
namespace {

enum TypeRow : guint { kVnc = 0, kSpice = 1 };
enum ListenRow : guint { kDefault = 0, kLocalhost = 1, kAll = 2, kAddress = 3 };

// The graphics device edits apply to, created as VNC when the domain has none.
virt::Graphics graphics_of(virt::DomainXml& domain) {
    auto all = domain.graphics();
    return all.empty() ? domain.add_graphics("vnc") : all.front();
}

}  // namespace

DisplayPage::DisplayPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder)
    : Gtk::Grid(object) {
    type_ = get_widget<Gtk::DropDown>(builder, "type_dropdown");
    listen_ = get_widget<Gtk::DropDown>(builder, "listen_dropdown");
    address_ = get_widget<Gtk::Entry>(builder, "address_entry");
    autoport_ = get_widget<Gtk::CheckButton>(builder, "autoport_check");
    port_ = get_widget<Gtk::SpinButton>(builder, "port_spin");
    tls_ = get_widget<Gtk::CheckButton>(builder, "tls_check");
    tls_port_ = get_widget<Gtk::SpinButton>(builder, "tls_port_spin");
    password_check_ = get_widget<Gtk::CheckButton>(builder, "password_check");
    password_ = get_widget<Gtk::PasswordEntry>(builder, "password_entry");
    error_ = get_widget<Gtk::Label>(builder, "error_label");

    type_->property_selected().signal_changed().connect([this] { on_type_changed(); });
    listen_->property_selected().signal_changed().connect([this] { on_listen_changed(); });
    address_->signal_changed().connect([this] { on_listen_changed(); });
    autoport_->signal_toggled().connect([this] { on_port_changed(); });
    port_->signal_value_changed().connect([this] { on_port_changed(); });
    tls_->signal_toggled().connect([this] { on_tls_changed(); });
    tls_port_->signal_value_changed().connect([this] { on_tls_changed(); });
    password_check_->signal_toggled().connect([this] { on_password_changed(); });
    password_->signal_changed().connect([this] { on_password_changed(); });
}

DisplayPage* DisplayPage::create() {
    auto builder = Gtk::Builder::create_from_resource("/org/spicedesk/SpiceDesk/display_page.ui");
    return get_derived_unparented<DisplayPage>(builder, "display_page");
}

void DisplayPage::load(const virt::DomainXml& current) {
    const LoadingScope scope(loading_);
    const auto all = current.graphics();
    if (all.empty()) {
        type_->set_selected(kVnc);
        listen_->set_selected(kDefault);
        autoport_->set_active(true);
        update_sensitivity();
        return;
    }
    const virt::Graphics& graphics = all.front();
    type_->set_selected(graphics.type() == "spice" ? kSpice : kVnc);
    const std::string listen = graphics.listen();
    listen_->set_selected(listen.empty()          ? kDefault
                          : listen == "127.0.0.1" ? kLocalhost
                          : listen == "0.0.0.0"   ? kAll
                                                  : kAddress);
    address_->set_text(listen_->get_selected() == kAddress ? listen : "");
    const auto port = graphics.port();
    const bool automatic = graphics.autoport().value_or(!port || *port == -1);
    autoport_->set_active(automatic);
    loaded_port_ = automatic ? std::nullopt : port;
    if (port && *port > 0) {
        port_->set_value(*port);
    }
    const auto tls = graphics.tls_port();
    tls_->set_active(tls.has_value() && *tls > 0);
    if (tls && *tls > 0) {
        tls_port_->set_value(*tls);
    }
    const auto password = graphics.password();
    password_check_->set_active(password.has_value());
    password_->set_text(password.value_or(""));
    error_->set_visible(false);
    update_sensitivity();
}

void DisplayPage::update_sensitivity() {
    address_->set_sensitive(listen_->get_selected() == kAddress);
    port_->set_sensitive(!autoport_->get_active());
    const bool spice = type_->get_selected() == kSpice;
    tls_->set_sensitive(spice);
    tls_port_->set_sensitive(spice && tls_->get_active());
    password_->set_sensitive(password_check_->get_active());
}

void DisplayPage::on_type_changed() {
    update_sensitivity();
    const std::string type = type_->get_selected() == kSpice ? "spice" : "vnc";
    edit(
        "graphics.type",
        [type](virt::DomainXml& domain) -> Status {
            graphics_of(domain).set_type(type);
            if (type == "vnc") {
                graphics_of(domain).set_tls_port(std::nullopt);
            }
            return {};
        },
        *error_);
}

void DisplayPage::on_listen_changed() {
    update_sensitivity();
    std::string address;
    switch (listen_->get_selected()) {
        case kLocalhost:
            address = "127.0.0.1";
            break;
        case kAll:
            address = "0.0.0.0";
            break;
        case kAddress:
            address = address_->get_text();
            if (address.empty()) {
                return;  // not an edit until there is an address
            }
            break;
        default:
            break;
    }
    edit(
        "graphics.listen",
        [address](virt::DomainXml& domain) -> Status {
            graphics_of(domain).set_listen(address);
            return {};
        },
        *error_);
}

void DisplayPage::on_port_changed() {
    update_sensitivity();
    const bool automatic = autoport_->get_active();
    const int port = port_->get_value_as_int();
    if (!automatic && port != loaded_port_.value_or(-1) && tcp_port_in_use(port)) {
        error_->set_text(fmt::format(
            fmt::runtime(_("Port {} is in use on this host; choose another or an automatic port.")),
            port));
        error_->set_visible(true);
        return;
    }
    edit(
        "graphics.port",
        [automatic, port](virt::DomainXml& domain) -> Status {
            if (!automatic && (port < 5900 || port > 65535)) {
                return make_error(
                    fmt::format(fmt::runtime(_("Port {} is outside 5900–65535.")), port));
            }
            auto graphics = graphics_of(domain);
            graphics.set_autoport(automatic);
            graphics.set_port(automatic ? std::optional<int>(-1) : std::optional<int>(port));
            return {};
        },
        *error_);
}

void DisplayPage::on_tls_changed() {
    update_sensitivity();
    const bool enabled = tls_->get_active();
    const int port = tls_port_->get_value_as_int();
    edit(
        "graphics.tls",
        [enabled, port](virt::DomainXml& domain) -> Status {
            if (enabled && (port < 5900 || port > 65535)) {
                return make_error(
                    fmt::format(fmt::runtime(_("TLS port {} is outside 5900–65535.")), port));
            }
            graphics_of(domain).set_tls_port(enabled ? std::optional<int>(port) : std::nullopt);
            return {};
        },
        *error_);
}

void DisplayPage::on_password_changed() {
    update_sensitivity();
    const bool enabled = password_check_->get_active();
    const std::string password = password_->get_text();
    edit(
        "graphics.password",
        [enabled, password](virt::DomainXml& domain) -> Status {
            graphics_of(domain).set_password(enabled ? std::optional<std::string>(password)
                                                     : std::nullopt);
            return {};
        },
        *error_);
}

}  // namespace spicedesk::gui
