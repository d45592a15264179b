#pragma once

// The spicedesk application (id org.spicedesk.SpiceDesk): opens the default connection, or the
// one given with --connect, in the manager window. GTK thread only.

#include <gtkmm/application.h>

#include <optional>
#include <string>

namespace spicedesk::gui {

class ManagerWindow;

class SpiceDeskApp : public Gtk::Application {
  public:
    static Glib::RefPtr<SpiceDeskApp> create();

  protected:
    SpiceDeskApp();
    void on_startup() override;
    void on_activate() override;

  private:
    int on_handle_local_options(const Glib::RefPtr<Glib::VariantDict>& options);

    std::optional<std::string> requested_uri_;
    ManagerWindow* manager_ = nullptr;
};

}  // namespace spicedesk::gui
