#pragma once

// The details editor of one domain, defined or not yet ("Customize configuration before
// install"): hardware pages over a DomainDraft, Apply/Revert, "Switch to SPICE/VNC" with the XML
// difference shown first. GTK thread only.

#include <gtkmm/builder.h>
#include <gtkmm/button.h>
#include <gtkmm/label.h>
#include <gtkmm/stack.h>
#include <gtkmm/window.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "libvirt-driver/connection/connection.hpp"
#include "libvirt-driver/connection/domain_draft.hpp"

namespace spicedesk::gui {

class DetailsPage;
class XmlPage;
class ConsolePage;

class DetailsWindow : public Gtk::Window {
  public:
    enum class Mode { kEdit, kCustomize };

    DetailsWindow(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder);

    // A new window on `draft`; `connection` must outlive it. The window frees itself on close.
    static DetailsWindow* create(virt::Connection& connection, virt::DomainDraft draft, Mode mode);

    // Customize mode: after Begin Installation defined and started the domain.
    std::function<void(const std::string& name)> on_installed;
    // Customize mode: the user cancelled; nothing was defined.
    std::function<void()> on_cancelled;

  private:
    void build_pages(bool with_console);
    void add_page(DetailsPage& page, Gtk::Widget& widget, const char* name,
                  const Glib::ustring& title);
    Status record(const std::string& key, virt::DomainDraft::Edit edit);
    void reload();
    bool commit_xml();
    void apply();
    void begin_installation();
    void switch_display();
    void add_hardware();
    void show_message(const std::string& text);

    Gtk::Stack* pages_ = nullptr;
    Gtk::Label* message_ = nullptr;
    Gtk::Button* apply_ = nullptr;
    Gtk::Button* revert_ = nullptr;
    Gtk::Button* switch_ = nullptr;
    Gtk::Button* begin_ = nullptr;
    Gtk::Button* add_hardware_ = nullptr;
    unsigned hardware_added_ = 0;
    Gtk::Button* cancel_install_ = nullptr;
    std::vector<DetailsPage*> pages_list_;
    XmlPage* xml_page_ = nullptr;
    ConsolePage* console_ = nullptr;

    virt::Connection* connection_ = nullptr;
    std::optional<virt::DomainDraft> draft_;
    Mode mode_ = Mode::kEdit;
};

}  // namespace spicedesk::gui
