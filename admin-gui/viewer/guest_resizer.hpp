#pragma once

// Runs ResizePolicy for one console session on the GTK main loop: the 1 s debounce timer, the
// monitors request through ConsoleSession::resize_guest (the saved preference is AppSettings'
// console_resize_guest). GTK thread only.

#include <sigc++/connection.h>

#include "admin-gui/viewer/console_session.hpp"
#include "admin-gui/viewer/console_view.hpp"
#include "admin-gui/viewer/resize_policy.hpp"

namespace spicedesk::gui {

class GuestResizer {
  public:
    GuestResizer() = default;
    ~GuestResizer();
    GuestResizer(const GuestResizer&) = delete;
    GuestResizer& operator=(const GuestResizer&) = delete;

    // The session requests go to (nullptr: none); the agent counts as gone until it says so.
    void attach(ConsoleSession* session);
    void set_enabled(bool on);
    void set_available(bool agent_connected);
    void set_view_size(size_t head, int width, int height);
    // The view showing head: its size in device pixels goes to set_view_size as it changes.
    void watch(size_t head, ConsoleView& view);
    bool enabled() const { return policy_.enabled(); }
    bool available() const { return policy_.available(); }

  private:
    void act(ResizePolicy::Action action);
    void send();

    ConsoleSession* session_ = nullptr;
    ResizePolicy policy_;
    sigc::connection timer_;
};

}  // namespace spicedesk::gui
