#pragma once

// Boot page: which devices the firmware tries, in order (<os><boot dev>), each enabled or not
// and moved up or down, as virt-manager's boot order list.

#include <gtkmm/builder.h>
#include <gtkmm/checkbutton.h>
#include <gtkmm/grid.h>
#include <gtkmm/listbox.h>

#include <string>
#include <vector>

#include "admin-gui/details/details_page.hpp"

namespace spicedesk::gui {

class BootPage : public Gtk::Grid, public DetailsPage {
  public:
    BootPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder);
    // Holds a reference until the caller has parented the page (then unreference()).
    static BootPage* create();

    void load(const virt::DomainXml& current) override;

  private:
    struct Entry {
        std::string dev;  // hd, cdrom, network, fd
        bool enabled = false;
        bool operator==(const Entry&) const = default;
    };
    void rebuild();
    void move(size_t index, int delta);
    void record();

    std::vector<Entry> entries_;
    Gtk::ListBox* list_ = nullptr;
    Gtk::Label* error_ = nullptr;
};

}  // namespace spicedesk::gui
