#pragma once

// Our SPICE client: one Session per connection to a SPICE server (QEMU's libspice-server, our
// spice-core server, the demo VM). It links the main channel, then every display, inputs and
// cursor channel the server lists (playback, record, usbredir join later through the same
// channel table), decodes what the server sends into one pixman surface per display channel,
// and sends input.
//
// Threads: the network and all decoding run on the session's own thread ("spice-client", an Asio
// io_context). Observer callbacks are called on that thread; an observer hands work to its own
// loop (the GUI through Glib::Dispatcher). The send_* calls and the Frame accessors are
// thread-safe and may be called from any thread.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "spice-core/protocol/caps.hpp"

namespace spicedesk::core::client {

struct ConnectOptions {
    std::string host = "127.0.0.1";
    uint16_t port = 0;         // plain port; 0 = none
    uint16_t tls_port = 0;     // TLS port; 0 = none. With both, channels use TLS where the server
                               // asks for it (SPICE_LINK_ERR_NEED_SECURED) and plain otherwise.
    std::string password;      // ticket; never logged
    std::string ca_file;       // PEM CA for TLS; empty = system default
    std::string host_subject;  // e.g. "C=XX,L=city,O=org,CN=host"; empty = check the host name
    // Image compression the client tells the server it prefers (SPICE_IMAGE_COMPRESSION_*),
    // nullopt = leave the server's choice.
    std::optional<uint8_t> preferred_compression;
};

enum class MouseMode { kServer, kClient };

// One head of a display channel: an area of that channel's primary surface.
struct Head {
    uint32_t monitor_id = 0;
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
};

struct CursorImage {
    int width = 0;
    int height = 0;
    int hot_x = 0;
    int hot_y = 0;
    std::vector<uint32_t> argb;  // straight (not premultiplied) ARGB32, width * height, top-down
};

// A display channel's primary surface as the GUI reads it: a copy kept by the session, updated
// on the client thread under its lock after each batch of draws.
struct FrameView {
    const uint32_t* pixels = nullptr;  // xRGB32 (0x00RRGGBB), rows top-down
    int width = 0;
    int height = 0;
    int stride = 0;  // in pixels
};

// The guest agent as the main channel sees it (spice-gtk's "agent-connected" and agent caps).
struct AgentState {
    bool connected = false;
    bool caps_received = false;  // the agent announced its capabilities
    Caps caps;                   // VD_AGENT_CAP_* bits as announced
    bool has(unsigned cap) const { return caps_received && caps.has(cap); }
};

// One guest monitor the client asks for (VD_AGENT_MONITORS_CONFIG), in the order of the guest's
// monitors (display channel 0's heads first).
struct MonitorRequest {
    int x = 0;  // wanted position; the session lays monitors out left to right by it
    int y = 0;
    int width = 0;
    int height = 0;
};

class SessionObserver {
  public:
    virtual ~SessionObserver() = default;
    // The main channel is up (ticket accepted); channels follow.
    virtual void on_connected() {}
    // A display channel's primary surface was created or resized (channel_id = display channel
    // id, 0 for the first QXL device).
    virtual void on_primary_surface(uint32_t channel_id, int width, int height) {
        (void)channel_id, (void)width, (void)height;
    }
    // Pixels changed inside this rectangle of the primary surface of channel_id.
    virtual void on_invalidate(uint32_t channel_id, int x, int y, int width, int height) {
        (void)channel_id, (void)x, (void)y, (void)width, (void)height;
    }
    // The server sent MARK on this channel (its first complete picture).
    virtual void on_mark(uint32_t channel_id) { (void)channel_id; }
    virtual void on_monitors(uint32_t channel_id, const std::vector<Head>& heads) {
        (void)channel_id, (void)heads;
    }
    virtual void on_mouse_mode(MouseMode mode) { (void)mode; }
    // shape == nullptr: hide the cursor.
    virtual void on_cursor_shape(const CursorImage* shape) { (void)shape; }
    virtual void on_cursor_position(int x, int y) { (void)x, (void)y; }
    // The session ended: ok() when closed by us, else why (auth failure, connect failure, a
    // protocol error, the server closing). Called once.
    virtual void on_closed(const Status& why) { (void)why; }
    // (Added.) A channel other than main closed (channel_type: SPICE_CHANNEL_*); why as in
    // on_closed. The session goes on without it.
    virtual void on_channel_closed(uint8_t channel_type, uint8_t channel_id, const Status& why) {
        (void)channel_type, (void)channel_id, (void)why;
    }
    // (Added.) A batch of display messages on channel_id was applied (whether or not pixels
    // changed); after on_invalidate for that batch.
    virtual void on_display_batch(uint32_t channel_id) { (void)channel_id; }
    // (Added.) The agent connected, disconnected or announced its capabilities.
    virtual void on_agent(const AgentState& state) { (void)state; }
    // (Added.) The agent answered a request (VD_AGENT_REPLY: type = VD_AGENT_MONITORS_CONFIG or
    // VD_AGENT_DISPLAY_CONFIG, error = VD_AGENT_SUCCESS or VD_AGENT_ERROR).
    virtual void on_agent_reply(uint32_t type, uint32_t error) { (void)type, (void)error; }
};

class Session {
  public:
    // Starts connecting on the session thread; returns at once. The observer must outlive the
    // Session.
    static std::unique_ptr<Session> start(ConnectOptions options, SessionObserver& observer);
    virtual ~Session() = default;  // closes and joins the session thread

    virtual void close() = 0;

    // Runs fn with the current primary surface of channel_id under the frame lock (fn must be
    // quick: copy what it needs). Returns false when that channel has no surface yet.
    virtual bool with_frame(uint32_t channel_id,
                            const std::function<void(const FrameView&)>& fn) const = 0;

    // Inputs (PC XT scancodes as SPICE sends them: extended keys as 0xE0xx; key up has the
    // 0x80 bit set in the last byte, as spice-gtk's KEY_UP).
    virtual void send_key_down(uint32_t scancode) = 0;
    virtual void send_key_up(uint32_t scancode) = 0;
    // Client mouse mode: absolute position on display channel_id's surface. buttons_state uses
    // SPICE_MOUSE_BUTTON_MASK_*.
    virtual void send_mouse_position(uint32_t channel_id, int x, int y, uint32_t buttons_state) = 0;
    // Server mouse mode: relative motion.
    virtual void send_mouse_motion(int dx, int dy, uint32_t buttons_state) = 0;
    // button: SPICE_MOUSE_BUTTON_* (LEFT, MIDDLE, RIGHT, UP, DOWN for the wheel).
    virtual void send_mouse_press(uint32_t button, uint32_t buttons_state) = 0;
    virtual void send_mouse_release(uint32_t button, uint32_t buttons_state) = 0;
    virtual void request_mouse_mode(MouseMode mode) = 0;
    // Asks the guest for these monitors (VD_AGENT_MONITORS_CONFIG), as spice-gtk does: only while
    // the agent is connected (otherwise dropped with a log line), whatever capabilities it
    // announced; positions laid out left to right. Sent as soon as the server's agent tokens
    // allow; no debouncing here (callers wait until a resize settles).
    virtual void request_monitors(std::vector<MonitorRequest> monitors) = 0;
};

}  // namespace spicedesk::core::client
