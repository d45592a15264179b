#pragma once

// The send-key menu shared by the console page and spicedesk-viewer: one action per key
// combination (Ctrl+Alt+Del, Ctrl+Alt+Backspace, Ctrl+Alt+F1..F12, PrintScreen) in the action
// group "sendkey", sent to the guest through a ConsoleView. GTK thread only.

#include <giomm/menu.h>
#include <giomm/simpleactiongroup.h>

#include "admin-gui/viewer/console_view.hpp"

namespace spicedesk::gui {

// Actions "sendkey.<combo id>" on `view`; insert the group on a widget above the menu button
// with insert_action_group("sendkey", group).
Glib::RefPtr<Gio::SimpleActionGroup> make_send_key_actions(ConsoleView& view);
// The menu model (translated labels) naming those actions.
Glib::RefPtr<Gio::Menu> make_send_key_menu();

}  // namespace spicedesk::gui
