#include "admin-gui/viewer/viewer_window.hpp"

#include <glibmm/main.h>
#include <gtkmm/button.h>

#include "admin-gui/support/builder.hpp"
#include "admin-gui/support/i18n.hpp"
#include "admin-gui/viewer/send_key_menu.hpp"

namespace spicedesk::gui {

ViewerWindow::ViewerWindow(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder)
    : Gtk::ApplicationWindow(object) {
    stack_ = get_widget<Gtk::Stack>(builder, "viewer_stack");
    message_ = get_widget<Gtk::Label>(builder, "viewer_message");
    toolbar_ = get_widget<Gtk::Box>(builder, "toolbar");
    fit_ = get_widget<Gtk::ToggleButton>(builder, "fit_button");
    grab_label_ = get_widget<Gtk::Label>(builder, "grab_label");
    get_widget<Gtk::Box>(builder, "view_box")->append(view_);

    auto* send_key = get_widget<Gtk::MenuButton>(builder, "send_key_button");
    insert_action_group("sendkey", make_send_key_actions(view_));
    send_key->set_menu_model(make_send_key_menu());
    resize_ = get_widget<Gtk::ToggleButton>(builder, "resize_guest_button");
    fit_->signal_toggled().connect([this] { apply_scaling(); });
    resize_->signal_toggled().connect([this] {
        apply_scaling();
        if (!setting_resize_) {
            resize_toggled_.emit(resize_->get_active());
        }
    });
    get_widget<Gtk::Button>(builder, "fullscreen_button")->signal_clicked().connect([this] {
        toggle_fullscreen();
    });
    view_.signal_fullscreen_hotkey().connect([this] { toggle_fullscreen(); });
    view_.signal_grab_changed().connect([this](bool grabbed) {
        grab_label_->set_text(grabbed ? _("Ctrl+Alt releases the keyboard and pointer") : "");
    });
    property_fullscreened().signal_changed().connect(
        [this] { toolbar_->set_visible(!is_fullscreen()); });
}

ViewerWindow* ViewerWindow::create() {
    auto builder = Gtk::Builder::create_from_resource("/org/spicedesk/Viewer/viewer_window.ui");
    return get_derived<ViewerWindow>(builder, "viewer_window");
}

void ViewerWindow::show_message(const std::string& text) {
    message_->set_text(text);
    stack_->set_visible_child("message");
}

void ViewerWindow::show_head(const ConsoleHead& head) {
    view_.set_head(head);
    stack_->set_visible_child("viewer");
    if (!sized_ && head.width > 0 && head.height > 0 && !is_fullscreen()) {
        // The window grows to the guest's size once; afterwards the user may shrink it (the
        // picture then scales down).
        sized_ = true;
        view_.set_size_request(head.width, head.height);
        Glib::signal_timeout().connect_once([this] { view_.set_size_request(-1, -1); }, 500);
    }
    if (!view_.has_focus()) {
        view_.grab_focus();
    }
}

void ViewerWindow::apply_scaling() {
    // Only while the guest really follows: with no agent the picture still scales.
    const bool resizing = resize_->get_active() && resize_->get_sensitive();
    fit_->set_sensitive(!resizing);
    view_.set_guest_follows(resizing);
    view_.set_scale_to_fit(fit_->get_active());  // the view does not scale while following
}

void ViewerWindow::set_resize_guest(bool on) {
    setting_resize_ = true;
    resize_->set_active(on);
    setting_resize_ = false;
    apply_scaling();
}

void ViewerWindow::set_resize_available(bool available) {
    resize_->set_sensitive(available);
    apply_scaling();
}

void ViewerWindow::toggle_fullscreen() {
    if (is_fullscreen()) {
        unfullscreen();
    } else {
        fullscreen();
    }
}

}  // namespace spicedesk::gui
