#pragma once

// SPICE console over our own client (spice-core/client's Session). The client runs on its own
// thread ("spice-client"); its observer callbacks only record what changed under a lock and
// wake the GTK thread through one Glib::Dispatcher (several changes before the GTK thread runs
// are coalesced into one wake-up: damage rectangles merge per display). On the GTK thread the
// damaged areas are copied out of the session's frame (under its lock, through with_frame) into
// our own pixels, and the ConsoleSession callbacks run.
//
// Threads: constructed, used and destroyed on the GTK thread; the SessionObserver overrides run
// on the client thread and touch only `pending_` (under `mutex_`) and the dispatcher.

#include <glibmm/dispatcher.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "admin-gui/viewer/console_session.hpp"
#include "spice-core/client/session.hpp"

namespace spicedesk::gui {

class SpiceSession : public ConsoleSession, private core::client::SessionObserver {
  public:
    SpiceSession();
    ~SpiceSession() override;
    SpiceSession(const SpiceSession&) = delete;
    SpiceSession& operator=(const SpiceSession&) = delete;

    // Plain port only (ConsoleSession's form).
    void open(const std::string& host, int port, const std::string& password) override;
    // Everything the client takes: TLS port, CA file, host subject.
    void open(core::client::ConnectOptions options);
    void close() override;

    void send_key(bool down, unsigned keysym, unsigned scancode) override;
    void send_pointer(uint32_t display, int x, int y, unsigned buttons) override;
    void send_motion(int dx, int dy, unsigned buttons) override;
    bool relative_pointer() const override { return relative_; }
    void resize_guest(const std::vector<GuestSize>& monitors) override;

  private:
    // What the client thread saw since the GTK thread last looked.
    struct Damage {
        int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // bounding box, x1/y1 exclusive
    };
    struct Pending {
        std::vector<std::pair<ConsoleState, std::string>> states;
        std::map<uint32_t, Damage> damage;
        std::map<uint32_t, std::vector<core::client::Head>> monitors;
        std::optional<core::client::MouseMode> mouse_mode;
        bool cursor_changed = false;
        std::optional<core::client::CursorImage> cursor;  // nullopt: hidden
        std::optional<std::pair<int, int>> cursor_position;
        std::optional<bool> agent_connected;
    };
    // A display's pixels on the GTK thread (Cairo RGB24). Shared with the Cairo surfaces handed
    // out, so a surface GTK still holds keeps its memory after a resize.
    struct Display {
        std::shared_ptr<std::vector<uint32_t>> pixels;
        int width = 0;
        int height = 0;
    };

    // SessionObserver (client thread).
    void on_connected() override;
    void on_primary_surface(uint32_t channel_id, int width, int height) override;
    void on_invalidate(uint32_t channel_id, int x, int y, int width, int height) override;
    void on_monitors(uint32_t channel_id, const std::vector<core::client::Head>& heads) override;
    void on_mouse_mode(core::client::MouseMode mode) override;
    void on_cursor_shape(const core::client::CursorImage* shape) override;
    void on_cursor_position(int x, int y) override;
    void on_closed(const Status& why) override;
    void on_agent(const core::client::AgentState& state) override;
    void wake();  // with mutex_ held

    // GTK thread.
    void deliver();
    void report(ConsoleState state, const std::string& message);
    Cairo::RefPtr<Cairo::ImageSurface> surface_of(const Display& display);
    void update_heads();
    void send_buttons(unsigned buttons);
    void set_agent_connected(bool connected);

    std::mutex mutex_;
    Pending pending_;
    bool wake_queued_ = false;
    Glib::Dispatcher dispatcher_;

    std::unique_ptr<core::client::Session> session_;
    std::map<uint32_t, Display> displays_;
    std::map<uint32_t, std::vector<core::client::Head>> monitors_;
    std::vector<ConsoleHead> heads_;
    bool relative_ = false;
    unsigned buttons_ = 0;
    bool reported_failure_ = false;
    bool connected_ = false;
    bool agent_connected_ = false;
};

}  // namespace spicedesk::gui
