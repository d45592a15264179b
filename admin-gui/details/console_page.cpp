#include "admin-gui/details/console_page.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <glibmm/datetime.h>
#include <glibmm/miscutils.h>
#include <glibmm/spawn.h>
#include <glibmm/uriutils.h>
#include <gtkmm/window.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <functional>

#include "admin-gui/support/app_settings.hpp"
#include "admin-gui/support/builder.hpp"
#include "admin-gui/support/i18n.hpp"
#include "admin-gui/viewer/connect_target.hpp"
#include "admin-gui/viewer/keymap.hpp"
#include "admin-gui/viewer/send_key_menu.hpp"
#include "admin-gui/viewer/spice_session.hpp"
#include "admin-gui/viewer/vnc_session.hpp"
#include "libvirt-driver/domain/display_uri.hpp"
#include "libvirt-driver/domain/domain_xml.hpp"

namespace spicedesk::gui {
namespace {

struct Endpoint {
    std::string scheme;
    std::string host;
    int port = 0;
    std::string password;
};

// "vnc://HOST:PORT?password=PW" (IPv6 hosts bracketed) as display_uri writes it (SPICE URIs go
// through the viewer's parse_spice_uri).
std::optional<Endpoint> parse_endpoint(const std::string& uri) {
    const size_t scheme_end = uri.find("://");
    if (scheme_end == std::string::npos) {
        return std::nullopt;
    }
    Endpoint endpoint;
    endpoint.scheme = uri.substr(0, scheme_end);
    std::string rest = uri.substr(scheme_end + 3);
    if (const size_t query = rest.find('?'); query != std::string::npos) {
        const std::string params = rest.substr(query + 1);
        rest.resize(query);
        for (size_t start = 0; start < params.size();) {
            const size_t amp = std::min(params.find('&', start), params.size());
            const std::string pair = params.substr(start, amp - start);
            if (pair.rfind("password=", 0) == 0) {
                endpoint.password = Glib::uri_unescape_string(pair.substr(9));
            }
            start = amp + 1;
        }
    }
    const size_t colon = rest.rfind(':');
    if (colon == std::string::npos) {
        return std::nullopt;
    }
    endpoint.host = rest.substr(0, colon);
    if (endpoint.host.size() > 2 && endpoint.host.front() == '[') {
        endpoint.host = endpoint.host.substr(1, endpoint.host.size() - 2);
    }
    endpoint.port = std::atoi(rest.c_str() + colon + 1);
    return endpoint;
}

}  // namespace

ConsolePage::ConsolePage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder)
    : Gtk::Box(object) {
    stack_ = get_widget<Gtk::Stack>(builder, "console_stack");
    message_ = get_widget<Gtk::Label>(builder, "console_message");
    connect_ = get_widget<Gtk::Button>(builder, "connect_button");
    ctrl_alt_del_ = get_widget<Gtk::Button>(builder, "ctrl_alt_del_button");
    fit_ = get_widget<Gtk::ToggleButton>(builder, "fit_button");
    screenshot_ = get_widget<Gtk::Button>(builder, "screenshot_button");
    external_ = get_widget<Gtk::Button>(builder, "external_button");
    send_key_ = get_widget<Gtk::MenuButton>(builder, "send_key_button");
    fullscreen_ = get_widget<Gtk::Button>(builder, "fullscreen_button");
    toolbar_ = get_widget<Gtk::Box>(builder, "console_toolbar");
    password_message_ = get_widget<Gtk::Label>(builder, "password_message");
    password_entry_ = get_widget<Gtk::PasswordEntry>(builder, "password_entry");
    auto log_in = [this] {
        typed_password_ = std::string(password_entry_->get_text());
        password_entry_->set_text("");
        connect_console();
    };
    get_widget<Gtk::Button>(builder, "password_button")->signal_clicked().connect(log_in);
    get_widget<Gtk::Box>(builder, "viewer_box")->append(view_);

    connect_->signal_clicked().connect([this] { connect_console(); });
    ctrl_alt_del_->signal_clicked().connect([this] {
        const KeyCombo& combo = send_key_combos().front();  // Ctrl+Alt+Del
        view_.send_combo(combo.scancodes, combo.keysyms);
    });
    insert_action_group("sendkey", make_send_key_actions(view_));
    send_key_->set_menu_model(make_send_key_menu());
    fullscreen_->signal_clicked().connect([this] { toggle_fullscreen(); });
    view_.signal_fullscreen_hotkey().connect([this] { toggle_fullscreen(); });
    resize_ = get_widget<Gtk::ToggleButton>(builder, "resize_guest_button");
    fit_->signal_toggled().connect([this] { apply_scaling(); });
    fit_->set_active(AppSettings::load().console_scale_to_fit);
    resize_->set_active(AppSettings::load().console_resize_guest);
    resizer_.set_enabled(resize_->get_active());
    resize_->signal_toggled().connect([this] {
        apply_scaling();
        resizer_.set_enabled(resize_->get_active());
        AppSettings::save_console_resize_guest(resize_->get_active());
    });
    resizer_.watch(0, view_);
    apply_scaling();
    screenshot_->signal_clicked().connect([this] { save_screenshot(); });
    external_->signal_clicked().connect([this] { open_external(); });
    external_->set_visible(false);
    ctrl_alt_del_->set_sensitive(false);
    send_key_->set_sensitive(false);
    screenshot_->set_sensitive(false);
}

ConsolePage* ConsolePage::create() {
    auto builder = Gtk::Builder::create_from_resource("/org/spicedesk/SpiceDesk/console_page.ui");
    return get_derived_unparented<ConsolePage>(builder, "console_page");
}

void ConsolePage::set_domain(virt::Connection& connection, const std::string& name) {
    connection_ = &connection;
    name_ = name;
    typed_password_.reset();
    connect_console();
}

void ConsolePage::show_message(const std::string& text) {
    message_->set_text(text);
    stack_->set_visible_child("message");
}

void ConsolePage::apply_scaling() {
    // 1:1 while the guest follows the view (remote-viewer turns scaling off for resize-guest).
    const bool resizing = resize_->get_active() && resize_->get_sensitive();
    fit_->set_sensitive(!resizing);
    view_.set_guest_follows(resizing);
    view_.set_scale_to_fit(fit_->get_active());  // the view does not scale while following
}

void ConsolePage::connect_console() {
    view_.attach(nullptr);
    resizer_.attach(nullptr);
    resize_->set_sensitive(false);
    apply_scaling();
    session_.reset();
    external_->set_visible(false);
    ctrl_alt_del_->set_sensitive(false);
    send_key_->set_sensitive(false);
    screenshot_->set_sensitive(false);
    if (connection_ == nullptr) {
        return;
    }
    auto info = connection_->domain_info(name_);
    if (!info || info->id < 0) {
        show_message(_("The machine is not running. Start it to see its console."));
        return;
    }
    auto xml = connection_->domain_xml(name_, virt::XmlFlavour::kLive, /*secure=*/true);
    auto domain = xml ? virt::DomainXml::parse(*xml) : Result<virt::DomainXml>(xml.error());
    if (!domain) {
        show_message(domain.message());
        return;
    }
    auto uri = virt::display_uri(*domain, /*include_password=*/true);
    if (!uri) {
        show_message(fmt::format(fmt::runtime(_("No console: {}")), uri.message()));
        return;
    }
    std::unique_ptr<ConsoleSession> session;
    std::function<void()> open;
    if (uri->rfind("spice", 0) == 0) {
        spice_uri_ = *uri;
        external_->set_visible(true);
        auto target = parse_spice_uri(*uri);
        if (!target) {
            show_message(_("No console: the display address is not understood."));
            return;
        }
        core::client::ConnectOptions options;
        options.host = target->host;
        options.port = static_cast<uint16_t>(target->port);
        options.tls_port = static_cast<uint16_t>(target->tls_port);
        options.password = typed_password_.value_or(target->password.value_or(""));
        auto spice = std::make_unique<SpiceSession>();
        SpiceSession* raw = spice.get();
        open = [raw, options] { raw->open(options); };
        session = std::move(spice);
    } else {
        auto endpoint = parse_endpoint(*uri);
        if (!endpoint) {
            show_message(_("No console: the display address is not understood."));
            return;
        }
        if (typed_password_) {
            endpoint->password = *typed_password_;
        }
        auto vnc = std::make_unique<VncSession>();
        VncSession* raw = vnc.get();
        open = [raw, endpoint = *endpoint] {
            raw->open(endpoint.host, endpoint.port, endpoint.password);
        };
        session = std::move(vnc);
    }
    session->on_frame = [this](uint32_t display, const Cairo::RefPtr<Cairo::ImageSurface>& frame,
                               int, int, int, int) {
        if (display == view_.display()) {
            view_.set_frame(frame);
        }
    };
    session->on_state = [this](ConsoleState state, const std::string& message) {
        on_state(state, message);
    };
    // One head here: the first monitor (spicedesk-viewer opens a window per monitor).
    session->on_heads = [this](const std::vector<ConsoleHead>& heads) {
        if (!heads.empty()) {
            view_.set_head(heads.front());
        }
    };
    session->on_pointer_mode = [this](bool relative) { view_.set_relative_pointer(relative); };
    session->on_cursor = [this](const Glib::RefPtr<Gdk::Texture>& shape, int hot_x, int hot_y) {
        view_.set_guest_cursor(shape, hot_x, hot_y);
    };
    session->on_cursor_moved = [this](int x, int y) { view_.set_guest_cursor_position(x, y); };
    session->on_guest_resize_available = [this](bool available) {
        resizer_.set_available(available);
        resize_->set_sensitive(available);
        apply_scaling();
    };
    view_.attach(session.get());
    resizer_.attach(session.get());
    session_ = std::move(session);
    open();
}

void ConsolePage::on_state(ConsoleState state, const std::string& message) {
    switch (state) {
        case ConsoleState::kConnecting:
            show_message(_("Connecting…"));
            break;
        case ConsoleState::kConnected:
            stack_->set_visible_child("viewer");
            ctrl_alt_del_->set_sensitive(true);
            send_key_->set_sensitive(true);
            screenshot_->set_sensitive(true);
            view_.grab_focus();
            break;
        case ConsoleState::kAuthFailed:
            ask_password(message);
            break;
        case ConsoleState::kError:
            show_message(
                fmt::format(fmt::runtime(_("The console connection failed: {}")), message));
            break;
        case ConsoleState::kDisconnected:
            show_message(_("The console was disconnected."));
            break;
    }
    if (state != ConsoleState::kConnected && state != ConsoleState::kConnecting) {
        view_.release_all();
        ctrl_alt_del_->set_sensitive(false);
        send_key_->set_sensitive(false);
        screenshot_->set_sensitive(false);
    }
}

void ConsolePage::ask_password(const std::string& why) {
    password_message_->set_text(
        fmt::format(fmt::runtime(_("The console refused the password: {}. Enter the display "
                                   "password to log in.")),
                    why));
    stack_->set_visible_child("password");
    password_entry_->grab_focus();
}

void ConsolePage::toggle_fullscreen() {
    auto* window = dynamic_cast<Gtk::Window*>(get_root());
    if (window == nullptr) {
        return;
    }
    if (window->is_fullscreen()) {
        window->unfullscreen();
        toolbar_->set_visible(true);
    } else {
        toolbar_->set_visible(false);
        window->fullscreen();
        view_.grab_focus();
    }
}

void ConsolePage::save_screenshot() {
    const auto frame = view_.head_image();
    if (!frame) {
        return;
    }
    std::string folder = Glib::get_user_special_dir(Glib::UserDirectory::PICTURES);
    if (folder.empty()) {
        folder = Glib::get_home_dir();
    }
    const std::string path = Glib::build_filename(
        folder,
        fmt::format("{}-{}.png", name_,
                    std::string(Glib::DateTime::create_now_local().format("%Y%m%d-%H%M%S"))));
    // Written under another name and renamed: the file appears complete or not at all.
    const std::string partial = path + ".part";
    frame->write_to_png(partial);
    if (std::rename(partial.c_str(), path.c_str()) != 0) {
        std::remove(partial.c_str());
        return;
    }
    screenshot_->set_tooltip_text(fmt::format(fmt::runtime(_("Saved {}")), path));
}

void ConsolePage::open_external() {
    auto endpoint = parse_spice_uri(spice_uri_);
    if (!endpoint) {
        return;
    }
    // A .vv file readable by this user only, deleted by remote-viewer once read: the password
    // never appears on a command line.
    const std::string path = Glib::build_filename(
        Glib::get_user_runtime_dir(), fmt::format("spicedesk-{}-{}.vv", name_, getpid()));
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, S_IRUSR | S_IWUSR);
    if (fd < 0) {
        return;
    }
    std::string text = fmt::format("[virt-viewer]\ntype=spice\nhost={}\n", endpoint->host);
    if (endpoint->port != 0) {
        text += fmt::format("port={}\n", endpoint->port);
    }
    if (endpoint->tls_port != 0) {
        text += fmt::format("tls-port={}\n", endpoint->tls_port);
    }
    if (endpoint->password) {
        text += fmt::format("password={}\n", *endpoint->password);
    }
    text += fmt::format("title={}\ndelete-this-file=1\n", name_);
    (void)::write(fd, text.data(), text.size());
    ::close(fd);
    Glib::spawn_async("", std::vector<std::string>{"remote-viewer", path},
                      Glib::SpawnFlags::SEARCH_PATH);
}

}  // namespace spicedesk::gui
