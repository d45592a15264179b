#pragma once

// A spicedesk-viewer window: one guest monitor (head) of a console session, with the send-key
// menu, scaling, "Resize guest to window" and full screen; before the picture comes, what the
// connection is doing or why it failed. The session belongs to the ViewerApp; the window only shows
// one head. GTK thread.

#include <gtkmm/applicationwindow.h>
#include <gtkmm/box.h>
#include <gtkmm/builder.h>
#include <gtkmm/label.h>
#include <gtkmm/menubutton.h>
#include <gtkmm/stack.h>
#include <gtkmm/togglebutton.h>

#include <string>

#include "admin-gui/viewer/console_view.hpp"

namespace spicedesk::gui {

class ViewerWindow : public Gtk::ApplicationWindow {
  public:
    ViewerWindow(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder);
    static ViewerWindow* create();

    ConsoleView& view() { return view_; }
    void show_message(const std::string& text);
    // Shows `head` of the session's frames; the first head sizes the window to it.
    void show_head(const ConsoleHead& head);
    void toggle_fullscreen();
    // "Resize guest to window": the toggle's state (without emitting its signal) and whether the
    // guest can follow now (the toggle is insensitive otherwise). While it is on and the guest
    // follows, the picture is shown 1:1 (scaling off, as remote-viewer does).
    void set_resize_guest(bool on);
    void set_resize_available(bool available);
    sigc::signal<void(bool)>& signal_resize_guest_toggled() { return resize_toggled_; }

  private:
    void apply_scaling();

    Gtk::Stack* stack_ = nullptr;
    Gtk::Label* message_ = nullptr;
    Gtk::Box* toolbar_ = nullptr;
    Gtk::ToggleButton* fit_ = nullptr;
    Gtk::ToggleButton* resize_ = nullptr;
    bool setting_resize_ = false;
    sigc::signal<void(bool)> resize_toggled_;
    Gtk::Label* grab_label_ = nullptr;
    ConsoleView view_;
    bool sized_ = false;
};

}  // namespace spicedesk::gui
