#pragma once

// One virtual machine in the manager's list: state icon, name, state, CPU sparkline, memory.
// Lives on the GTK thread.

#include <gtkmm/box.h>
#include <gtkmm/drawingarea.h>
#include <gtkmm/image.h>
#include <gtkmm/label.h>
#include <gtkmm/listboxrow.h>

#include <deque>
#include <string>

#include "libvirt-driver/connection/domain_monitor.hpp"

namespace spicedesk::gui {

class DomainRow : public Gtk::ListBoxRow {
  public:
    DomainRow(std::string connection_uri, const virt::DomainStatus& status);

    void update(const virt::DomainStatus& status);

    const std::string& connection_uri() const { return connection_uri_; }
    const std::string& domain_name() const { return name_; }
    virt::DomainState state() const { return state_; }

  private:
    void draw_sparkline(const Cairo::RefPtr<Cairo::Context>& cr, int width, int height) const;

    std::string connection_uri_;
    std::string name_;
    virt::DomainState state_ = virt::DomainState::kNoState;
    std::deque<double> cpu_history_;

    Gtk::Box box_{Gtk::Orientation::HORIZONTAL, 12};
    Gtk::Image state_icon_;
    Gtk::Box text_{Gtk::Orientation::VERTICAL, 2};
    Gtk::Label name_label_;
    Gtk::Label state_label_;
    Gtk::DrawingArea sparkline_;
    Gtk::Label memory_label_;
};

// The icon name for a domain state.
const char* state_icon_name(virt::DomainState state);

// The translated state, as the list shows it.
std::string state_text(virt::DomainState state);

}  // namespace spicedesk::gui
