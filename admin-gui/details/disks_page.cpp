#include "admin-gui/details/disks_page.hpp"

#include <fmt/format.h>
#include <gtkmm/box.h>
#include <gtkmm/button.h>
#include <gtkmm/checkbutton.h>

#include "admin-gui/support/accessible.hpp"
#include "admin-gui/support/builder.hpp"
#include "admin-gui/support/i18n.hpp"

namespace spicedesk::gui {
namespace {

// Runs `change` on the disk whose target is `target`, or refuses.
Status with_disk(virt::DomainXml& domain, const std::string& target,
                 const std::function<void(virt::DomainXml&, virt::Disk&)>& change) {
    for (auto disk : domain.disks()) {
        if (disk.target_dev() == target) {
            change(domain, disk);
            return {};
        }
    }
    return make_error(fmt::format(fmt::runtime(_("There is no disk {} any more.")), target));
}

std::string describe(const virt::Disk& disk) {
    const std::string source = disk.source().empty() ? _("no media") : disk.source();
    const std::string format = disk.driver_type().empty() ? "" : " (" + disk.driver_type() + ")";
    return fmt::format("{} {} {} — {}{}", disk.target_dev(), disk.target_bus(), disk.device(),
                       source, format);
}

}  // namespace

DisksPage* DisksPage::create() {
    auto builder = Gtk::Builder::create_from_resource("/org/spicedesk/SpiceDesk/disks_page.ui");
    return get_derived_unparented<DisksPage>(builder, "disks_page");
}

std::string DisksPage::signature(const virt::DomainXml& current) const {
    std::string shown;
    for (const auto& disk : current.disks()) {
        shown += describe(disk) + (disk.readonly() ? " ro\n" : "\n");
    }
    return shown;
}

void DisksPage::add_rows(const virt::DomainXml& current) {
    const auto disks = current.disks();
    if (disks.empty()) {
        list().append(*Gtk::make_managed<Gtk::Label>(_("This machine has no disks.")));
    }
    for (const auto& disk : disks) {
        const std::string target = disk.target_dev();
        auto* box = Gtk::make_managed<Gtk::Box>(Gtk::Orientation::HORIZONTAL, 12);
        auto* label = Gtk::make_managed<Gtk::Label>(describe(disk));
        label->set_hexpand(true);
        label->set_xalign(0);
        label->set_selectable(true);
        auto* readonly = Gtk::make_managed<Gtk::CheckButton>(_("Read-only"));
        readonly->set_active(disk.readonly());
        set_accessible_label(*readonly, fmt::format(fmt::runtime(_("{} read-only")), target));
        readonly->signal_toggled().connect([this, target, readonly] {
            const bool wanted = readonly->get_active();
            edit(
                "disk." + target + ".readonly",
                [target, wanted](virt::DomainXml& domain) {
                    return with_disk(domain, target, [wanted](virt::DomainXml&, virt::Disk& found) {
                        found.set_readonly(wanted);
                    });
                },
                error());
        });
        auto* remove = Gtk::make_managed<Gtk::Button>(_("Remove"));
        set_accessible_label(*remove, fmt::format(fmt::runtime(_("Remove disk {}")), target));
        remove->signal_clicked().connect([this, target] {
            edit(
                "disk." + target + ".remove",
                [target](virt::DomainXml& domain) {
                    return with_disk(domain, target, [](virt::DomainXml& owner, virt::Disk& found) {
                        owner.remove(found);
                    });
                },
                error());
        });
        box->append(*label);
        box->append(*readonly);
        box->append(*remove);
        list().append(*box);
    }
}

}  // namespace spicedesk::gui
