#pragma once

// The manager window: every virtual machine of the open connections, live (libvirt events and
// a one-second refresh for CPU use), with the lifecycle actions. GTK thread only.

#include <gtkmm/applicationwindow.h>
#include <gtkmm/builder.h>
#include <gtkmm/label.h>
#include <gtkmm/listbox.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libvirt-driver/connection/connection.hpp"
#include "libvirt-driver/connection/domain_events.hpp"
#include "libvirt-driver/connection/domain_monitor.hpp"

namespace spicedesk::gui {

class DomainRow;

// One open connection with what watches it. Held by pointer: the monitor and the event
// subscription keep the connection's address.
struct OpenConnection {
    explicit OpenConnection(virt::Connection opened)
        : connection(std::move(opened)), monitor(connection) {}

    virt::Connection connection;
    virt::DomainMonitor monitor;
    std::optional<virt::DomainEventSubscription> events;
};

class ManagerWindow : public Gtk::ApplicationWindow {
  public:
    ManagerWindow(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder);
    ~ManagerWindow() override;

    // Loads the window from its .ui resource.
    static ManagerWindow* create();

    void add_connection(virt::Connection connection);

    // Opens the details window of a domain; set by the application.
    std::function<void(OpenConnection&, const std::string& name)> on_open_domain;
    // Opens the new-VM wizard on a connection; set by the application.
    std::function<void(OpenConnection&)> on_new_domain;

  private:
    void refresh();
    void refresh_connection(OpenConnection& open);
    void update_actions();
    DomainRow* selected_row() const;
    OpenConnection* connection_of(const DomainRow& row) const;
    void run_on_selected(const std::string& what,
                         const std::function<Status(virt::Connection&, const std::string&)>& act);
    void confirm_delete();
    void ask_for_connection();

    Gtk::ListBox* list_ = nullptr;
    Gtk::Label* status_ = nullptr;
    std::vector<std::unique_ptr<OpenConnection>> connections_;
    std::map<std::pair<std::string, std::string>, DomainRow*> rows_;  // (uri, name) → row
    sigc::connection timer_;
};

}  // namespace spicedesk::gui
