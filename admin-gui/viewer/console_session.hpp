#pragma once

// A console connection to a machine's displays, whatever its protocol (virt-viewer's split: a
// session per protocol behind one interface): VncSession (gvnc) and SpiceSession (our SPICE
// client). Frames, state, heads, the pointer mode and the cursor reach the GTK thread through
// the callbacks below; input goes out. GTK thread only.

#include <cairomm/surface.h>
#include <gdkmm/texture.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "admin-gui/viewer/resize_policy.hpp"

namespace spicedesk::gui {

enum class ConsoleState { kConnecting, kConnected, kDisconnected, kAuthFailed, kError };

// One monitor: an area of a display's frame (SPICE: a head of MONITORS_CONFIG on the primary
// surface of display channel `display`).
struct ConsoleHead {
    uint32_t display = 0;
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
};

class ConsoleSession {
  public:
    virtual ~ConsoleSession() = default;

    // The whole current frame of `display` (after an update of `x, y, w, h`). Each call hands a
    // new surface: one GTK has drawn keeps snapshots and is not changed afterwards.
    std::function<void(uint32_t display, const Cairo::RefPtr<Cairo::ImageSurface>& frame, int x,
                       int y, int width, int height)>
        on_frame;
    // The connection changed state; `message` says why.
    std::function<void(ConsoleState state, const std::string& message)> on_state;
    // The monitors to show, one window or view each (empty: one per display, the whole frame).
    std::function<void(const std::vector<ConsoleHead>& heads)> on_heads;
    // true: the guest wants relative motion (SPICE server mouse mode); false: absolute positions.
    std::function<void(bool relative)> on_pointer_mode;
    // The guest's cursor; a null texture hides it.
    std::function<void(const Glib::RefPtr<Gdk::Texture>& shape, int hot_x, int hot_y)> on_cursor;
    // Where the guest puts its cursor (frame coordinates of display 0): drawn by the view in
    // server mouse mode, where the local pointer is hidden.
    std::function<void(int x, int y)> on_cursor_moved;
    // Whether the guest can follow the window's size now (SPICE: its agent is connected).
    std::function<void(bool available)> on_guest_resize_available;

    virtual void open(const std::string& host, int port, const std::string& password) = 0;
    virtual void close() = 0;

    // Keyboard: X keysym (GDK keyval) and PC XT scancode (set 1 make code, 0xE0xx for extended
    // keys; 0 when unknown).
    virtual void send_key(bool down, unsigned keysym, unsigned scancode) = 0;
    // Absolute pointer in `display`'s frame coordinates; `buttons` bit 0 left, 1 middle, 2 right,
    // 3 wheel up, 4 wheel down.
    virtual void send_pointer(uint32_t display, int x, int y, unsigned buttons) = 0;
    // Relative motion (only when on_pointer_mode said relative).
    virtual void send_motion(int dx, int dy, unsigned buttons) {
        (void)dx, (void)dy, (void)buttons;
    }
    virtual bool relative_pointer() const { return false; }
    // Asks the guest for these monitor sizes (monitor 0 first); ignored where not available.
    virtual void resize_guest(const std::vector<GuestSize>& monitors) { (void)monitors; }
};

}  // namespace spicedesk::gui
