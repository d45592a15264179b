#pragma once

// Video page: the primary video model; for QXL its ram, vram, vgamem and heads (1–4).

#include <gtkmm/builder.h>
#include <gtkmm/dropdown.h>
#include <gtkmm/grid.h>
#include <gtkmm/spinbutton.h>

#include "admin-gui/details/details_page.hpp"

namespace spicedesk::gui {

class VideoPage : public Gtk::Grid, public DetailsPage {
  public:
    VideoPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder);
    // Holds a reference until the caller has parented the page (then unreference()).
    static VideoPage* create();

    void load(const virt::DomainXml& current) override;

  private:
    void on_model_changed();
    void on_qxl_memory_changed();
    void on_heads_changed();
    void update_sensitivity();

    Gtk::DropDown* model_ = nullptr;
    Gtk::SpinButton* vram_ = nullptr;
    Gtk::SpinButton* ram_ = nullptr;
    Gtk::SpinButton* vgamem_ = nullptr;
    Gtk::SpinButton* heads_ = nullptr;
    Gtk::Label* error_ = nullptr;
};

}  // namespace spicedesk::gui
