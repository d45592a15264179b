#include "admin-gui/details/rows_page.hpp"

#include <glibmm/main.h>
#include <sigc++/adaptors/track_obj.h>

#include "admin-gui/support/builder.hpp"

namespace spicedesk::gui {

RowsPage::RowsPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder,
                   const char* list_id)
    : Gtk::Grid(object) {
    list_ = get_widget<Gtk::ListBox>(builder, list_id);
    error_ = get_widget<Gtk::Label>(builder, "error_label");
}

void RowsPage::load(const virt::DomainXml& current) {
    error_->set_visible(false);
    std::string shown = signature(current);
    if (shown == shown_ && list_->get_row_at_index(0) != nullptr) {
        return;
    }
    shown_ = std::move(shown);
    Glib::signal_idle().connect_once(sigc::track_object(
        [this, xml = current.to_string()] {
            auto parsed = virt::DomainXml::parse(xml);
            if (!parsed) {
                return;  // it was serialized from a parsed tree: cannot happen
            }
            const LoadingScope scope(loading_);
            while (auto* row = list_->get_row_at_index(0)) {
                list_->remove(*row);
            }
            add_rows(*parsed);
        },
        *this));
}

}  // namespace spicedesk::gui
