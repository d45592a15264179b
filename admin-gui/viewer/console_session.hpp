#pragma once

// A console connection to one display, whatever its protocol (virt-viewer's split: a session
// per protocol behind one interface). Frames and state reach the GTK thread; input goes out.
// SpiceSession (over spice-core/client) joins VncSession here when the SPICE client lands.

#include <cairomm/surface.h>

#include <functional>
#include <string>

namespace spicedesk::gui {

enum class ConsoleState { kConnecting, kConnected, kDisconnected, kAuthFailed, kError };

class ConsoleSession {
  public:
    virtual ~ConsoleSession() = default;

    // Called on the GTK thread: the whole current frame (after an update of `x, y, w, h`).
    std::function<void(const Cairo::RefPtr<Cairo::ImageSurface>& frame, int x, int y, int width,
                       int height)>
        on_frame;
    // Called on the GTK thread when the connection changes state; `message` says why.
    std::function<void(ConsoleState state, const std::string& message)> on_state;

    virtual void open(const std::string& host, int port, const std::string& password) = 0;
    virtual void close() = 0;

    // Keyboard: X keysym (GDK keyval) and PC XT scancode (0 when unknown).
    virtual void send_key(bool down, unsigned keysym, unsigned scancode) = 0;
    // Pointer in guest framebuffer coordinates; `buttons` bit 0 left, 1 middle, 2 right.
    virtual void send_pointer(int x, int y, unsigned buttons) = 0;
};

}  // namespace spicedesk::gui
