#pragma once

// Accessible names for controls whose label is not their visible text (AT-SPI tests and
// screen readers find controls by these).

#include <gtkmm/accessible.h>

namespace spicedesk::gui {

void set_accessible_label(Gtk::Accessible& accessible, const Glib::ustring& label);

}  // namespace spicedesk::gui
