#pragma once

// Disks page: each <disk> (target, bus, kind, source, format) with read-only and remove. Remove
// takes the device out of the definition only; the image file stays (the manager's Delete
// offers to remove disks with the machine).

#include "admin-gui/details/rows_page.hpp"

namespace spicedesk::gui {

class DisksPage : public RowsPage {
  public:
    DisksPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder)
        : RowsPage(object, builder, "disk_list") {}
    // Holds a reference until the caller has parented the page (then unreference()).
    static DisksPage* create();

  private:
    std::string signature(const virt::DomainXml& current) const override;
    void add_rows(const virt::DomainXml& current) override;
};

}  // namespace spicedesk::gui
