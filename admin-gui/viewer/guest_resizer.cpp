#include "admin-gui/viewer/guest_resizer.hpp"

#include <glibmm/main.h>

namespace spicedesk::gui {

GuestResizer::~GuestResizer() {
    timer_.disconnect();
}

void GuestResizer::attach(ConsoleSession* session) {
    timer_.disconnect();
    session_ = session;
    policy_.set_available(false);
}

void GuestResizer::set_enabled(bool on) {
    if (!on) {
        timer_.disconnect();
    }
    act(policy_.set_enabled(on));
}

void GuestResizer::set_available(bool agent_connected) {
    if (!agent_connected) {
        timer_.disconnect();
    }
    act(policy_.set_available(agent_connected));
}

void GuestResizer::set_view_size(size_t head, int width, int height) {
    act(policy_.set_view_size(head, width, height));
}

void GuestResizer::watch(size_t head, ConsoleView& view) {
    view.signal_resize().connect([this, head, &view](int width, int height) {
        const int scale = view.get_scale_factor();
        set_view_size(head, width * scale, height * scale);
    });
}

void GuestResizer::act(ResizePolicy::Action action) {
    switch (action) {
        case ResizePolicy::Action::kNone:
            break;
        case ResizePolicy::Action::kSendNow:
            timer_.disconnect();
            send();
            break;
        case ResizePolicy::Action::kSendLater:
            // Restarted on every change: sent once the views keep their size for the delay.
            timer_.disconnect();
            timer_ = Glib::signal_timeout().connect(
                [this] {
                    send();
                    return false;
                },
                ResizePolicy::kDebounceMs);
            break;
    }
}

void GuestResizer::send() {
    if (session_ == nullptr || !policy_.pending()) {
        return;
    }
    session_->resize_guest(policy_.request());
    policy_.sent();
}

}  // namespace spicedesk::gui
