#pragma once

// Display page: VNC or SPICE, listen address, port (automatic or fixed), TLS port, password.

#include <gtkmm/builder.h>
#include <gtkmm/checkbutton.h>
#include <gtkmm/dropdown.h>
#include <gtkmm/entry.h>
#include <gtkmm/grid.h>
#include <gtkmm/passwordentry.h>
#include <gtkmm/spinbutton.h>

#include <optional>

#include "admin-gui/details/details_page.hpp"

namespace spicedesk::gui {

class DisplayPage : public Gtk::Grid, public DetailsPage {
  public:
    DisplayPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder);
    // Holds a reference until the caller has parented the page (then unreference()).
    static DisplayPage* create();

    void load(const virt::DomainXml& current) override;

  private:
    void on_type_changed();
    void on_listen_changed();
    void on_port_changed();
    void on_tls_changed();
    void on_password_changed();
    void update_sensitivity();

    Gtk::DropDown* type_ = nullptr;
    Gtk::DropDown* listen_ = nullptr;
    Gtk::Entry* address_ = nullptr;
    Gtk::CheckButton* autoport_ = nullptr;
    Gtk::SpinButton* port_ = nullptr;
    Gtk::CheckButton* tls_ = nullptr;
    Gtk::SpinButton* tls_port_ = nullptr;
    Gtk::CheckButton* password_check_ = nullptr;
    Gtk::PasswordEntry* password_ = nullptr;
    Gtk::Label* error_ = nullptr;
    std::optional<int> loaded_port_;  // the port the definition has: in use by itself when running
};

}  // namespace spicedesk::gui
