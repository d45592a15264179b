#include "admin-gui/details/xml_page.hpp"

#include <memory>

#include "admin-gui/support/builder.hpp"

namespace spicedesk::gui {

XmlPage::XmlPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder)
    : Gtk::Box(object) {
    view_ = get_widget<Gtk::TextView>(builder, "xml_view");
    error_ = get_widget<Gtk::Label>(builder, "error_label");
    view_->get_buffer()->signal_changed().connect([this] {
        if (!loading_) {
            modified_ = true;
        }
    });
}

XmlPage* XmlPage::create() {
    auto builder = Gtk::Builder::create_from_resource("/org/spicedesk/SpiceDesk/xml_page.ui");
    return get_derived_unparented<XmlPage>(builder, "xml_page");
}

void XmlPage::load(const virt::DomainXml& current) {
    const LoadingScope scope(loading_);
    view_->get_buffer()->set_text(current.to_string());
    modified_ = false;
    error_->set_visible(false);
}

bool XmlPage::commit() {
    if (!modified_) {
        return true;
    }
    const std::string text = view_->get_buffer()->get_text();
    // The parse happens inside the edit so a malformed document is refused like any bad edit.
    auto parsed = virt::DomainXml::parse(text);
    if (!parsed) {
        error_->set_text(parsed.message());
        error_->set_visible(true);
        return false;
    }
    auto shared = std::make_shared<virt::DomainXml>(std::move(parsed).value());
    edit(
        "xml",
        [shared](virt::DomainXml& domain) -> Status {
            domain = shared->clone();
            return {};
        },
        *error_);
    if (error_->get_visible()) {
        return false;
    }
    modified_ = false;
    return true;
}

}  // namespace spicedesk::gui
