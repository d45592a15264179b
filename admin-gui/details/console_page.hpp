#pragma once

// Console page: connects to the running machine's display. VNC is shown here through gvnc in
// our own view; SPICE domains open in remote-viewer until spicedesk's own SPICE client (issue
// "spice-core client and the viewer") provides SpiceSession. GTK thread only.

#include <gtkmm/box.h>
#include <gtkmm/builder.h>
#include <gtkmm/button.h>
#include <gtkmm/label.h>
#include <gtkmm/stack.h>
#include <gtkmm/togglebutton.h>

#include <memory>
#include <string>

#include "admin-gui/viewer/console_session.hpp"
#include "admin-gui/viewer/console_view.hpp"
#include "libvirt-driver/connection/connection.hpp"

namespace spicedesk::gui {

class ConsolePage : public Gtk::Box {
  public:
    ConsolePage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder);
    // Holds a reference until the caller has parented the page (then unreference()).
    static ConsolePage* create();

    // The machine whose console this is; connects when it runs.
    void set_domain(virt::Connection& connection, const std::string& name);
    void connect_console();

  private:
    void show_message(const std::string& text);
    void open_external();
    void save_screenshot();

    Gtk::Stack* stack_ = nullptr;
    Gtk::Label* message_ = nullptr;
    Gtk::Button* connect_ = nullptr;
    Gtk::Button* ctrl_alt_del_ = nullptr;
    Gtk::ToggleButton* fit_ = nullptr;
    Gtk::Button* screenshot_ = nullptr;
    Gtk::Button* external_ = nullptr;
    ConsoleView view_;

    virt::Connection* connection_ = nullptr;
    std::string name_;
    std::string spice_uri_;  // with password, for remote-viewer; never logged
    std::unique_ptr<ConsoleSession> session_;
};

}  // namespace spicedesk::gui
