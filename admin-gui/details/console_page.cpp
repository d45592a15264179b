#include "admin-gui/details/console_page.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <glibmm/datetime.h>
#include <glibmm/miscutils.h>
#include <glibmm/spawn.h>
#include <glibmm/uriutils.h>
#include <sys/stat.h>
#include <unistd.h>

#include "admin-gui/support/app_settings.hpp"
#include "admin-gui/support/builder.hpp"
#include "admin-gui/support/i18n.hpp"
#include "admin-gui/viewer/vnc_session.hpp"
#include "libvirt-driver/domain/display_uri.hpp"
#include "libvirt-driver/domain/domain_xml.hpp"

namespace spicedesk::gui {
namespace {

constexpr unsigned kControlL = 0xffe3;
constexpr unsigned kAltL = 0xffe9;
constexpr unsigned kDelete = 0xffff;

struct Endpoint {
    std::string scheme;
    std::string host;
    int port = 0;
    std::string password;
};

// "vnc://HOST:PORT?password=PW" (IPv6 hosts bracketed) as display_uri writes it.
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
        if (params.rfind("password=", 0) == 0) {
            endpoint.password = Glib::uri_unescape_string(params.substr(9));
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
    get_widget<Gtk::Box>(builder, "viewer_box")->append(view_);

    connect_->signal_clicked().connect([this] { connect_console(); });
    ctrl_alt_del_->signal_clicked().connect([this] {
        if (session_) {
            for (unsigned key : {kControlL, kAltL, kDelete}) {
                session_->send_key(true, key, 0);
            }
            for (unsigned key : {kDelete, kAltL, kControlL}) {
                session_->send_key(false, key, 0);
            }
        }
    });
    fit_->signal_toggled().connect([this] { view_.set_scale_to_fit(fit_->get_active()); });
    fit_->set_active(AppSettings::load().console_scale_to_fit);
    screenshot_->signal_clicked().connect([this] { save_screenshot(); });
    external_->signal_clicked().connect([this] { open_external(); });
    external_->set_visible(false);
    ctrl_alt_del_->set_sensitive(false);
    screenshot_->set_sensitive(false);
}

ConsolePage* ConsolePage::create() {
    auto builder = Gtk::Builder::create_from_resource("/org/spicedesk/SpiceDesk/console_page.ui");
    return get_derived_unparented<ConsolePage>(builder, "console_page");
}

void ConsolePage::set_domain(virt::Connection& connection, const std::string& name) {
    connection_ = &connection;
    name_ = name;
    connect_console();
}

void ConsolePage::show_message(const std::string& text) {
    message_->set_text(text);
    stack_->set_visible_child("message");
}

void ConsolePage::connect_console() {
    session_.reset();
    view_.attach(nullptr);
    external_->set_visible(false);
    ctrl_alt_del_->set_sensitive(false);
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
    auto endpoint = parse_endpoint(*uri);
    if (!endpoint) {
        show_message(_("No console: the display address is not understood."));
        return;
    }
    if (endpoint->scheme == "spice") {
        spice_uri_ = *uri;
        external_->set_visible(true);
        show_message(
            _("This machine's display is SPICE. spicedesk's own SPICE viewer is not part of this "
              "version yet: open the console in remote-viewer, or switch the display to VNC."));
        return;
    }
    auto session = std::make_unique<VncSession>();
    session->on_frame = [this](const Cairo::RefPtr<Cairo::ImageSurface>& frame, int, int, int,
                               int) { view_.set_frame(frame); };
    session->on_state = [this](ConsoleState state, const std::string& message) {
        switch (state) {
            case ConsoleState::kConnecting:
                show_message(_("Connecting…"));
                break;
            case ConsoleState::kConnected:
                stack_->set_visible_child("viewer");
                ctrl_alt_del_->set_sensitive(true);
                screenshot_->set_sensitive(true);
                view_.grab_focus();
                break;
            case ConsoleState::kAuthFailed:
                show_message(
                    fmt::format(fmt::runtime(_("The console refused the password: {}")), message));
                break;
            case ConsoleState::kError:
                show_message(
                    fmt::format(fmt::runtime(_("The console connection failed: {}")), message));
                break;
            case ConsoleState::kDisconnected:
                show_message(_("The console was disconnected."));
                break;
        }
    };
    view_.attach(session.get());
    session_ = std::move(session);
    session_->open(endpoint->host, endpoint->port, endpoint->password);
}

void ConsolePage::save_screenshot() {
    const auto& frame = view_.frame();
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
    frame->write_to_png(path);
    screenshot_->set_tooltip_text(fmt::format(fmt::runtime(_("Saved {}")), path));
}

void ConsolePage::open_external() {
    auto endpoint = parse_endpoint(spice_uri_);
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
    const std::string text = fmt::format(
        "[virt-viewer]\ntype=spice\nhost={}\nport={}\npassword={}\ntitle={}\ndelete-this-file=1\n",
        endpoint->host, endpoint->port, endpoint->password, name_);
    (void)::write(fd, text.data(), text.size());
    ::close(fd);
    Glib::spawn_async("", std::vector<std::string>{"remote-viewer", path},
                      Glib::SpawnFlags::SEARCH_PATH);
}

}  // namespace spicedesk::gui
