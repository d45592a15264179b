#include "admin-gui/details/devices_page.hpp"

#include "admin-gui/support/builder.hpp"

namespace spicedesk::gui {
namespace {

bool is_usb_redirector(const virt::Redirdev& redirdev) {
    return redirdev.bus() == "usb" && redirdev.type() == "spicevmc";
}

Status set_agent(virt::DomainXml& domain, bool wanted) {
    bool present = false;
    for (const auto& channel : domain.channels()) {
        if (channel.is_spice_agent()) {
            if (!wanted) {
                domain.remove(channel);
            }
            present = true;
        }
    }
    if (wanted && !present) {
        domain.add_spice_agent_channel();
    }
    return {};
}

Status set_redirectors(virt::DomainXml& domain, unsigned wanted) {
    unsigned count = 0;
    for (const auto& redirdev : domain.redirdevs()) {
        if (!is_usb_redirector(redirdev)) {
            continue;
        }
        if (count >= wanted) {
            domain.remove(redirdev);
        } else {
            ++count;
        }
    }
    bool has_usb = false;
    for (const auto& controller : domain.controllers()) {
        has_usb = has_usb || (controller.type() == "usb" && controller.model() != "none");
    }
    if (count < wanted && !has_usb) {
        domain.add_controller("usb", 0, "qemu-xhci");
    }
    for (; count < wanted; ++count) {
        domain.add_redirdev("usb", "spicevmc");
    }
    return {};
}

Status set_tablet(virt::DomainXml& domain, bool wanted) {
    bool present = false;
    for (const auto& input : domain.inputs()) {
        if (input.type() == "tablet") {
            if (!wanted) {
                domain.remove(input);
            }
            present = true;
        }
    }
    if (wanted && !present) {
        domain.add_input("tablet", "usb");
    }
    return {};
}

}  // namespace

DevicesPage::DevicesPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder)
    : Gtk::Grid(object) {
    agent_ = get_widget<Gtk::CheckButton>(builder, "agent_check");
    redirdevs_ = get_widget<Gtk::SpinButton>(builder, "redirdev_spin");
    tablet_ = get_widget<Gtk::CheckButton>(builder, "tablet_check");
    error_ = get_widget<Gtk::Label>(builder, "error_label");
    agent_->signal_toggled().connect([this] {
        const bool wanted = agent_->get_active();
        edit(
            "channel.agent",
            [wanted](virt::DomainXml& domain) { return set_agent(domain, wanted); }, *error_);
    });
    redirdevs_->signal_value_changed().connect([this] {
        const auto wanted = static_cast<unsigned>(redirdevs_->get_value_as_int());
        edit(
            "redirdev.count",
            [wanted](virt::DomainXml& domain) { return set_redirectors(domain, wanted); }, *error_);
    });
    tablet_->signal_toggled().connect([this] {
        const bool wanted = tablet_->get_active();
        edit(
            "input.tablet",
            [wanted](virt::DomainXml& domain) { return set_tablet(domain, wanted); }, *error_);
    });
}

DevicesPage* DevicesPage::create() {
    auto builder = Gtk::Builder::create_from_resource("/org/spicedesk/SpiceDesk/devices_page.ui");
    return get_derived_unparented<DevicesPage>(builder, "devices_page");
}

void DevicesPage::load(const virt::DomainXml& current) {
    const LoadingScope scope(loading_);
    bool agent = false;
    for (const auto& channel : current.channels()) {
        agent = agent || channel.is_spice_agent();
    }
    unsigned redirectors = 0;
    for (const auto& redirdev : current.redirdevs()) {
        redirectors += is_usb_redirector(redirdev) ? 1 : 0;
    }
    bool tablet = false;
    for (const auto& input : current.inputs()) {
        tablet = tablet || input.type() == "tablet";
    }
    agent_->set_active(agent);
    redirdevs_->set_value(redirectors);
    tablet_->set_active(tablet);
    error_->set_visible(false);
}

}  // namespace spicedesk::gui
