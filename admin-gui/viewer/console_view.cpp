#include "admin-gui/viewer/console_view.hpp"

#include <gtkmm/eventcontrollerkey.h>
#include <gtkmm/eventcontrollermotion.h>
#include <gtkmm/eventcontrollerscroll.h>
#include <gtkmm/gestureclick.h>

#include <algorithm>

namespace spicedesk::gui {
namespace {

// GDK buttons 1, 2, 3 → RFB/SPICE mask bits 0, 1, 2; wheel up/down are bits 3 and 4.
unsigned button_bit(unsigned gdk_button) {
    return gdk_button >= 1 && gdk_button <= 3 ? 1u << (gdk_button - 1) : 0u;
}

}  // namespace

ConsoleView::ConsoleView() {
    set_focusable(true);
    set_hexpand(true);
    set_vexpand(true);
    set_draw_func(sigc::mem_fun(*this, &ConsoleView::draw));

    auto keys = Gtk::EventControllerKey::create();
    keys->signal_key_pressed().connect(
        [this](guint keyval, guint, Gdk::ModifierType) {
            if (session_ != nullptr) {
                session_->send_key(true, keyval, 0);
            }
            return true;
        },
        false);
    keys->signal_key_released().connect([this](guint keyval, guint, Gdk::ModifierType) {
        if (session_ != nullptr) {
            session_->send_key(false, keyval, 0);
        }
    });
    add_controller(keys);

    auto motion = Gtk::EventControllerMotion::create();
    motion->signal_motion().connect([this](double x, double y) { send_pointer(x, y); });
    add_controller(motion);

    auto click = Gtk::GestureClick::create();
    click->set_button(0);
    click->signal_pressed().connect([this, click](int, double x, double y) {
        grab_focus();
        buttons_ |= button_bit(click->get_current_button());
        send_pointer(x, y);
    });
    click->signal_released().connect([this, click](int, double x, double y) {
        buttons_ &= ~button_bit(click->get_current_button());
        send_pointer(x, y);
    });
    add_controller(click);

    auto scroll = Gtk::EventControllerScroll::create();
    scroll->set_flags(Gtk::EventControllerScroll::Flags::VERTICAL);
    scroll->signal_scroll().connect(
        [this](double, double dy) {
            if (session_ == nullptr || frame_ == nullptr) {
                return true;
            }
            const unsigned wheel = dy < 0 ? 1u << 3 : 1u << 4;
            int gx = 0;
            int gy = 0;
            if (to_guest(last_x_, last_y_, gx, gy)) {
                session_->send_pointer(gx, gy, buttons_ | wheel);
                session_->send_pointer(gx, gy, buttons_);
            }
            return true;
        },
        false);
    add_controller(scroll);
}

void ConsoleView::attach(ConsoleSession* session) {
    session_ = session;
}

void ConsoleView::set_frame(const Cairo::RefPtr<Cairo::ImageSurface>& frame) {
    frame_ = frame;
    if (frame_ && !fit_ &&
        (get_content_width() != frame_->get_width() ||
         get_content_height() != frame_->get_height())) {
        set_content_width(frame_->get_width());
        set_content_height(frame_->get_height());
    }
    queue_draw();
}

void ConsoleView::set_scale_to_fit(bool fit) {
    fit_ = fit;
    set_frame(frame_);
}

void ConsoleView::draw(const Cairo::RefPtr<Cairo::Context>& cr, int width, int height) {
    cr->set_source_rgb(0, 0, 0);
    cr->paint();
    if (!frame_) {
        return;
    }
    const double fw = frame_->get_width();
    const double fh = frame_->get_height();
    scale_ = fit_ ? std::min(width / fw, height / fh) : 1.0;
    offset_x_ = std::max(0.0, (width - fw * scale_) / 2);
    offset_y_ = std::max(0.0, (height - fh * scale_) / 2);
    cr->translate(offset_x_, offset_y_);
    cr->scale(scale_, scale_);
    cr->set_source(frame_, 0, 0);
    cr->paint();
}

bool ConsoleView::to_guest(double x, double y, int& guest_x, int& guest_y) const {
    if (!frame_ || scale_ <= 0) {
        return false;
    }
    guest_x = static_cast<int>((x - offset_x_) / scale_);
    guest_y = static_cast<int>((y - offset_y_) / scale_);
    return guest_x >= 0 && guest_y >= 0 && guest_x < frame_->get_width() &&
           guest_y < frame_->get_height();
}

void ConsoleView::send_pointer(double x, double y) {
    last_x_ = x;
    last_y_ = y;
    int gx = 0;
    int gy = 0;
    if (session_ != nullptr && to_guest(x, y, gx, gy)) {
        session_->send_pointer(gx, gy, buttons_);
    }
}

}  // namespace spicedesk::gui
