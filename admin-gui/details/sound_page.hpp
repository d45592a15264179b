#pragma once

// Sound page: the model of the first sound card (one is added when there is none).

#include <gtkmm/builder.h>
#include <gtkmm/dropdown.h>
#include <gtkmm/grid.h>

#include "admin-gui/details/details_page.hpp"

namespace spicedesk::gui {

class SoundPage : public Gtk::Grid, public DetailsPage {
  public:
    SoundPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder);
    // Holds a reference until the caller has parented the page (then unreference()).
    static SoundPage* create();

    void load(const virt::DomainXml& current) override;

  private:
    Gtk::DropDown* model_ = nullptr;
    Gtk::Label* error_ = nullptr;
};

}  // namespace spicedesk::gui
