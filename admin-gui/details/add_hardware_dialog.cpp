#include "admin-gui/details/add_hardware_dialog.hpp"

#include <glibmm/main.h>

#include "admin-gui/support/builder.hpp"
#include "admin-gui/support/i18n.hpp"

namespace spicedesk::gui {

AddHardwareDialog::AddHardwareDialog(BaseObjectType* object,
                                     const Glib::RefPtr<Gtk::Builder>& builder)
    : Gtk::Window(object) {
    using virt::HardwareKind;
    const std::pair<const char*, HardwareKind> ids[] = {
        {"kind_disk", HardwareKind::kDisk},
        {"kind_network", HardwareKind::kNetwork},
        {"kind_sound", HardwareKind::kSound},
        {"kind_video", HardwareKind::kVideo},
        {"kind_graphics", HardwareKind::kGraphics},
        {"kind_agent", HardwareKind::kSpiceAgent},
        {"kind_redirdev", HardwareKind::kUsbRedirector},
        {"kind_tablet", HardwareKind::kTablet},
    };
    for (const auto& [id, kind] : ids) {
        auto* button = get_widget<Gtk::CheckButton>(builder, id);
        button->signal_toggled().connect([this] { update_sensitivity(); });
        kinds_.emplace_back(button, kind);
    }
    disk_path_ = get_widget<Gtk::Entry>(builder, "disk_path_entry");
    network_ = get_widget<Gtk::Entry>(builder, "network_entry");
    error_ = get_widget<Gtk::Label>(builder, "error_label");
    get_widget<Gtk::Button>(builder, "cancel_button")->signal_clicked().connect([this] {
        close();
    });
    get_widget<Gtk::Button>(builder, "finish_button")->signal_clicked().connect([this] {
        finish();
    });
    signal_close_request().connect(
        [this] {
            Glib::signal_idle().connect_once([this] { delete this; });
            return false;
        },
        false);
}

AddHardwareDialog* AddHardwareDialog::create(
    Gtk::Window& parent, bool networks, std::function<Status(const virt::HardwareRequest&)> add) {
    auto builder =
        Gtk::Builder::create_from_resource("/org/spicedesk/SpiceDesk/add_hardware_dialog.ui");
    auto* dialog = get_derived<AddHardwareDialog>(builder, "add_hardware_dialog");
    dialog->set_transient_for(parent);
    dialog->networks_ = networks;
    dialog->add_ = std::move(add);
    dialog->network_->set_text(networks ? "default" : "");
    dialog->network_->set_placeholder_text(
        networks ? _("libvirt network name") : _("user-mode networking (no libvirt networks)"));
    dialog->update_sensitivity();
    return dialog;
}

void AddHardwareDialog::update_sensitivity() {
    for (const auto& [button, kind] : kinds_) {
        if (kind == virt::HardwareKind::kDisk) {
            disk_path_->set_sensitive(button->get_active());
        }
        if (kind == virt::HardwareKind::kNetwork) {
            network_->set_sensitive(networks_ && button->get_active());
        }
    }
    error_->set_visible(false);
}

void AddHardwareDialog::finish() {
    virt::HardwareRequest request;
    bool chosen = false;
    for (const auto& [button, kind] : kinds_) {
        if (button->get_active()) {
            request.kind = kind;
            chosen = true;
        }
    }
    if (!chosen) {
        error_->set_text(_("Choose the kind of hardware to add."));
        error_->set_visible(true);
        return;
    }
    request.disk_path = disk_path_->get_text();
    request.network = networks_ ? std::string(network_->get_text()) : std::string();
    if (auto done = add_(request); !done) {
        error_->set_text(done.message());
        error_->set_visible(true);
        return;
    }
    close();
}

}  // namespace spicedesk::gui
