#include "admin-gui/viewer/spice_session.hpp"

#include <gdkmm/memorytexture.h>
#include <glibmm/bytes.h>
#include <spice/enums.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "admin-gui/viewer/keymap.hpp"

namespace spicedesk::gui {
namespace client = core::client;

namespace {

// ConsoleSession's button bits (0 left, 1 middle, 2 right, 3 wheel up, 4 wheel down) are
// SPICE's masks; the buttons themselves are numbered.
constexpr std::array<uint32_t, 5> kButtons = {SPICE_MOUSE_BUTTON_LEFT, SPICE_MOUSE_BUTTON_MIDDLE,
                                              SPICE_MOUSE_BUTTON_RIGHT, SPICE_MOUSE_BUTTON_UP,
                                              SPICE_MOUSE_BUTTON_DOWN};
constexpr unsigned kButtonMask =
    SPICE_MOUSE_BUTTON_MASK_LEFT | SPICE_MOUSE_BUTTON_MASK_MIDDLE | SPICE_MOUSE_BUTTON_MASK_RIGHT;

// The client's reasons for a refused ticket (link error PERMISSION_DENIED).
bool is_auth_failure(const std::string& message) {
    for (const char* word : {"authentication failed", "PERMISSION_DENIED", "password", "ticket"}) {
        if (message.find(word) != std::string::npos) {
            return true;
        }
    }
    return false;
}

void release_pixels(void* data) {
    delete static_cast<std::shared_ptr<std::vector<uint32_t>>*>(data);
}

// Cairo tells user data apart by the address of a key.
cairo_user_data_key_t pixels_key;

}  // namespace

SpiceSession::SpiceSession() {
    dispatcher_.connect([this] { deliver(); });
}

SpiceSession::~SpiceSession() {
    // Joins the client thread: no observer call comes after this.
    session_.reset();
}

void SpiceSession::open(const std::string& host, int port, const std::string& password) {
    client::ConnectOptions options;
    options.host = host;
    options.port = static_cast<uint16_t>(port);
    options.password = password;
    open(std::move(options));
}

void SpiceSession::open(client::ConnectOptions options) {
    session_.reset();
    {
        std::lock_guard lock(mutex_);
        pending_ = Pending{};
    }
    displays_.clear();
    monitors_.clear();
    heads_.clear();
    relative_ = false;
    buttons_ = 0;
    reported_failure_ = false;
    connected_ = false;
    set_agent_connected(false);
    report(ConsoleState::kConnecting, "");
    session_ = client::Session::start(std::move(options), *this);
}

void SpiceSession::close() {
    if (session_) {
        session_->close();
    }
}

// --- client thread -------------------------------------------------------------------------

void SpiceSession::wake() {
    if (!wake_queued_) {
        wake_queued_ = true;
        dispatcher_.emit();
    }
}

void SpiceSession::on_connected() {
    std::lock_guard lock(mutex_);
    pending_.states.emplace_back(ConsoleState::kConnected, "");
    wake();
}

void SpiceSession::on_primary_surface(uint32_t channel_id, int width, int height) {
    on_invalidate(channel_id, 0, 0, width, height);
}

void SpiceSession::on_invalidate(uint32_t channel_id, int x, int y, int width, int height) {
    if (width <= 0 || height <= 0) {
        return;
    }
    std::lock_guard lock(mutex_);
    auto [it, fresh] = pending_.damage.try_emplace(channel_id);
    Damage& d = it->second;
    if (fresh) {
        d = Damage{x, y, x + width, y + height};
    } else {
        d.x0 = std::min(d.x0, x);
        d.y0 = std::min(d.y0, y);
        d.x1 = std::max(d.x1, x + width);
        d.y1 = std::max(d.y1, y + height);
    }
    wake();
}

void SpiceSession::on_monitors(uint32_t channel_id, const std::vector<client::Head>& heads) {
    std::lock_guard lock(mutex_);
    pending_.monitors[channel_id] = heads;
    wake();
}

void SpiceSession::on_mouse_mode(client::MouseMode mode) {
    std::lock_guard lock(mutex_);
    pending_.mouse_mode = mode;
    wake();
}

void SpiceSession::on_cursor_shape(const client::CursorImage* shape) {
    std::lock_guard lock(mutex_);
    pending_.cursor_changed = true;
    if (shape != nullptr) {
        pending_.cursor = *shape;
    } else {
        pending_.cursor.reset();
    }
    wake();
}

void SpiceSession::on_cursor_position(int x, int y) {
    std::lock_guard lock(mutex_);
    pending_.cursor_position = std::make_pair(x, y);
    wake();
}

void SpiceSession::on_agent(const client::AgentState& state) {
    std::lock_guard lock(mutex_);
    pending_.agent_connected = state.connected;
    wake();
}

void SpiceSession::on_closed(const Status& why) {
    std::lock_guard lock(mutex_);
    pending_.agent_connected = false;
    if (why.ok()) {
        pending_.states.emplace_back(ConsoleState::kDisconnected, "");
    } else if (is_auth_failure(why.message())) {
        pending_.states.emplace_back(ConsoleState::kAuthFailed, why.message());
    } else {
        pending_.states.emplace_back(ConsoleState::kError, why.message());
    }
    wake();
}

// --- GTK thread ----------------------------------------------------------------------------

void SpiceSession::report(ConsoleState state, const std::string& message) {
    const bool failure = state == ConsoleState::kAuthFailed || state == ConsoleState::kError;
    if (state == ConsoleState::kDisconnected && reported_failure_) {
        return;  // the failure already said why
    }
    reported_failure_ = reported_failure_ || failure;
    connected_ = state == ConsoleState::kConnected;
    if (on_state) {
        on_state(state, message);
    }
}

Cairo::RefPtr<Cairo::ImageSurface> SpiceSession::surface_of(const Display& display) {
    auto surface = Cairo::ImageSurface::create(
        reinterpret_cast<unsigned char*>(display.pixels->data()), Cairo::Surface::Format::RGB24,
        display.width, display.height, display.width * 4);
    cairo_surface_set_user_data(surface->cobj(), &pixels_key,
                                new std::shared_ptr<std::vector<uint32_t>>(display.pixels),
                                &release_pixels);
    return surface;
}

void SpiceSession::deliver() {
    Pending pending;
    {
        std::lock_guard lock(mutex_);
        pending = std::move(pending_);
        pending_ = Pending{};
        wake_queued_ = false;
    }
    for (auto& [state, message] : pending.states) {
        if (state == ConsoleState::kConnected && connected_) {
            continue;
        }
        report(state, message);
    }
    if (pending.agent_connected) {
        set_agent_connected(*pending.agent_connected);
    }
    if (!session_) {
        return;
    }
    bool heads_changed = false;
    for (const auto& [channel, damage] : pending.damage) {
        Display& display = displays_[channel];
        int x0 = damage.x0;
        int y0 = damage.y0;
        int x1 = damage.x1;
        int y1 = damage.y1;
        const bool have = session_->with_frame(channel, [&](const client::FrameView& frame) {
            if (frame.width != display.width || frame.height != display.height || !display.pixels) {
                // A new size: new pixels (surfaces handed out keep the old ones alive).
                display.width = frame.width;
                display.height = frame.height;
                display.pixels = std::make_shared<std::vector<uint32_t>>(
                    static_cast<size_t>(frame.width) * static_cast<size_t>(frame.height), 0);
                x0 = 0;
                y0 = 0;
                x1 = frame.width;
                y1 = frame.height;
                heads_changed = true;
            }
            x0 = std::clamp(x0, 0, frame.width);
            x1 = std::clamp(x1, 0, frame.width);
            y0 = std::clamp(y0, 0, frame.height);
            y1 = std::clamp(y1, 0, frame.height);
            if (x1 <= x0 || y1 <= y0) {
                return;
            }
            for (int y = y0; y < y1; ++y) {
                const uint32_t* src = frame.pixels + static_cast<size_t>(y) * frame.stride + x0;
                uint32_t* dst = display.pixels->data() + static_cast<size_t>(y) * frame.width + x0;
                std::memcpy(dst, src, static_cast<size_t>(x1 - x0) * sizeof(uint32_t));
            }
        });
        if (!have || !display.pixels || x1 <= x0 || y1 <= y0) {
            continue;
        }
        if (on_frame) {
            on_frame(channel, surface_of(display), x0, y0, x1 - x0, y1 - y0);
        }
    }
    for (auto& [channel, heads] : pending.monitors) {
        monitors_[channel] = std::move(heads);
        heads_changed = true;
    }
    if (heads_changed) {
        update_heads();
    }
    if (pending.mouse_mode) {
        relative_ = *pending.mouse_mode == client::MouseMode::kServer;
        if (on_pointer_mode) {
            on_pointer_mode(relative_);
        }
    }
    if (pending.cursor_changed && on_cursor) {
        if (!pending.cursor || pending.cursor->width <= 0 || pending.cursor->height <= 0 ||
            pending.cursor->argb.size() < static_cast<size_t>(pending.cursor->width) *
                                              static_cast<size_t>(pending.cursor->height)) {
            on_cursor({}, 0, 0);
        } else {
            const auto& c = *pending.cursor;
            // Straight ARGB32 in host order is B, G, R, A in memory on little-endian hosts.
            auto bytes = Glib::Bytes::create(c.argb.data(), c.argb.size() * sizeof(uint32_t));
            auto texture =
                Gdk::MemoryTexture::create(c.width, c.height, Gdk::MemoryTexture::Format::B8G8R8A8,
                                           bytes, static_cast<gsize>(c.width) * 4);
            on_cursor(texture, c.hot_x, c.hot_y);
        }
    }
    if (pending.cursor_position && on_cursor_moved) {
        on_cursor_moved(pending.cursor_position->first, pending.cursor_position->second);
    }
}

void SpiceSession::update_heads() {
    std::vector<ConsoleHead> heads;
    for (const auto& [channel, display] : displays_) {
        if (!display.pixels) {
            continue;
        }
        auto it = monitors_.find(channel);
        bool any = false;
        if (it != monitors_.end()) {
            for (const client::Head& h : it->second) {
                // Heads crop the primary surface; one outside it is ignored.
                const int x = std::clamp(h.x, 0, display.width);
                const int y = std::clamp(h.y, 0, display.height);
                const int w = std::min(h.width, display.width - x);
                const int hh = std::min(h.height, display.height - y);
                if (w > 0 && hh > 0) {
                    heads.push_back(ConsoleHead{channel, x, y, w, hh});
                    any = true;
                }
            }
        }
        if (!any) {
            heads.push_back(ConsoleHead{channel, 0, 0, display.width, display.height});
        }
    }
    auto same = [](const ConsoleHead& a, const ConsoleHead& b) {
        return a.display == b.display && a.x == b.x && a.y == b.y && a.width == b.width &&
               a.height == b.height;
    };
    if (heads.size() == heads_.size() &&
        std::equal(heads.begin(), heads.end(), heads_.begin(), same)) {
        return;
    }
    heads_ = std::move(heads);
    if (on_heads) {
        on_heads(heads_);
    }
}

void SpiceSession::send_key(bool down, unsigned, unsigned scancode) {
    if (!session_ || scancode == 0) {
        return;
    }
    if (down) {
        session_->send_key_down(scancode);
    } else {
        session_->send_key_up(scancode);
    }
}

void SpiceSession::send_buttons(unsigned buttons) {
    for (size_t bit = 0; bit < kButtons.size(); ++bit) {
        const unsigned mask = 1u << bit;
        if ((buttons ^ buttons_) & mask) {
            buttons_ ^= mask;
            const uint32_t state = buttons_ & kButtonMask;
            if (buttons & mask) {
                session_->send_mouse_press(kButtons[bit], state);
            } else {
                session_->send_mouse_release(kButtons[bit], state);
            }
        }
    }
}

void SpiceSession::send_pointer(uint32_t display, int x, int y, unsigned buttons) {
    if (!session_ || !connected_) {
        return;
    }
    if (!relative_) {
        session_->send_mouse_position(display, x, y, buttons_ & kButtonMask);
    }
    send_buttons(buttons);
}

void SpiceSession::send_motion(int dx, int dy, unsigned buttons) {
    if (!session_ || !connected_) {
        return;
    }
    if (dx != 0 || dy != 0) {
        session_->send_mouse_motion(dx, dy, buttons_ & kButtonMask);
    }
    send_buttons(buttons);
}

void SpiceSession::set_agent_connected(bool connected) {
    if (connected == agent_connected_) {
        return;
    }
    agent_connected_ = connected;
    if (on_guest_resize_available) {
        on_guest_resize_available(connected);
    }
}

void SpiceSession::resize_guest(const std::vector<GuestSize>& monitors) {
    if (!session_ || !agent_connected_ || monitors.empty()) {
        return;
    }
    // All at 0,0 in monitor order: the client's align_monitors (a stable sort by position) lays
    // them out side by side in this order.
    std::vector<client::MonitorRequest> request;
    for (const GuestSize& m : monitors) {
        request.push_back(client::MonitorRequest{0, 0, m.width, m.height});
    }
    session_->request_monitors(std::move(request));
}

}  // namespace spicedesk::gui
