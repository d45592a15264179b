#include "admin-gui/details/details_page.hpp"

namespace spicedesk::gui {

void DetailsPage::edit(const std::string& key, virt::DomainDraft::Edit change,
                       Gtk::Label& error_label) {
    if (loading_ || !sink_) {
        return;
    }
    if (auto done = sink_(key, std::move(change)); !done) {
        error_label.set_text(done.message());
        error_label.set_visible(true);
        return;
    }
    error_label.set_text("");
    error_label.set_visible(false);
}

}  // namespace spicedesk::gui
