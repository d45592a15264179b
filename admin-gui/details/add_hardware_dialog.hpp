#pragma once

// Add Hardware: picks one kind of device (disk, NIC, sound, video, SPICE graphics, agent
// channel, USB redirector, tablet) and asks the details editor to add it as a pending edit.
// A refusal is shown in the dialog, which stays open; the definition is unchanged. GTK thread.

#include <gtkmm/builder.h>
#include <gtkmm/button.h>
#include <gtkmm/checkbutton.h>
#include <gtkmm/entry.h>
#include <gtkmm/label.h>
#include <gtkmm/window.h>

#include <functional>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "libvirt-driver/domain/add_hardware.hpp"

namespace spicedesk::gui {

class AddHardwareDialog : public Gtk::Window {
  public:
    AddHardwareDialog(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder);

    // A new dialog over `parent`; `add` records the request (its refusal is shown). `networks`:
    // whether the connection has libvirt networks (else NICs use user-mode networking). The
    // dialog frees itself when closed.
    static AddHardwareDialog* create(Gtk::Window& parent, bool networks,
                                     std::function<Status(const virt::HardwareRequest&)> add);

  private:
    void update_sensitivity();
    void finish();

    std::vector<std::pair<Gtk::CheckButton*, virt::HardwareKind>> kinds_;
    Gtk::Entry* disk_path_ = nullptr;
    Gtk::Entry* network_ = nullptr;
    Gtk::Label* error_ = nullptr;
    bool networks_ = false;
    std::function<Status(const virt::HardwareRequest&)> add_;
};

}  // namespace spicedesk::gui
