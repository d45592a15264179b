#pragma once

// SPICE companions page: the spicevmc agent channel, USB redirectors (spicevmc) and the USB
// tablet. Adding a redirector adds a USB controller when the domain has none.

#include <gtkmm/builder.h>
#include <gtkmm/checkbutton.h>
#include <gtkmm/grid.h>
#include <gtkmm/spinbutton.h>

#include "admin-gui/details/details_page.hpp"

namespace spicedesk::gui {

class DevicesPage : public Gtk::Grid, public DetailsPage {
  public:
    DevicesPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder);
    // Holds a reference until the caller has parented the page (then unreference()).
    static DevicesPage* create();

    void load(const virt::DomainXml& current) override;

  private:
    Gtk::CheckButton* agent_ = nullptr;
    Gtk::SpinButton* redirdevs_ = nullptr;
    Gtk::CheckButton* tablet_ = nullptr;
    Gtk::Label* error_ = nullptr;
};

}  // namespace spicedesk::gui
