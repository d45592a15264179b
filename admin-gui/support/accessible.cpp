#include "admin-gui/support/accessible.hpp"

namespace spicedesk::gui {

void set_accessible_label(Gtk::Accessible& accessible, const Glib::ustring& label) {
    Glib::Value<Glib::ustring> value;
    value.init(Glib::Value<Glib::ustring>::value_type());
    value.set(label);
    accessible.update_property(Gtk::Accessible::Property::LABEL, value);
}

}  // namespace spicedesk::gui
