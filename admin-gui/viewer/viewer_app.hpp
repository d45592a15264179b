#pragma once

// spicedesk-viewer's application: one SpiceSession, one ViewerWindow per guest monitor (the
// heads of MONITORS_CONFIG on each display channel; a display without them is one monitor).
// Closing the first window ends the program; closing another hides that monitor. "Resize guest
// to window" (one setting for every window, saved) asks for each window's size. GTK thread.

#include <gtkmm/application.h>

#include <map>
#include <memory>
#include <vector>

#include "admin-gui/viewer/connect_target.hpp"
#include "admin-gui/viewer/guest_resizer.hpp"
#include "admin-gui/viewer/spice_session.hpp"
#include "admin-gui/viewer/viewer_window.hpp"

namespace spicedesk::gui {

class ViewerApp : public Gtk::Application {
  public:
    static Glib::RefPtr<ViewerApp> create(SpiceTarget target, core::client::ConnectOptions options);
    ~ViewerApp() override;
    // 0 after a session the user closed, 1 when the connection failed.
    int exit_status() const { return failed_ ? 1 : 0; }

  protected:
    ViewerApp(SpiceTarget target, core::client::ConnectOptions options);
    void on_activate() override;

  private:
    void on_state(ConsoleState state, const std::string& message);
    void show_heads(const std::vector<ConsoleHead>& heads);
    ViewerWindow& add_viewer_window();
    std::string window_title(size_t index) const;
    void set_resize_guest(bool on);

    SpiceTarget target_;
    core::client::ConnectOptions options_;
    std::unique_ptr<SpiceSession> session_;
    GuestResizer resizer_;  // window i's view size is guest monitor i
    std::vector<std::unique_ptr<ViewerWindow>> windows_;
    std::vector<ConsoleHead> heads_;
    std::map<uint32_t, Cairo::RefPtr<Cairo::ImageSurface>> frames_;  // the latest per display
    bool relative_ = false;
    Glib::RefPtr<Gdk::Texture> cursor_;
    int cursor_hot_x_ = 0;
    int cursor_hot_y_ = 0;
    bool failed_ = false;
};

}  // namespace spicedesk::gui
