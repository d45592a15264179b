#include "admin-gui/viewer/console_view.hpp"

#include <gdk/gdk.h>
#include <gdkmm/surface.h>
#include <glibmm/main.h>
#include <gtk/gtk.h>
#include <gtkmm/eventcontrollerfocus.h>
#include <gtkmm/eventcontrollerkey.h>
#include <gtkmm/eventcontrollermotion.h>
#include <gtkmm/eventcontrollerscroll.h>
#include <gtkmm/gestureclick.h>
#include <gtkmm/native.h>

#include <algorithm>
#include <cmath>

#include "admin-gui/viewer/keymap.hpp"
#include "admin-gui/viewer/x11_pointer.hpp"

namespace spicedesk::gui {
namespace {

// GDK buttons 1, 2, 3 → mask bits 0, 1, 2; wheel up/down are bits 3 and 4.
unsigned button_bit(unsigned gdk_button) {
    return gdk_button >= 1 && gdk_button <= 3 ? 1u << (gdk_button - 1) : 0u;
}
constexpr unsigned kWheelUp = 1u << 3;
constexpr unsigned kWheelDown = 1u << 4;

bool is_ctrl(unsigned keyval) {
    return keyval == GDK_KEY_Control_L || keyval == GDK_KEY_Control_R;
}
bool is_alt(unsigned keyval) {
    return keyval == GDK_KEY_Alt_L || keyval == GDK_KEY_Alt_R || keyval == GDK_KEY_Meta_L ||
           keyval == GDK_KEY_Meta_R;
}

}  // namespace

ConsoleView::ConsoleView() {
    set_focusable(true);
    set_hexpand(true);
    set_vexpand(true);
    set_draw_func(sigc::mem_fun(*this, &ConsoleView::draw));
    blank_cursor_ = Gdk::Cursor::create("none");

    // Capture phase: the guest gets its keys before the window's shortcuts and mnemonics.
    auto keys = Gtk::EventControllerKey::create();
    keys->set_propagation_phase(Gtk::PropagationPhase::CAPTURE);
    keys->signal_key_pressed().connect(
        [this](guint keyval, guint keycode, Gdk::ModifierType) {
            return key_pressed(keyval, keycode);
        },
        false);
    keys->signal_key_released().connect(
        [this](guint keyval, guint keycode, Gdk::ModifierType) { key_released(keyval, keycode); });
    add_controller(keys);

    auto focus = Gtk::EventControllerFocus::create();
    focus->signal_leave().connect([this] { release_all(); });
    add_controller(focus);

    auto motion = Gtk::EventControllerMotion::create();
    motion->signal_motion().connect([this](double x, double y) { pointer_moved(x, y); });
    motion->signal_leave().connect([this] { have_last_ = false; });
    add_controller(motion);

    auto click = Gtk::GestureClick::create();
    click->set_button(0);
    click->signal_pressed().connect([this, click](int, double x, double y) {
        grab_focus();
        grab();
        last_x_ = x;
        last_y_ = y;
        buttons_ |= button_bit(click->get_current_button());
        send_buttons();
    });
    click->signal_released().connect([this, click](int, double x, double y) {
        if (!relative_) {
            last_x_ = x;
            last_y_ = y;
        }
        buttons_ &= ~button_bit(click->get_current_button());
        send_buttons();
    });
    add_controller(click);

    auto scroll = Gtk::EventControllerScroll::create();
    scroll->set_flags(Gtk::EventControllerScroll::Flags::VERTICAL |
                      Gtk::EventControllerScroll::Flags::DISCRETE);
    scroll->signal_scroll().connect(
        [this](double, double dy) {
            if (session_ == nullptr || !frame_ || dy == 0) {
                return true;
            }
            const unsigned wheel = dy < 0 ? kWheelUp : kWheelDown;
            const unsigned held = buttons_;
            buttons_ = held | wheel;
            send_buttons();
            buttons_ = held;
            send_buttons();
            return true;
        },
        false);
    add_controller(scroll);
}

ConsoleView::~ConsoleView() {
    ungrab();
}

void ConsoleView::attach(ConsoleSession* session) {
    if (session_ != nullptr && session != session_) {
        release_all();
    }
    session_ = session;
    buttons_ = 0;
    keys_down_.clear();
    keysym_of_.clear();
    if (session == nullptr) {
        frame_.reset();
        head_.reset();
        guest_cursor_.reset();
        relative_ = false;
        update_cursor();
        queue_draw();
    }
}

void ConsoleView::set_head(const std::optional<ConsoleHead>& head) {
    head_ = head;
    set_frame(frame_);
}

int ConsoleView::head_width() const {
    if (head_ && head_->width > 0) {
        return head_->width;
    }
    return frame_ ? frame_->get_width() : 0;
}

int ConsoleView::head_height() const {
    if (head_ && head_->height > 0) {
        return head_->height;
    }
    return frame_ ? frame_->get_height() : 0;
}

void ConsoleView::set_frame(const Cairo::RefPtr<Cairo::ImageSurface>& frame) {
    frame_ = frame;
    if (frame_ && !fit_ && !guest_follows_ &&
        (get_content_width() != head_width() || get_content_height() != head_height())) {
        set_content_width(head_width());
        set_content_height(head_height());
    }
    queue_draw();
}

void ConsoleView::set_guest_follows(bool follows) {
    guest_follows_ = follows;
    set_scale_to_fit(fit_);
}

void ConsoleView::set_scale_to_fit(bool fit) {
    fit_ = fit;
    if (fit_ || guest_follows_) {
        set_content_width(0);
        set_content_height(0);
    }
    set_frame(frame_);
}

void ConsoleView::set_relative_pointer(bool relative) {
    if (relative_ == relative) {
        return;
    }
    relative_ = relative;
    if (!relative_ && pointer_grabbed_) {
        ungrab_pointer_x11();
    }
    have_last_ = false;
    update_cursor();
}

void ConsoleView::set_guest_cursor(const Glib::RefPtr<Gdk::Texture>& shape, int hot_x, int hot_y) {
    guest_cursor_ = shape ? Gdk::Cursor::create(shape, hot_x, hot_y) : blank_cursor_;
    guest_cursor_image_.reset();
    if (shape) {
        // For drawing in server mouse mode: GDK downloads textures as Cairo's ARGB32.
        guest_cursor_image_ = Cairo::ImageSurface::create(Cairo::Surface::Format::ARGB32,
                                                          shape->get_width(), shape->get_height());
        guest_cursor_image_->flush();
        shape->download(guest_cursor_image_->get_data(), guest_cursor_image_->get_stride());
        guest_cursor_image_->mark_dirty();
    }
    cursor_hot_x_ = hot_x;
    cursor_hot_y_ = hot_y;
    update_cursor();
}

void ConsoleView::set_guest_cursor_position(int x, int y) {
    cursor_position_ = GuestPoint{x, y};
    if (pointer_grabbed_) {
        queue_draw();
    }
}

void ConsoleView::update_cursor() {
    queue_draw();
    if (pointer_grabbed_) {
        set_cursor(blank_cursor_);
    } else if (guest_cursor_) {
        set_cursor(guest_cursor_);
    } else {
        set_cursor(Glib::RefPtr<Gdk::Cursor>());
    }
}

Cairo::RefPtr<Cairo::ImageSurface> ConsoleView::head_image() const {
    if (!frame_ || head_width() <= 0 || head_height() <= 0) {
        return {};
    }
    auto image =
        Cairo::ImageSurface::create(Cairo::Surface::Format::RGB24, head_width(), head_height());
    auto cr = Cairo::Context::create(image);
    cr->set_source(frame_, head_ ? -head_->x : 0, head_ ? -head_->y : 0);
    cr->set_operator(Cairo::Context::Operator::SOURCE);
    cr->paint();
    image->flush();
    return image;
}

void ConsoleView::draw(const Cairo::RefPtr<Cairo::Context>& cr, int width, int height) {
    cr->set_source_rgb(0, 0, 0);
    cr->paint();
    if (!frame_) {
        return;
    }
    const int hw = head_width();
    const int hh = head_height();
    placement_ = place_head(width, height, hw, hh, fit_ && !guest_follows_);
    cr->translate(placement_.offset_x, placement_.offset_y);
    cr->scale(placement_.scale, placement_.scale);
    cr->rectangle(0, 0, hw, hh);
    cr->clip();
    cr->set_source(frame_, head_ ? -head_->x : 0, head_ ? -head_->y : 0);
    if (placement_.scale == 1.0) {
        cairo_pattern_set_filter(cairo_get_source(cr->cobj()), CAIRO_FILTER_NEAREST);
    }
    cr->paint();
    // Server mouse mode with the pointer grabbed: the local pointer is hidden, the guest's
    // cursor is drawn where the guest says it is (as spice-gtk does).
    if (pointer_grabbed_ && guest_cursor_image_ && cursor_position_) {
        const double cx = cursor_position_->x - (head_ ? head_->x : 0) - cursor_hot_x_;
        const double cy = cursor_position_->y - (head_ ? head_->y : 0) - cursor_hot_y_;
        cr->set_source(guest_cursor_image_, cx, cy);
        cr->paint();
    }
}

bool ConsoleView::key_pressed(unsigned keyval, unsigned keycode) {
    if (session_ == nullptr) {
        return false;
    }
    ctrl_down_ = ctrl_down_ || is_ctrl(keyval);
    alt_down_ = alt_down_ || is_alt(keyval);
    if (ctrl_down_ && alt_down_ && (is_ctrl(keyval) || is_alt(keyval)) && grabbed()) {
        ungrab();  // Ctrl+Alt releases the keyboard and pointer; the guest still sees the keys
    }
    if (ctrl_down_ && alt_down_ && (keyval == GDK_KEY_f || keyval == GDK_KEY_F)) {
        fullscreen_hotkey_.emit();
        return true;
    }
    const unsigned scancode = xt_scancode_from_x11_keycode(keycode);
    if (scancode != 0) {
        keys_down_.insert(scancode);
        keysym_of_[scancode] = keyval;
    }
    session_->send_key(true, keyval, scancode);
    return true;
}

void ConsoleView::key_released(unsigned keyval, unsigned keycode) {
    if (is_ctrl(keyval)) {
        ctrl_down_ = false;
    }
    if (is_alt(keyval)) {
        alt_down_ = false;
    }
    if (session_ == nullptr) {
        return;
    }
    const unsigned scancode = xt_scancode_from_x11_keycode(keycode);
    if (scancode != 0 && keys_down_.erase(scancode) == 0) {
        return;  // its press went elsewhere (e.g. the F of Ctrl+Alt+F)
    }
    session_->send_key(false, keyval, scancode);
}

void ConsoleView::send_combo(const std::vector<uint32_t>& scancodes,
                             const std::vector<uint32_t>& keysyms) {
    if (session_ == nullptr) {
        return;
    }
    for (size_t i = 0; i < scancodes.size(); ++i) {
        session_->send_key(true, i < keysyms.size() ? keysyms[i] : 0, scancodes[i]);
    }
    for (size_t i = scancodes.size(); i-- > 0;) {
        session_->send_key(false, i < keysyms.size() ? keysyms[i] : 0, scancodes[i]);
    }
}

void ConsoleView::release_all() {
    if (session_ != nullptr) {
        for (unsigned scancode : keys_down_) {
            session_->send_key(false, keysym_of_[scancode], scancode);
        }
        if (buttons_ != 0) {
            buttons_ = 0;
            send_buttons();
        }
    }
    keys_down_.clear();
    keysym_of_.clear();
    ctrl_down_ = false;
    alt_down_ = false;
    ungrab();
}

void ConsoleView::pointer_moved(double x, double y) {
    if (session_ == nullptr || !frame_) {
        return;
    }
    if (relative_) {
        if (!grabbed()) {
            return;  // server mode: the guest gets motion once a click grabbed the pointer
        }
        if (pointer_grabbed_) {
            const double cx = std::floor(get_width() / 2.0);
            const double cy = std::floor(get_height() / 2.0);
            const int dx = static_cast<int>(std::lround(x - cx));
            const int dy = static_cast<int>(std::lround(y - cy));
            if (dx == 0 && dy == 0) {
                return;  // our own warp
            }
            session_->send_motion(dx, dy, buttons_);
            warp_to_centre();
            return;
        }
        // No X11: relative motion between events, the pointer is not warped.
        if (have_last_) {
            const int dx = static_cast<int>(std::lround(x - last_x_));
            const int dy = static_cast<int>(std::lround(y - last_y_));
            if (dx != 0 || dy != 0) {
                session_->send_motion(dx, dy, buttons_);
            }
        }
        last_x_ = x;
        last_y_ = y;
        have_last_ = true;
        return;
    }
    last_x_ = x;
    last_y_ = y;
    auto point = widget_to_head(placement_, x, y, head_width(), head_height());
    if (!point && buttons_ != 0) {
        point = widget_to_head_clamped(placement_, x, y, head_width(), head_height());
    }
    if (point) {
        session_->send_pointer(display(), point->x + (head_ ? head_->x : 0),
                               point->y + (head_ ? head_->y : 0), buttons_);
    }
}

void ConsoleView::send_buttons() {
    if (session_ == nullptr) {
        return;
    }
    if (relative_) {
        session_->send_motion(0, 0, buttons_);
        return;
    }
    const GuestPoint point =
        widget_to_head_clamped(placement_, last_x_, last_y_, head_width(), head_height());
    session_->send_pointer(display(), point.x + (head_ ? head_->x : 0),
                           point.y + (head_ ? head_->y : 0), buttons_);
}

void ConsoleView::grab() {
    auto* native = get_native();
    if (native == nullptr || session_ == nullptr) {
        return;
    }
    GdkSurface* surface = native->get_surface()->gobj();
    bool changed = false;
    if (!keyboard_grabbed_ && GDK_IS_TOPLEVEL(surface)) {
        gdk_toplevel_inhibit_system_shortcuts(GDK_TOPLEVEL(surface), nullptr);
        keyboard_grabbed_ = true;
        changed = true;
    }
    if (relative_ && !pointer_grabbed_) {
        switch (x11_grab_pointer(surface)) {
            case X11Grab::kGrabbed:
                pointer_grabbed_ = true;
                warp_to_centre();
                changed = true;
                break;
            case X11Grab::kBusy:
                // The click's own implicit grab: try again once the button is up.
                if (!grab_retry_) {
                    grab_retry_ = Glib::signal_timeout().connect(
                        [this] {
                            if (!keyboard_grabbed_ || pointer_grabbed_ || !relative_) {
                                return false;
                            }
                            grab();
                            return !pointer_grabbed_ && ++grab_retries_ < 40;
                        },
                        50);
                    grab_retries_ = 0;
                }
                break;
            case X11Grab::kFailed:
            case X11Grab::kNotX11:
                // No pointer grab: motion goes out relative anyway, without warping.
                have_last_ = false;
                break;
        }
    }
    update_cursor();
    if (changed) {
        grab_changed_.emit(true);
    }
}

void ConsoleView::ungrab() {
    grab_retry_.disconnect();
    auto* native = get_native();
    GdkSurface* surface = native != nullptr ? native->get_surface()->gobj() : nullptr;
    const bool was = keyboard_grabbed_ || pointer_grabbed_;
    if (keyboard_grabbed_ && surface != nullptr && GDK_IS_TOPLEVEL(surface)) {
        gdk_toplevel_restore_system_shortcuts(GDK_TOPLEVEL(surface));
    }
    keyboard_grabbed_ = false;
    if (pointer_grabbed_) {
        ungrab_pointer_x11();
    }
    if (was) {
        update_cursor();
        grab_changed_.emit(false);
    }
}

void ConsoleView::ungrab_pointer_x11() {
    auto* native = get_native();
    if (native != nullptr) {
        x11_ungrab_pointer(native->get_surface()->gobj());
    }
    pointer_grabbed_ = false;
    update_cursor();
}

void ConsoleView::warp_to_centre() {
    auto* native = get_native();
    if (native == nullptr) {
        return;
    }
    double nx = 0;
    double ny = 0;
    auto* native_widget = dynamic_cast<Gtk::Widget*>(native);
    if (native_widget == nullptr ||
        !translate_coordinates(*native_widget, std::floor(get_width() / 2.0),
                               std::floor(get_height() / 2.0), nx, ny)) {
        return;
    }
    double sx = 0;
    double sy = 0;
    gtk_native_get_surface_transform(native->gobj(), &sx, &sy);
    x11_warp_pointer(native->get_surface()->gobj(), nx + sx, ny + sy);
}

}  // namespace spicedesk::gui
