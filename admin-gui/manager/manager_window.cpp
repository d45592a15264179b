#include "admin-gui/manager/manager_window.hpp"

#include <fmt/format.h>
#include <giomm/simpleaction.h>
#include <glibmm/main.h>
#include <gtkmm/checkbutton.h>
#include <gtkmm/entry.h>
#include <gtkmm/messagedialog.h>

#include "admin-gui/manager/domain_row.hpp"
#include "admin-gui/support/accessible.hpp"
#include "admin-gui/support/builder.hpp"
#include "admin-gui/support/error_dialog.hpp"
#include "admin-gui/support/i18n.hpp"
#include "libvirt-driver/connection/disk_storage.hpp"
#include "libvirt-driver/domain/domain_xml.hpp"

namespace spicedesk::gui {
namespace {

bool is_live(virt::DomainState state) {
    return state == virt::DomainState::kRunning || state == virt::DomainState::kBlocked ||
           state == virt::DomainState::kPaused || state == virt::DomainState::kShutdown;
}

}  // namespace

ManagerWindow::ManagerWindow(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder)
    : Gtk::ApplicationWindow(object) {
    list_ = get_widget<Gtk::ListBox>(builder, "domain_list");
    status_ = get_widget<Gtk::Label>(builder, "status_label");
    list_->set_sort_func([](Gtk::ListBoxRow* a, Gtk::ListBoxRow* b) {
        const auto* left = dynamic_cast<DomainRow*>(a);
        const auto* right = dynamic_cast<DomainRow*>(b);
        return left->domain_name().compare(right->domain_name());
    });
    list_->signal_selected_rows_changed().connect([this] { update_actions(); });
    list_->signal_row_activated().connect([this](Gtk::ListBoxRow*) { activate_action("open-vm"); });

    using virt::Connection;
    add_action("open-vm", [this] {
        if (auto* row = selected_row(); row != nullptr && on_open_domain) {
            on_open_domain(*connection_of(*row), row->domain_name());
        }
    });
    add_action("run", [this] {
        run_on_selected(_("Cannot start the virtual machine"), &Connection::start);
    });
    add_action("pause", [this] {
        auto* row = selected_row();
        if (row != nullptr && row->state() == virt::DomainState::kPaused) {
            run_on_selected(_("Cannot resume the virtual machine"), &Connection::resume);
        } else {
            run_on_selected(_("Cannot pause the virtual machine"), &Connection::suspend);
        }
    });
    add_action("shutdown", [this] {
        run_on_selected(_("Cannot shut down the virtual machine"), &Connection::shutdown);
    });
    add_action("reboot", [this] {
        run_on_selected(_("Cannot reboot the virtual machine"), &Connection::reboot);
    });
    add_action("force-off", [this] {
        run_on_selected(_("Cannot force off the virtual machine"), &Connection::destroy);
    });
    add_action("delete", [this] { confirm_delete(); });
    add_action("new-vm", [this] {
        // The selected machine's connection, else the first one.
        OpenConnection* open = selected_row() != nullptr ? connection_of(*selected_row()) : nullptr;
        if (open == nullptr && !connections_.empty()) {
            open = connections_.front().get();
        }
        if (open != nullptr && on_new_domain) {
            on_new_domain(*open);
        }
    });
    add_action("add-connection", [this] { ask_for_connection(); });

    timer_ = Glib::signal_timeout().connect_seconds(
        [this] {
            refresh();
            return true;
        },
        1);
    update_actions();
}

ManagerWindow::~ManagerWindow() {
    timer_.disconnect();
}

ManagerWindow* ManagerWindow::create() {
    auto builder = Gtk::Builder::create_from_resource("/org/spicedesk/SpiceDesk/manager_window.ui");
    return get_derived<ManagerWindow>(builder, "manager_window");
}

void ManagerWindow::add_connection(virt::Connection connection) {
    auto open = std::make_unique<OpenConnection>(std::move(connection));
    auto events = virt::DomainEventSubscription::subscribe(
        open->connection, [this](const virt::DomainEvent&) { refresh(); });
    if (events) {
        open->events.emplace(std::move(events).value());
    }
    connections_.push_back(std::move(open));
    refresh();
}

void ManagerWindow::refresh() {
    for (auto& open : connections_) {
        refresh_connection(*open);
    }
    std::string uris;
    for (const auto& open : connections_) {
        uris += (uris.empty() ? "" : ", ") + open->connection.uri();
    }
    status_->set_text(fmt::format(fmt::runtime(_("Connected to {}")), uris));
    update_actions();
}

void ManagerWindow::refresh_connection(OpenConnection& open) {
    const std::string& uri = open.connection.uri();
    if (auto status = open.monitor.refresh(); !status) {
        status_->set_text(status.message());
        return;
    }
    std::map<std::pair<std::string, std::string>, DomainRow*> seen;
    for (const auto& domain : open.monitor.domains()) {
        const auto key = std::make_pair(uri, domain.info.name);
        auto found = rows_.find(key);
        if (found == rows_.end()) {
            auto* row = Gtk::make_managed<DomainRow>(uri, domain);
            list_->append(*row);
            seen[key] = row;
        } else {
            found->second->update(domain);
            seen[key] = found->second;
            rows_.erase(found);
        }
    }
    // Rows of this connection not seen again are gone; other connections' rows stay.
    for (auto it = rows_.begin(); it != rows_.end();) {
        if (it->first.first == uri) {
            list_->remove(*it->second);
            it = rows_.erase(it);
        } else {
            ++it;
        }
    }
    rows_.merge(seen);
    list_->invalidate_sort();
}

DomainRow* ManagerWindow::selected_row() const {
    return dynamic_cast<DomainRow*>(list_->get_selected_row());
}

OpenConnection* ManagerWindow::connection_of(const DomainRow& row) const {
    for (const auto& open : connections_) {
        if (open->connection.uri() == row.connection_uri()) {
            return open.get();
        }
    }
    return nullptr;
}

void ManagerWindow::update_actions() {
    const DomainRow* row = selected_row();
    const bool selected = row != nullptr;
    const virt::DomainState state = selected ? row->state() : virt::DomainState::kNoState;
    const bool active = is_live(state);
    auto enable = [this](const char* name, bool on) {
        if (auto action = std::dynamic_pointer_cast<Gio::SimpleAction>(lookup_action(name))) {
            action->set_enabled(on);
        }
    };
    enable("open-vm", selected);
    enable("run", selected && !active);
    enable("pause", selected && active);
    enable("shutdown", selected && state == virt::DomainState::kRunning);
    enable("reboot", selected && state == virt::DomainState::kRunning);
    enable("force-off", selected && active);
    enable("delete", selected);
}

void ManagerWindow::run_on_selected(
    const std::string& what,
    const std::function<Status(virt::Connection&, const std::string&)>& act) {
    DomainRow* row = selected_row();
    OpenConnection* open = row != nullptr ? connection_of(*row) : nullptr;
    if (open == nullptr) {
        return;
    }
    if (auto done = act(open->connection, row->domain_name()); !done) {
        show_error(*this, what, done.message());
    }
    refresh();
}

void ManagerWindow::confirm_delete() {
    DomainRow* row = selected_row();
    OpenConnection* open = row != nullptr ? connection_of(*row) : nullptr;
    if (open == nullptr) {
        return;
    }
    const std::string name = row->domain_name();
    auto* dialog = new Gtk::MessageDialog(
        *this, fmt::format(fmt::runtime(_("Delete the virtual machine “{}”?")), name), false,
        Gtk::MessageType::QUESTION, Gtk::ButtonsType::NONE, true);
    dialog->set_secondary_text(
        _("Its definition is removed; a running machine is forced off first."));
    auto* remove_disks = Gtk::make_managed<Gtk::CheckButton>(_("Also delete its disk images"));
    remove_disks->set_active(true);
    dialog->get_content_area()->append(*remove_disks);
    dialog->add_button(_("_Cancel"), Gtk::ResponseType::CANCEL);
    dialog->add_button(_("_Delete"), Gtk::ResponseType::ACCEPT)
        ->add_css_class("destructive-action");
    dialog->signal_response().connect([this, dialog, remove_disks, open, name](int response) {
        const bool with_disks = remove_disks->get_active();
        dialog->hide();
        Glib::signal_idle().connect_once([dialog] { delete dialog; });
        if (response != Gtk::ResponseType::ACCEPT) {
            return;
        }
        std::vector<std::string> disks;
        if (auto xml = open->connection.domain_xml(name, virt::XmlFlavour::kInactive, false)) {
            if (auto domain = virt::DomainXml::parse(*xml)) {
                for (const auto& disk : domain->disks()) {
                    if (disk.device() == "disk" && !disk.source().empty()) {
                        disks.push_back(disk.source());
                    }
                }
            }
        }
        if (auto info = open->connection.domain_info(name); info && is_live(info->state)) {
            (void)open->connection.destroy(name);
        }
        if (auto done = open->connection.undefine(name); !done) {
            show_error(*this, _("Cannot delete the virtual machine"), done.message());
            return;
        }
        if (with_disks) {
            std::string failures;
            for (const auto& disk : disks) {
                if (auto deleted = virt::delete_disk(open->connection, disk); !deleted) {
                    failures += deleted.message() + "\n";
                }
            }
            if (!failures.empty()) {
                show_error(*this, _("Some disk images were not deleted"), failures);
            }
        }
        refresh();
    });
    dialog->show();
}

void ManagerWindow::ask_for_connection() {
    auto* dialog = new Gtk::MessageDialog(*this, _("Connect to a libvirt URI"), false,
                                          Gtk::MessageType::OTHER, Gtk::ButtonsType::NONE, true);
    dialog->set_secondary_text(
        _("For example qemu:///system, qemu+ssh://root@host/system or test:///default."));
    auto* entry = Gtk::make_managed<Gtk::Entry>();
    entry->set_activates_default(true);
    set_accessible_label(*entry, _("Connection URI"));
    dialog->get_content_area()->append(*entry);
    dialog->add_button(_("_Cancel"), Gtk::ResponseType::CANCEL);
    dialog->add_button(_("C_onnect"), Gtk::ResponseType::ACCEPT);
    dialog->set_default_response(Gtk::ResponseType::ACCEPT);
    dialog->signal_response().connect([this, dialog, entry](int response) {
        const std::string uri = entry->get_text();
        dialog->hide();
        Glib::signal_idle().connect_once([dialog] { delete dialog; });
        if (response != Gtk::ResponseType::ACCEPT || uri.empty()) {
            return;
        }
        for (const auto& open : connections_) {
            if (open->connection.uri() == uri) {
                return;
            }
        }
        auto opened = virt::Connection::open(uri);
        if (!opened) {
            show_error(*this, _("Cannot connect"), opened.message());
            return;
        }
        add_connection(std::move(opened).value());
    });
    dialog->show();
}

}  // namespace spicedesk::gui
