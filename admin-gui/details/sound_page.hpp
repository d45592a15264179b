#pragma once

// Sound page: the model of the first sound card (one is added when there is none).

#include <gtkmm/builder.h>
#include <gtkmm/checkbutton.h>
#include <gtkmm/grid.h>

#include <array>

#include "admin-gui/details/details_page.hpp"

namespace spicedesk::gui {

class SoundPage : public Gtk::Grid, public DetailsPage {
  public:
    static constexpr std::array<const char*, 6> kModels = {"ac97",   "ich6", "ich9",
                                                           "es1370", "sb16", "usb"};

    SoundPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder);
    // Holds a reference until the caller has parented the page (then unreference()).
    static SoundPage* create();

    void load(const virt::DomainXml& current) override;

  private:
    std::array<Gtk::CheckButton*, kModels.size()> choices_{};
    Gtk::Label* error_ = nullptr;
};

}  // namespace spicedesk::gui
