#pragma once

// XML page: the draft's whole definition as text. Typing marks it modified; the window records
// it (parse errors carry the line) when the user applies or leaves the page.

#include <gtkmm/box.h>
#include <gtkmm/builder.h>
#include <gtkmm/textview.h>

#include "admin-gui/details/details_page.hpp"

namespace spicedesk::gui {

class XmlPage : public Gtk::Box, public DetailsPage {
  public:
    XmlPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder);
    // Holds a reference until the caller has parented the page (then unreference()).
    static XmlPage* create();

    void load(const virt::DomainXml& current) override;

    bool modified() const { return modified_; }
    // Records the typed XML as the draft's "xml" edit; false (with the reason shown) on error.
    bool commit();

  private:
    Gtk::TextView* view_ = nullptr;
    Gtk::Label* error_ = nullptr;
    bool modified_ = false;
};

}  // namespace spicedesk::gui
