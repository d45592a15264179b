#include "admin-gui/support/error_dialog.hpp"

#include <glibmm/main.h>
#include <gtkmm/messagedialog.h>

namespace spicedesk::gui {

void show_error(Gtk::Window& parent, const std::string& what_failed, const std::string& why) {
    // The dialog owns itself: it is freed from the main loop once it has been answered.
    auto* dialog = new Gtk::MessageDialog(parent, what_failed, false, Gtk::MessageType::ERROR,
                                          Gtk::ButtonsType::CLOSE, true);
    dialog->set_secondary_text(why);
    dialog->signal_response().connect([dialog](int) {
        dialog->hide();
        Glib::signal_idle().connect_once([dialog] { delete dialog; });
    });
    dialog->show();
}

}  // namespace spicedesk::gui
