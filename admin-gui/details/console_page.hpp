#pragma once

// Console page: connects to the running machine's display and shows it in our own view: SPICE
// through SpiceSession (our client), VNC through VncSession (gvnc); one head (the first
// monitor), with the send-key menu, scaling, "Resize guest to window" (while the SPICE agent is
// connected; saved), full screen and a screenshot; a password the
// server refuses (or that the definition hides) is asked for. SPICE machines can
// still open in remote-viewer. GTK thread only.

#include <gtkmm/box.h>
#include <gtkmm/builder.h>
#include <gtkmm/button.h>
#include <gtkmm/label.h>
#include <gtkmm/menubutton.h>
#include <gtkmm/passwordentry.h>
#include <gtkmm/stack.h>
#include <gtkmm/togglebutton.h>

#include <memory>
#include <optional>
#include <string>

#include "admin-gui/viewer/console_session.hpp"
#include "admin-gui/viewer/console_view.hpp"
#include "admin-gui/viewer/guest_resizer.hpp"
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
    void toggle_fullscreen();
    void on_state(ConsoleState state, const std::string& message);
    void ask_password(const std::string& why);
    void apply_scaling();

    Gtk::Stack* stack_ = nullptr;
    Gtk::Label* message_ = nullptr;
    Gtk::Button* connect_ = nullptr;
    Gtk::Button* ctrl_alt_del_ = nullptr;
    Gtk::ToggleButton* fit_ = nullptr;
    Gtk::ToggleButton* resize_ = nullptr;
    Gtk::Button* screenshot_ = nullptr;
    Gtk::Button* external_ = nullptr;
    Gtk::MenuButton* send_key_ = nullptr;
    Gtk::Button* fullscreen_ = nullptr;
    Gtk::Box* toolbar_ = nullptr;
    Gtk::Label* password_message_ = nullptr;
    Gtk::PasswordEntry* password_entry_ = nullptr;
    ConsoleView view_;

    virt::Connection* connection_ = nullptr;
    std::string name_;
    std::string spice_uri_;  // with password, for remote-viewer; never logged
    std::unique_ptr<ConsoleSession> session_;
    GuestResizer resizer_;  // the view's size is guest monitor 0
    // What the user typed when the server refused the definition's password (or the definition
    // hides it); used instead of it until another machine is shown. Never logged.
    std::optional<std::string> typed_password_;
};

}  // namespace spicedesk::gui
