#pragma once

// The new-VM wizard (virt-manager's five steps). Finishing defines and starts the machine, or,
// with "Customize configuration before install", hands the not-yet-defined machine to the
// details editor with Begin/Cancel Installation. A new disk image is created on a worker
// thread while a progress bar pulses. GTK thread only, but for that worker.

#include <glibmm/dispatcher.h>
#include <gtkmm/builder.h>
#include <gtkmm/button.h>
#include <gtkmm/checkbutton.h>
#include <gtkmm/dropdown.h>
#include <gtkmm/entry.h>
#include <gtkmm/label.h>
#include <gtkmm/progressbar.h>
#include <gtkmm/spinbutton.h>
#include <gtkmm/stack.h>
#include <gtkmm/window.h>

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "libvirt-driver/connection/connection.hpp"
#include "libvirt-driver/domain/domain_spec.hpp"

namespace spicedesk::gui {

class NewVmWizard : public Gtk::Window {
  public:
    NewVmWizard(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder);
    ~NewVmWizard() override;

    // A new wizard on `connection` (which must outlive it); it frees itself on close.
    static NewVmWizard* create(virt::Connection& connection);

    // The machine was defined (and started unless it is being customized first).
    std::function<void(const std::string& name)> on_created;

  private:
    void show_step(int step);
    bool check_step(int step);
    void show_error(const std::string& text);
    Result<virt::DomainSpec> build_spec();
    void finish();
    void continue_after_disk(const virt::DomainSpec& spec, std::optional<std::string> created_disk);
    void update_summary();

    virt::Connection* connection_ = nullptr;
    int step_ = 0;

    Gtk::Stack* steps_ = nullptr;
    Gtk::Label* step_label_ = nullptr;
    Gtk::Label* error_ = nullptr;
    Gtk::Button* back_ = nullptr;
    Gtk::Button* forward_ = nullptr;
    Gtk::Button* finish_ = nullptr;
    Gtk::CheckButton* source_iso_ = nullptr;
    Gtk::CheckButton* source_import_ = nullptr;
    Gtk::CheckButton* source_pxe_ = nullptr;
    Gtk::Entry* iso_ = nullptr;
    Gtk::Entry* import_ = nullptr;
    Gtk::DropDown* os_ = nullptr;
    Gtk::SpinButton* memory_ = nullptr;
    Gtk::SpinButton* vcpus_ = nullptr;
    Gtk::Label* host_ = nullptr;
    Gtk::CheckButton* storage_new_ = nullptr;
    Gtk::CheckButton* storage_existing_ = nullptr;
    Gtk::SpinButton* size_ = nullptr;
    Gtk::Entry* existing_ = nullptr;
    Gtk::Entry* name_ = nullptr;
    Gtk::DropDown* network_ = nullptr;
    Gtk::Entry* bridge_ = nullptr;
    Gtk::Label* summary_ = nullptr;
    Gtk::CheckButton* customize_ = nullptr;
    Gtk::ProgressBar* progress_ = nullptr;

    // The disk worker: its result crosses to the GTK thread through the dispatcher.
    Glib::Dispatcher disk_done_;
    std::thread disk_worker_;
    std::mutex disk_mutex_;
    std::optional<Result<std::string>> disk_result_;
    std::optional<virt::DomainSpec> pending_spec_;
    sigc::connection pulse_;
};

}  // namespace spicedesk::gui
