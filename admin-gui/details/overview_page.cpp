#include "admin-gui/details/overview_page.hpp"

#include <string>

#include "admin-gui/support/builder.hpp"
#include "admin-gui/support/i18n.hpp"

namespace spicedesk::gui {

OverviewPage::OverviewPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder)
    : Gtk::Grid(object) {
    name_ = get_widget<Gtk::Label>(builder, "name_value");
    uuid_ = get_widget<Gtk::Label>(builder, "uuid_value");
    hypervisor_ = get_widget<Gtk::Label>(builder, "hypervisor_value");
    machine_ = get_widget<Gtk::Label>(builder, "machine_value");
    title_ = get_widget<Gtk::Entry>(builder, "title_entry");
    description_ = get_widget<Gtk::Entry>(builder, "description_entry");
    error_ = get_widget<Gtk::Label>(builder, "error_label");
    title_->signal_changed().connect([this] {
        const std::string title = title_->get_text();
        edit(
            "overview.title",
            [title](virt::DomainXml& domain) -> Status {
                if (title.find('\n') != std::string::npos) {
                    return make_error(_("The title must be one line."));
                }
                domain.set_title(title);
                return {};
            },
            *error_);
    });
    description_->signal_changed().connect([this] {
        const std::string description = description_->get_text();
        edit(
            "overview.description",
            [description](virt::DomainXml& domain) {
                domain.set_description(description);
                return Status{};
            },
            *error_);
    });
}

OverviewPage* OverviewPage::create() {
    auto builder = Gtk::Builder::create_from_resource("/org/spicedesk/SpiceDesk/overview_page.ui");
    return get_derived_unparented<OverviewPage>(builder, "overview_page");
}

void OverviewPage::load(const virt::DomainXml& current) {
    const LoadingScope scope(loading_);
    name_->set_text(current.name());
    const std::string uuid = current.uuid();
    uuid_->set_text(uuid.empty() ? _("assigned when defined") : uuid);
    hypervisor_->set_text(current.domain_type());
    const std::string machine = current.machine();
    machine_->set_text(machine.empty() ? _("hypervisor default") : machine);
    if (title_->get_text().raw() != current.title()) {
        title_->set_text(current.title());
    }
    if (description_->get_text().raw() != current.description()) {
        description_->set_text(current.description());
    }
    error_->set_visible(false);
}

}  // namespace spicedesk::gui
