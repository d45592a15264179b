#pragma once

// Overview page: what the machine is (name, UUID, hypervisor, machine type) and the title and
// description an admin gives it.

#include <gtkmm/builder.h>
#include <gtkmm/entry.h>
#include <gtkmm/grid.h>
#include <gtkmm/label.h>

#include "admin-gui/details/details_page.hpp"

namespace spicedesk::gui {

class OverviewPage : public Gtk::Grid, public DetailsPage {
  public:
    OverviewPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder);
    // Holds a reference until the caller has parented the page (then unreference()).
    static OverviewPage* create();

    void load(const virt::DomainXml& current) override;

  private:
    Gtk::Label* name_ = nullptr;
    Gtk::Label* uuid_ = nullptr;
    Gtk::Label* hypervisor_ = nullptr;
    Gtk::Label* machine_ = nullptr;
    Gtk::Entry* title_ = nullptr;
    Gtk::Entry* description_ = nullptr;
    Gtk::Label* error_ = nullptr;
};

}  // namespace spicedesk::gui
