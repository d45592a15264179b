#pragma once

// CPUs and Memory pages: one amount of a resource the guest gets, with what the host has beside
// it. Values beyond what the host can give are refused inline; more vCPUs than host CPUs is
// allowed (overcommit) and said so, as virt-manager does.

#include <gtkmm/builder.h>
#include <gtkmm/grid.h>
#include <gtkmm/label.h>
#include <gtkmm/spinbutton.h>

#include <functional>
#include <optional>
#include <string>

#include "admin-gui/details/details_page.hpp"
#include "libvirt-driver/connection/connection.hpp"

namespace spicedesk::gui {

class AmountPage : public Gtk::Grid, public DetailsPage {
  public:
    AmountPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder);
    // Hold a reference until the caller has parented the page (then unreference()). `host` is
    // nullopt when the connection cannot say (the limits are then libvirt's).
    static AmountPage* cpus(const std::optional<virt::HostInfo>& host);
    static AmountPage* memory(const std::optional<virt::HostInfo>& host);

    void load(const virt::DomainXml& current) override;

  private:
    struct Resource {
        std::string key;  // the draft edit's key
        std::function<std::optional<unsigned long long>(const virt::DomainXml&)> read;
        std::function<Status(virt::DomainXml&, unsigned long long)> write;
        // A note on `value` against the host ("" for none).
        std::function<std::string(unsigned long long value)> note;
    };
    static AmountPage* create(const Glib::ustring& label, const Glib::ustring& accessible_name,
                              unsigned long long lower, unsigned long long upper,
                              Resource resource);
    void on_value_changed();

    Resource resource_;
    Gtk::SpinButton* spin_ = nullptr;
    Gtk::Label* note_ = nullptr;
    Gtk::Label* error_ = nullptr;
};

}  // namespace spicedesk::gui
