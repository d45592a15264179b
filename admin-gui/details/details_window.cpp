#include "admin-gui/details/details_window.hpp"

#include <fmt/format.h>
#include <glibmm/main.h>
#include <gtkmm/messagedialog.h>
#include <gtkmm/scrolledwindow.h>
#include <gtkmm/textview.h>

#include "admin-gui/details/add_hardware_dialog.hpp"
#include "admin-gui/details/amount_page.hpp"
#include "admin-gui/details/boot_page.hpp"
#include "admin-gui/details/console_page.hpp"
#include "admin-gui/details/devices_page.hpp"
#include "admin-gui/details/disks_page.hpp"
#include "admin-gui/details/display_page.hpp"
#include "admin-gui/details/nics_page.hpp"
#include "admin-gui/details/overview_page.hpp"
#include "admin-gui/details/sound_page.hpp"
#include "admin-gui/details/video_page.hpp"
#include "admin-gui/details/xml_page.hpp"
#include "admin-gui/support/builder.hpp"
#include "admin-gui/support/i18n.hpp"
#include "common/text_diff.hpp"
#include "libvirt-driver/domain/convert.hpp"

namespace spicedesk::gui {
namespace {

bool has_spice(const virt::DomainXml& domain) {
    const auto graphics = domain.graphics();
    return !graphics.empty() && graphics.front().type() == "spice";
}

}  // namespace

DetailsWindow::DetailsWindow(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder)
    : Gtk::Window(object) {
    pages_ = get_widget<Gtk::Stack>(builder, "pages");
    message_ = get_widget<Gtk::Label>(builder, "message_label");
    apply_ = get_widget<Gtk::Button>(builder, "apply_button");
    revert_ = get_widget<Gtk::Button>(builder, "revert_button");
    switch_ = get_widget<Gtk::Button>(builder, "switch_display_button");
    begin_ = get_widget<Gtk::Button>(builder, "begin_button");
    add_hardware_ = get_widget<Gtk::Button>(builder, "add_hardware_button");
    cancel_install_ = get_widget<Gtk::Button>(builder, "cancel_install_button");

    pages_->property_visible_child().signal_changed().connect([this] {
        // Leaving the XML page records what was typed there, or stays on it with the error.
        if (xml_page_ != nullptr && xml_page_->modified() &&
            pages_->get_visible_child() != xml_page_) {
            if (!commit_xml()) {
                pages_->set_visible_child(*xml_page_);
            }
        }
    });

    apply_->signal_clicked().connect([this] { apply(); });
    revert_->signal_clicked().connect([this] {
        draft_->revert();
        reload();
        show_message(_("Changes reverted."));
    });
    switch_->signal_clicked().connect([this] { switch_display(); });
    add_hardware_->signal_clicked().connect([this] { add_hardware(); });
    begin_->signal_clicked().connect([this] { begin_installation(); });
    cancel_install_->signal_clicked().connect([this] {
        if (on_cancelled) {
            on_cancelled();
        }
        close();
    });
    signal_close_request().connect(
        [this] {
            Glib::signal_idle().connect_once([this] { delete this; });
            return false;
        },
        false);
}

void DetailsWindow::build_pages(bool with_console) {
    if (with_console) {
        console_ = ConsolePage::create();
        pages_->add(*console_, "console", _("Console"));
        console_->unreference();  // the stack holds it now (see get_derived_unparented)
    }
    std::optional<virt::HostInfo> host;
    if (auto info = connection_->host_info()) {
        host = *info;
    }
    auto* overview = OverviewPage::create();
    add_page(*overview, *overview, "overview", _("Overview"));
    auto* cpus = AmountPage::cpus(host);
    add_page(*cpus, *cpus, "cpus", _("CPUs"));
    auto* memory = AmountPage::memory(host);
    add_page(*memory, *memory, "memory", _("Memory"));
    auto* boot = BootPage::create();
    add_page(*boot, *boot, "boot", _("Boot"));
    auto* disks = DisksPage::create();
    add_page(*disks, *disks, "disks", _("Disks"));
    auto* nics = NicsPage::create();
    add_page(*nics, *nics, "nics", _("Network interfaces"));
    auto* display = DisplayPage::create();
    add_page(*display, *display, "display", _("Display"));
    auto* video = VideoPage::create();
    add_page(*video, *video, "video", _("Video"));
    auto* sound = SoundPage::create();
    add_page(*sound, *sound, "sound", _("Sound"));
    auto* devices = DevicesPage::create();
    add_page(*devices, *devices, "devices", _("Channels and USB"));
    xml_page_ = XmlPage::create();
    add_page(*xml_page_, *xml_page_, "xml", _("XML"));
}

DetailsWindow* DetailsWindow::create(virt::Connection& connection, virt::DomainDraft draft,
                                     Mode mode) {
    auto builder = Gtk::Builder::create_from_resource("/org/spicedesk/SpiceDesk/details_window.ui");
    auto* window = get_derived<DetailsWindow>(builder, "details_window");
    window->connection_ = &connection;
    window->mode_ = mode;
    window->draft_.emplace(std::move(draft));
    const bool customizing = mode == Mode::kCustomize;
    window->begin_->set_visible(customizing);
    window->cancel_install_->set_visible(customizing);
    window->apply_->set_visible(!customizing);
    window->set_title(
        fmt::format(fmt::runtime(customizing ? _("{} — Customize configuration before install")
                                             : _("{} on {}")),
                    window->draft_->current().name(), connection.uri()));
    // A machine being customized before install has no console yet.
    window->build_pages(/*with_console=*/!customizing);
    if (window->console_ != nullptr) {
        window->console_->set_domain(connection, window->draft_->current().name());
    }
    window->reload();
    return window;
}

void DetailsWindow::add_page(DetailsPage& page, Gtk::Widget& widget, const char* name,
                             const Glib::ustring& title) {
    page.set_edit_sink([this](const std::string& key, virt::DomainDraft::Edit edit) {
        return record(key, std::move(edit));
    });
    pages_->add(widget, name, title);
    widget.unreference();  // the stack holds it now (see get_derived_unparented)
    pages_list_.push_back(&page);
}

Status DetailsWindow::record(const std::string& key, virt::DomainDraft::Edit edit) {
    Status done = draft_->set_edit(key, std::move(edit));
    if (done) {
        // Other pages may show what this edit changed (the XML page always does).
        for (auto* page : pages_list_) {
            if (page == xml_page_ && xml_page_->modified()) {
                continue;
            }
            page->load(draft_->current());
        }
        show_message(
            fmt::format(fmt::runtime(_("{} pending change(s).")), draft_->pending_keys().size()));
    }
    switch_->set_label(has_spice(draft_->current()) ? _("Switch to _VNC") : _("Switch to _SPICE"));
    return done;
}

void DetailsWindow::reload() {
    for (auto* page : pages_list_) {
        page->load(draft_->current());
    }
    switch_->set_label(has_spice(draft_->current()) ? _("Switch to _VNC") : _("Switch to _SPICE"));
}

bool DetailsWindow::commit_xml() {
    return xml_page_->commit();
}

void DetailsWindow::show_message(const std::string& text) {
    message_->set_text(text);
}

void DetailsWindow::apply() {
    if (!commit_xml()) {
        pages_->set_visible_child(*xml_page_);
        show_message(_("The XML is not valid; nothing was changed."));
        return;
    }
    if (!draft_->has_pending()) {
        show_message(_("Nothing to apply."));
        return;
    }
    auto done = draft_->apply(*connection_);
    if (!done) {
        show_message(fmt::format(fmt::runtime(_("Not applied — the definition is unchanged: {}")),
                                 done.message()));
        return;
    }
    reload();
    show_message(done->running
                     ? _("Saved. The machine is running: the changes take effect at its next boot.")
                     : _("Saved."));
}

void DetailsWindow::begin_installation() {
    if (!commit_xml()) {
        pages_->set_visible_child(*xml_page_);
        return;
    }
    auto defined = draft_->apply(*connection_);
    if (!defined) {
        show_message(
            fmt::format(fmt::runtime(_("Cannot define the machine: {}")), defined.message()));
        return;
    }
    if (auto started = connection_->start(defined->name); !started) {
        show_message(fmt::format(fmt::runtime(_("The machine is defined but did not start: {}")),
                                 started.message()));
        mode_ = Mode::kEdit;
        begin_->set_visible(false);
        cancel_install_->set_visible(false);
        apply_->set_visible(true);
        return;
    }
    if (on_installed) {
        on_installed(defined->name);
    }
    close();
}

void DetailsWindow::add_hardware() {
    AddHardwareDialog::create(*this, connection_->supports_networks(),
                              [this](const virt::HardwareRequest& request) {
                                  // Each addition is an edit of its own: adding two disks is
                                  // two pending changes.
                                  const std::string key = fmt::format("add.{}", ++hardware_added_);
                                  return record(key, [request](virt::DomainXml& domain) {
                                      return virt::add_hardware(domain, request);
                                  });
                              })
        ->present();
}

void DetailsWindow::switch_display() {
    const bool to_vnc = has_spice(draft_->current());
    virt::DomainXml candidate = draft_->current().clone();
    Status converted = to_vnc ? virt::to_vnc(candidate) : virt::to_spice(candidate);
    if (!converted) {
        show_message(converted.message());
        return;
    }
    const std::string diff = line_diff(draft_->current().to_string(), candidate.to_string(), 2);

    auto* dialog = new Gtk::MessageDialog(
        *this, to_vnc ? _("Switch the display to VNC?") : _("Switch the display to SPICE?"), false,
        Gtk::MessageType::QUESTION, Gtk::ButtonsType::NONE, true);
    dialog->set_secondary_text(
        _("These lines of the definition change (- removed, + added). Apply writes them."));
    auto* scrolled = Gtk::make_managed<Gtk::ScrolledWindow>();
    scrolled->set_min_content_height(320);
    scrolled->set_min_content_width(640);
    auto* view = Gtk::make_managed<Gtk::TextView>();
    view->set_monospace(true);
    view->set_editable(false);
    view->get_buffer()->set_text(diff);
    scrolled->set_child(*view);
    dialog->get_content_area()->append(*scrolled);
    dialog->add_button(_("_Cancel"), Gtk::ResponseType::CANCEL);
    dialog->add_button(_("_Switch"), Gtk::ResponseType::ACCEPT);
    dialog->signal_response().connect([this, dialog, to_vnc](int response) {
        dialog->hide();
        Glib::signal_idle().connect_once([dialog] { delete dialog; });
        if (response != Gtk::ResponseType::ACCEPT) {
            return;
        }
        Status done = record("display.convert", to_vnc ? virt::to_vnc : virt::to_spice);
        if (!done) {
            show_message(done.message());
        }
    });
    dialog->show();
}

}  // namespace spicedesk::gui
