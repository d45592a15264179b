#pragma once

// VNC console through gvnc (Debian's libgvnc): the connection runs on the GLib main loop (gvnc's
// coroutines), so everything here is on the GTK thread. The framebuffer is a Cairo image
// surface that gvnc draws into directly.

#include <memory>
#include <vector>

#include "admin-gui/viewer/console_session.hpp"

typedef struct _VncConnection VncConnection;  // NOLINT: gvnc's C type

namespace spicedesk::gui {

class VncSession : public ConsoleSession {
  public:
    VncSession();
    ~VncSession() override;
    VncSession(const VncSession&) = delete;
    VncSession& operator=(const VncSession&) = delete;

    void open(const std::string& host, int port, const std::string& password) override;
    void close() override;
    void send_key(bool down, unsigned keysym, unsigned scancode) override;
    void send_pointer(uint32_t display, int x, int y, unsigned buttons) override;

  private:
    struct Callbacks;
    void attach_framebuffer();
    void report(ConsoleState state, const std::string& message);

    VncConnection* connection_ = nullptr;
    std::string password_;
    // The pixels gvnc decodes into (Cairo RGB24 layout). Each update hands GTK a new Cairo
    // surface over them: a surface GTK has drawn keeps snapshots and must not change under them.
    Cairo::RefPtr<Cairo::ImageSurface> wrap_pixels();
    std::vector<unsigned char> pixels_;
    int width_ = 0;
    int height_ = 0;
    int stride_ = 0;
    bool reported_failure_ = false;
};

}  // namespace spicedesk::gui
