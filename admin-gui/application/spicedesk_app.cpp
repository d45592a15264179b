#include "admin-gui/application/spicedesk_app.hpp"

#include <glibmm/miscutils.h>

#include "admin-gui/details/details_window.hpp"
#include "admin-gui/manager/manager_window.hpp"
#include "admin-gui/support/app_settings.hpp"
#include "admin-gui/support/error_dialog.hpp"
#include "admin-gui/support/i18n.hpp"
#include "admin-gui/wizard/new_vm_wizard.hpp"
#include "libvirt-driver/connection/default_uri.hpp"
#include "libvirt-driver/connection/event_loop.hpp"

namespace spicedesk::gui {

Glib::RefPtr<SpiceDeskApp> SpiceDeskApp::create() {
    return Glib::make_refptr_for_instance<SpiceDeskApp>(new SpiceDeskApp());
}

SpiceDeskApp::SpiceDeskApp()
    : Gtk::Application("org.spicedesk.SpiceDesk", Gio::Application::Flags::NON_UNIQUE) {
    Glib::set_application_name(_("SpiceDesk"));
    add_main_option_entry(
        OptionType::STRING, "connect", 'c',
        _("libvirt URI to connect to (default: SPICEDESK_URI, else the saved default "
          "connection, else the first that applies of qemu:///system, "
          "qemu:///embed and test:///default)"),
        "URI");
    signal_handle_local_options().connect(
        sigc::mem_fun(*this, &SpiceDeskApp::on_handle_local_options), false);
}

int SpiceDeskApp::on_handle_local_options(const Glib::RefPtr<Glib::VariantDict>& options) {
    Glib::ustring uri;
    if (options->lookup_value("connect", uri)) {
        requested_uri_ = uri;
    }
    return -1;  // go on
}

void SpiceDeskApp::on_startup() {
    Gtk::Application::on_startup();
    // libvirt's callbacks (events, the embedded QEMU driver) run on this GLib main loop.
    virt::register_glib_event_loop();
    set_accel_for_action("win.new-vm", "<Control>n");
    set_accel_for_action("win.open-vm", "<Control>o");
    set_accel_for_action("win.run", "<Control>r");
    set_accel_for_action("win.force-off", "<Control><Shift>f");
    set_accel_for_action("win.delete", "Delete");
    set_accel_for_action("win.add-connection", "<Control><Shift>n");
}

void SpiceDeskApp::on_activate() {
    if (manager_ != nullptr) {
        manager_->present();
        return;
    }
    manager_ = ManagerWindow::create();
    add_window(*manager_);
    manager_->signal_hide().connect([this] {
        delete manager_;
        manager_ = nullptr;
    });
    manager_->on_open_domain = [this](OpenConnection& open, const std::string& name) {
        auto draft = virt::DomainDraft::for_defined(open.connection, name);
        if (!draft) {
            show_error(*manager_, _("Cannot open the virtual machine"), draft.message());
            return;
        }
        auto* details = DetailsWindow::create(open.connection, std::move(draft).value(),
                                              DetailsWindow::Mode::kEdit);
        details->set_transient_for(*manager_);
        details->present();
    };
    manager_->on_new_domain = [this](OpenConnection& open) {
        auto* wizard = NewVmWizard::create(open.connection);
        wizard->set_transient_for(*manager_);
        wizard->present();
    };
    manager_->present();

    // --connect, else SPICEDESK_URI, else the user's saved default, else auto-detection.
    auto probe = virt::probe_host(requested_uri_);
    if (!probe.requested) {
        probe.requested = AppSettings::load().default_uri;
    }
    const std::string uri = virt::choose_default_uri(probe);
    auto connection = virt::Connection::open(uri);
    if (!connection) {
        show_error(*manager_, _("Cannot open the connection"), connection.message());
        return;
    }
    manager_->add_connection(std::move(connection).value());
}

}  // namespace spicedesk::gui
