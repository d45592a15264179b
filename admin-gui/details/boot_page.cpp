#include "admin-gui/details/boot_page.hpp"

#include <glibmm/main.h>
#include <gtkmm/box.h>
#include <gtkmm/button.h>
#include <sigc++/adaptors/track_obj.h>

#include <algorithm>
#include <array>

#include "admin-gui/support/accessible.hpp"
#include "admin-gui/support/builder.hpp"
#include "admin-gui/support/i18n.hpp"

namespace spicedesk::gui {
namespace {

constexpr std::array<const char*, 4> kDevices = {"hd", "cdrom", "network", "fd"};

Glib::ustring device_title(const std::string& dev) {
    if (dev == "hd") {
        return _("Hard disk");
    }
    if (dev == "cdrom") {
        return _("CD-ROM");
    }
    if (dev == "network") {
        return _("Network (PXE)");
    }
    return _("Floppy");
}

}  // namespace

BootPage::BootPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder)
    : Gtk::Grid(object) {
    list_ = get_widget<Gtk::ListBox>(builder, "boot_list");
    error_ = get_widget<Gtk::Label>(builder, "error_label");
}

BootPage* BootPage::create() {
    auto builder = Gtk::Builder::create_from_resource("/org/spicedesk/SpiceDesk/boot_page.ui");
    return get_derived_unparented<BootPage>(builder, "boot_page");
}

void BootPage::load(const virt::DomainXml& current) {
    const LoadingScope scope(loading_);
    std::vector<Entry> entries;
    for (const auto& dev : current.boot_order()) {
        if (std::find(kDevices.begin(), kDevices.end(), dev) != kDevices.end()) {
            entries.push_back({dev, true});
        }
    }
    for (const char* dev : kDevices) {
        const bool listed = std::any_of(entries.begin(), entries.end(),
                                        [dev](const Entry& entry) { return entry.dev == dev; });
        if (!listed) {
            entries.push_back({dev, false});
        }
    }
    error_->set_visible(false);
    // The rows stay when nothing changed: an edit made from a row reloads every page while
    // that row's signal is still running.
    if (entries == entries_ && list_->get_row_at_index(0) != nullptr) {
        return;
    }
    entries_ = std::move(entries);
    rebuild();
}

void BootPage::rebuild() {
    while (auto* row = list_->get_row_at_index(0)) {
        list_->remove(*row);
    }
    for (size_t i = 0; i < entries_.size(); ++i) {
        auto* box = Gtk::make_managed<Gtk::Box>(Gtk::Orientation::HORIZONTAL, 6);
        const Glib::ustring title = device_title(entries_[i].dev);
        auto* check = Gtk::make_managed<Gtk::CheckButton>(title);
        check->set_active(entries_[i].enabled);
        check->set_hexpand(true);
        check->signal_toggled().connect([this, i, check] {
            entries_[i].enabled = check->get_active();
            record();
        });
        auto* up = Gtk::make_managed<Gtk::Button>();
        up->set_icon_name("go-up-symbolic");
        up->set_sensitive(i > 0);
        set_accessible_label(*up, Glib::ustring::compose(_("Move %1 up"), title));
        up->signal_clicked().connect([this, i] { move(i, -1); });
        auto* down = Gtk::make_managed<Gtk::Button>();
        down->set_icon_name("go-down-symbolic");
        down->set_sensitive(i + 1 < entries_.size());
        set_accessible_label(*down, Glib::ustring::compose(_("Move %1 down"), title));
        down->signal_clicked().connect([this, i] { move(i, +1); });
        box->append(*check);
        box->append(*up);
        box->append(*down);
        list_->append(*box);
    }
}

void BootPage::move(size_t index, int delta) {
    const auto target = static_cast<long>(index) + delta;
    if (target < 0 || target >= static_cast<long>(entries_.size())) {
        return;
    }
    std::swap(entries_[index], entries_[static_cast<size_t>(target)]);
    // Rebuilding destroys the button that called us: leave that to the idle loop.
    Glib::signal_idle().connect_once(sigc::track_object(
        [this] {
            rebuild();
            record();
        },
        *this));
}

void BootPage::record() {
    std::vector<std::string> order;
    for (const auto& entry : entries_) {
        if (entry.enabled) {
            order.push_back(entry.dev);
        }
    }
    edit(
        "boot.order",
        [order](virt::DomainXml& domain) -> Status {
            if (order.empty()) {
                return make_error(_("Choose at least one boot device."));
            }
            domain.set_boot_order(order);
            return {};
        },
        *error_);
}

}  // namespace spicedesk::gui
