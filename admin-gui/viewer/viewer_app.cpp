#include "admin-gui/viewer/viewer_app.hpp"

#include <fmt/format.h>

#include "admin-gui/support/app_settings.hpp"
#include "admin-gui/support/i18n.hpp"

namespace spicedesk::gui {

Glib::RefPtr<ViewerApp> ViewerApp::create(SpiceTarget target,
                                          core::client::ConnectOptions options) {
    return Glib::make_refptr_for_instance<ViewerApp>(
        new ViewerApp(std::move(target), std::move(options)));
}

ViewerApp::ViewerApp(SpiceTarget target, core::client::ConnectOptions options)
    : Gtk::Application("org.spicedesk.Viewer", Gio::Application::Flags::NON_UNIQUE),
      target_(std::move(target)),
      options_(std::move(options)) {}

ViewerApp::~ViewerApp() {
    resizer_.attach(nullptr);
    session_.reset();
    windows_.clear();
}

std::string ViewerApp::window_title(size_t index) const {
    std::string base = target_.title;
    if (base.empty()) {
        const int port = options_.port != 0 ? options_.port : options_.tls_port;
        base = fmt::format(fmt::runtime(_("{}:{} (SPICE)")), options_.host, port);
    }
    return index == 0 ? base : fmt::format(fmt::runtime(_("{} — monitor {}")), base, index + 1);
}

ViewerWindow& ViewerApp::add_viewer_window() {
    std::unique_ptr<ViewerWindow> window(ViewerWindow::create());
    const size_t index = windows_.size();
    window->set_title(window_title(index));
    window->view().attach(session_.get());
    window->view().set_relative_pointer(relative_);
    if (cursor_) {
        window->view().set_guest_cursor(cursor_, cursor_hot_x_, cursor_hot_y_);
    }
    window->signal_close_request().connect(
        [this, index] {
            if (index == 0) {
                quit();
                return false;
            }
            windows_[index]->set_visible(false);
            return true;
        },
        false);
    window->set_resize_guest(resizer_.enabled());
    window->set_resize_available(resizer_.available());
    window->signal_resize_guest_toggled().connect([this](bool on) { set_resize_guest(on); });
    resizer_.watch(index, window->view());
    add_window(*window);
    windows_.push_back(std::move(window));
    return *windows_.back();
}

void ViewerApp::on_activate() {
    if (session_) {
        return;
    }
    session_ = std::make_unique<SpiceSession>();
    resizer_.attach(session_.get());
    resizer_.set_enabled(AppSettings::load().console_resize_guest);
    ViewerWindow& first = add_viewer_window();
    if (target_.fullscreen) {
        first.fullscreen();
    }
    first.present();

    session_->on_state = [this](ConsoleState state, const std::string& message) {
        on_state(state, message);
    };
    session_->on_heads = [this](const std::vector<ConsoleHead>& heads) { show_heads(heads); };
    session_->on_frame = [this](uint32_t display, const Cairo::RefPtr<Cairo::ImageSurface>& frame,
                                int, int, int, int) {
        frames_[display] = frame;
        for (size_t i = 0; i < windows_.size(); ++i) {
            if (windows_[i]->view().display() == display &&
                (i < heads_.size() || (i == 0 && display == 0))) {
                windows_[i]->view().set_frame(frame);
            }
        }
    };
    session_->on_pointer_mode = [this](bool relative) {
        relative_ = relative;
        for (auto& window : windows_) {
            window->view().set_relative_pointer(relative);
        }
    };
    session_->on_cursor = [this](const Glib::RefPtr<Gdk::Texture>& shape, int hot_x, int hot_y) {
        cursor_ = shape;
        cursor_hot_x_ = hot_x;
        cursor_hot_y_ = hot_y;
        for (auto& window : windows_) {
            window->view().set_guest_cursor(shape, hot_x, hot_y);
        }
    };
    session_->on_cursor_moved = [this](int x, int y) {
        for (auto& window : windows_) {
            if (window->view().display() == 0) {
                window->view().set_guest_cursor_position(x, y);
            }
        }
    };
    session_->on_guest_resize_available = [this](bool available) {
        resizer_.set_available(available);
        for (auto& window : windows_) {
            window->set_resize_available(available);
        }
    };
    for (auto& window : windows_) {
        window->view().attach(session_.get());
    }
    session_->open(options_);
}

void ViewerApp::set_resize_guest(bool on) {
    for (auto& window : windows_) {
        window->set_resize_guest(on);
    }
    resizer_.set_enabled(on);
    AppSettings::save_console_resize_guest(on);
}

void ViewerApp::on_state(ConsoleState state, const std::string& message) {
    ViewerWindow& first = *windows_.front();
    switch (state) {
        case ConsoleState::kConnecting:
            first.show_message(fmt::format(fmt::runtime(_("Connecting to {}…")), options_.host));
            break;
        case ConsoleState::kConnected:
            if (heads_.empty()) {
                first.show_message(_("Connected; waiting for the guest's picture…"));
            }
            break;
        case ConsoleState::kAuthFailed:
            failed_ = true;
            first.show_message(
                fmt::format(fmt::runtime(_("The server refused the password: {}")), message));
            break;
        case ConsoleState::kError:
            failed_ = true;
            first.show_message(
                fmt::format(fmt::runtime(_("The SPICE connection failed: {}")), message));
            break;
        case ConsoleState::kDisconnected:
            first.show_message(_("The server closed the connection."));
            break;
    }
    if (state == ConsoleState::kAuthFailed || state == ConsoleState::kError ||
        state == ConsoleState::kDisconnected) {
        heads_.clear();
        frames_.clear();
        first.view().release_all();
        for (size_t i = 1; i < windows_.size(); ++i) {
            windows_[i]->set_visible(false);
        }
    }
}

void ViewerApp::show_heads(const std::vector<ConsoleHead>& heads) {
    heads_ = heads;
    while (windows_.size() < heads_.size()) {
        add_viewer_window();
    }
    for (size_t i = 0; i < windows_.size(); ++i) {
        if (i < heads_.size()) {
            if (auto frame = frames_.find(heads_[i].display); frame != frames_.end()) {
                windows_[i]->view().set_frame(frame->second);
            }
            windows_[i]->show_head(heads_[i]);
            if (!windows_[i]->get_visible()) {
                windows_[i]->present();
            }
        } else if (i > 0) {
            windows_[i]->set_visible(false);
        }
    }
}

}  // namespace spicedesk::gui
