#pragma once

// Network interfaces page: each <interface> (type, source, MAC) with its device model and remove.

#include "admin-gui/details/rows_page.hpp"

namespace spicedesk::gui {

class NicsPage : public RowsPage {
  public:
    NicsPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder)
        : RowsPage(object, builder, "nic_list") {}
    // Holds a reference until the caller has parented the page (then unreference()).
    static NicsPage* create();

  private:
    std::string signature(const virt::DomainXml& current) const override;
    void add_rows(const virt::DomainXml& current) override;
};

}  // namespace spicedesk::gui
