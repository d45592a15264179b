#pragma once

// A page that shows one row per device of a kind (Disks, NICs): the rows are rebuilt when what
// they show changed, and never from inside a row's own signal (an edit made from a row reloads
// every page while that signal still runs), so rebuilding waits for the idle loop.

#include <gtkmm/builder.h>
#include <gtkmm/grid.h>
#include <gtkmm/listbox.h>

#include <string>

#include "admin-gui/details/details_page.hpp"

namespace spicedesk::gui {

class RowsPage : public Gtk::Grid, public DetailsPage {
  public:
    RowsPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder,
             const char* list_id);

    void load(const virt::DomainXml& current) final;

  protected:
    // What the rows of `current` show: they are rebuilt only when this changes.
    virtual std::string signature(const virt::DomainXml& current) const = 0;
    // Appends the rows for `current` to list() (it is empty).
    virtual void add_rows(const virt::DomainXml& current) = 0;

    Gtk::ListBox& list() { return *list_; }
    Gtk::Label& error() { return *error_; }

  private:
    std::string shown_;
    Gtk::ListBox* list_ = nullptr;
    Gtk::Label* error_ = nullptr;
};

}  // namespace spicedesk::gui
