#pragma once

// Shows one head of a console session: scaled to fit keeping the aspect ratio, or 1:1; sends
// keyboard input as PC XT scancodes (from the hardware keycode) with the keysym, and the
// pointer: absolute positions on the head (client mouse mode) or relative motion (server mouse
// mode; where the display is X11 the pointer is grabbed and warped back to the view's centre,
// elsewhere motion is sent without warping). A click grabs the keyboard
// (gdk_toplevel_inhibit_system_shortcuts) and, in server mode, the pointer; Ctrl+Alt releases
// both; Ctrl+Alt+F asks for full screen. GTK thread only.

#include <gtkmm/drawingarea.h>

#include <map>
#include <optional>
#include <set>

#include "admin-gui/viewer/console_session.hpp"
#include "admin-gui/viewer/scaling.hpp"

namespace spicedesk::gui {

class ConsoleView : public Gtk::DrawingArea {
  public:
    ConsoleView();
    ~ConsoleView() override;

    // The session this view shows and feeds; nullptr detaches. Not owned.
    void attach(ConsoleSession* session);
    // The head shown; without one, the whole frame of display 0.
    void set_head(const std::optional<ConsoleHead>& head);
    const std::optional<ConsoleHead>& head() const { return head_; }
    uint32_t display() const { return head_ ? head_->display : 0; }
    void set_frame(const Cairo::RefPtr<Cairo::ImageSurface>& frame);
    void set_scale_to_fit(bool fit);
    bool scale_to_fit() const { return fit_ && !guest_follows_; }
    // While the guest follows the view's size ("Resize guest to window"): drawn 1:1 but without
    // asking for the guest's size, so the window can shrink (spice-gtk's widget drops its size
    // request the same way).
    void set_guest_follows(bool follows);
    void set_relative_pointer(bool relative);
    void set_guest_cursor(const Glib::RefPtr<Gdk::Texture>& shape, int hot_x, int hot_y);
    // The guest's cursor position (frame coordinates), drawn while the pointer is grabbed in
    // server mouse mode.
    void set_guest_cursor_position(int x, int y);
    const Cairo::RefPtr<Cairo::ImageSurface>& frame() const { return frame_; }
    // The head's pixels as shown 1:1 (the frame cropped to the head).
    Cairo::RefPtr<Cairo::ImageSurface> head_image() const;

    // Sends a key combination (pressed in order, released in reverse).
    void send_combo(const std::vector<uint32_t>& scancodes, const std::vector<uint32_t>& keysyms);
    // Releases every key still down on the guest, the keyboard and the pointer grab.
    void release_all();
    bool grabbed() const { return keyboard_grabbed_ || pointer_grabbed_; }

    sigc::signal<void()>& signal_fullscreen_hotkey() { return fullscreen_hotkey_; }
    sigc::signal<void(bool)>& signal_grab_changed() { return grab_changed_; }

  private:
    void draw(const Cairo::RefPtr<Cairo::Context>& cr, int width, int height);
    int head_width() const;
    int head_height() const;
    bool key_pressed(unsigned keyval, unsigned keycode);
    void key_released(unsigned keyval, unsigned keycode);
    void pointer_moved(double x, double y);
    void send_buttons();
    void grab();
    void ungrab();
    void ungrab_pointer_x11();
    void warp_to_centre();
    void update_cursor();

    ConsoleSession* session_ = nullptr;
    std::optional<ConsoleHead> head_;
    Cairo::RefPtr<Cairo::ImageSurface> frame_;
    bool fit_ = true;
    bool guest_follows_ = false;
    Placement placement_;
    unsigned buttons_ = 0;
    double last_x_ = 0.0;  // the pointer's last widget position
    double last_y_ = 0.0;
    bool relative_ = false;
    bool keyboard_grabbed_ = false;
    bool pointer_grabbed_ = false;
    bool have_last_ = false;
    std::set<unsigned> keys_down_;            // scancodes, to release on focus loss
    std::map<unsigned, unsigned> keysym_of_;  // scancode → keysym pressed
    bool ctrl_down_ = false;
    bool alt_down_ = false;
    sigc::connection grab_retry_;
    int grab_retries_ = 0;
    Glib::RefPtr<Gdk::Cursor> guest_cursor_;
    Cairo::RefPtr<Cairo::ImageSurface> guest_cursor_image_;  // premultiplied ARGB32
    int cursor_hot_x_ = 0;
    int cursor_hot_y_ = 0;
    std::optional<GuestPoint> cursor_position_;
    Glib::RefPtr<Gdk::Cursor> blank_cursor_;
    sigc::signal<void()> fullscreen_hotkey_;
    sigc::signal<void(bool)> grab_changed_;
};

}  // namespace spicedesk::gui
