#include "admin-gui/viewer/guest_resizer.hpp"

#include <giomm/settings.h>
#include <giomm/settingsschemasource.h>
#include <glibmm/main.h>

namespace spicedesk::gui {

namespace {
constexpr const char* kSchema = "org.spicedesk.SpiceDesk";
constexpr const char* kKey = "console-resize-guest";

Glib::RefPtr<Gio::Settings> settings() {
    auto source = Gio::SettingsSchemaSource::get_default();
    auto schema = source ? source->lookup(kSchema, true) : Glib::RefPtr<Gio::SettingsSchema>();
    // An older installed schema without the key: defaults (GLib aborts on an unknown key).
    if (!schema || !schema->has_key(kKey)) {
        return {};
    }
    return Gio::Settings::create(kSchema);
}
}  // namespace

GuestResizer::~GuestResizer() {
    timer_.disconnect();
}

bool GuestResizer::load_preference() {
    auto s = settings();
    return s && s->get_boolean(kKey);
}

void GuestResizer::save_preference(bool on) {
    if (auto s = settings()) {
        s->set_boolean(kKey, on);
    }
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
