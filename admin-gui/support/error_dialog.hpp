#pragma once

// The one way the GUI reports a failed operation: what failed (the primary text) and why
// (libvirt's or our own reason, as secondary text).

#include <gtkmm/window.h>

#include <string>

namespace spicedesk::gui {

void show_error(Gtk::Window& parent, const std::string& what_failed, const std::string& why);

}  // namespace spicedesk::gui
