#include "admin-gui/details/nics_page.hpp"

#include <fmt/format.h>
#include <gtkmm/box.h>
#include <gtkmm/button.h>
#include <gtkmm/checkbutton.h>

#include <array>

#include "admin-gui/support/accessible.hpp"
#include "admin-gui/support/builder.hpp"
#include "admin-gui/support/i18n.hpp"

namespace spicedesk::gui {
namespace {

// The models QEMU's x86 machines offer that guests have drivers for.
constexpr std::array<const char*, 4> kModels = {"virtio", "e1000e", "e1000", "rtl8139"};

// An interface is known by its MAC; one not defined yet has none, and goes by its position.
std::string identity(const virt::Interface& nic, size_t index) {
    return nic.mac().empty() ? fmt::format("#{}", index) : nic.mac();
}

Status with_nic(virt::DomainXml& domain, const std::string& id,
                const std::function<void(virt::DomainXml&, virt::Interface&)>& change) {
    auto nics = domain.interfaces();
    for (size_t index = 0; index < nics.size(); ++index) {
        if (identity(nics[index], index) == id) {
            change(domain, nics[index]);
            return {};
        }
    }
    return make_error(
        fmt::format(fmt::runtime(_("There is no network interface {} any more.")), id));
}

std::string describe(const virt::Interface& nic) {
    const std::string mac = nic.mac().empty() ? _("MAC assigned when defined") : nic.mac();
    const std::string where = nic.type() == "user" ? std::string(_("user-mode networking"))
                                                   : nic.type() + " " + nic.source();
    return fmt::format("{} — {}", where, mac);
}

}  // namespace

NicsPage* NicsPage::create() {
    auto builder = Gtk::Builder::create_from_resource("/org/spicedesk/SpiceDesk/nics_page.ui");
    return get_derived_unparented<NicsPage>(builder, "nics_page");
}

std::string NicsPage::signature(const virt::DomainXml& current) const {
    std::string shown;
    for (const auto& nic : current.interfaces()) {
        shown += describe(nic) + " " + nic.model() + "\n";
    }
    return shown;
}

void NicsPage::add_rows(const virt::DomainXml& current) {
    const auto nics = current.interfaces();
    if (nics.empty()) {
        list().append(*Gtk::make_managed<Gtk::Label>(_("This machine has no network interfaces.")));
    }
    for (size_t index = 0; index < nics.size(); ++index) {
        const auto& nic = nics[index];
        const std::string id = identity(nic, index);
        const std::string key = "nic." + id;
        auto* box = Gtk::make_managed<Gtk::Box>(Gtk::Orientation::HORIZONTAL, 12);
        auto* label = Gtk::make_managed<Gtk::Label>(describe(nic));
        label->set_hexpand(true);
        label->set_xalign(0);
        label->set_selectable(true);
        box->append(*label);
        Gtk::CheckButton* group = nullptr;
        for (const char* model : kModels) {
            auto* choice = Gtk::make_managed<Gtk::CheckButton>(model);
            if (group != nullptr) {
                choice->set_group(*group);
            } else {
                group = choice;
            }
            choice->set_active(nic.model() == model);
            set_accessible_label(
                *choice, fmt::format(fmt::runtime(_("Interface {} model {}")), index + 1, model));
            choice->signal_toggled().connect([this, id, key, choice, model] {
                if (!choice->get_active()) {
                    return;
                }
                const std::string wanted = model;
                edit(
                    key + ".model",
                    [id, wanted](virt::DomainXml& domain) {
                        return with_nic(domain, id,
                                        [&wanted](virt::DomainXml&, virt::Interface& found) {
                                            found.set_model(wanted);
                                        });
                    },
                    error());
            });
            box->append(*choice);
        }
        auto* remove = Gtk::make_managed<Gtk::Button>(_("Remove"));
        set_accessible_label(
            *remove, fmt::format(fmt::runtime(_("Remove network interface {}")), index + 1));
        remove->signal_clicked().connect([this, id, key] {
            edit(
                key + ".remove",
                [id](virt::DomainXml& domain) {
                    return with_nic(domain, id, [](virt::DomainXml& owner, virt::Interface& found) {
                        owner.remove(found);
                    });
                },
                error());
        });
        box->append(*remove);
        list().append(*box);
    }
}

}  // namespace spicedesk::gui
