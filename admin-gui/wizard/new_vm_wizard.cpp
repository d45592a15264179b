#include "admin-gui/wizard/new_vm_wizard.hpp"

#include <fmt/format.h>
#include <glibmm/main.h>

#include <array>
#include <filesystem>

#include "admin-gui/details/details_window.hpp"
#include "admin-gui/support/builder.hpp"
#include "admin-gui/support/i18n.hpp"
#include "libvirt-driver/connection/definition.hpp"
#include "libvirt-driver/connection/disk_storage.hpp"
#include "libvirt-driver/connection/domain_draft.hpp"

namespace spicedesk::gui {
namespace {

constexpr int kSteps = 4;  // the fifth step is Finish itself
constexpr std::array<const char*, kSteps> kStepNames = {"source", "memory", "storage", "finish"};

struct OsChoice {
    virt::OsFamily family;
    const char* variant;
};
constexpr std::array<OsChoice, 5> kOsChoices = {{
    {virt::OsFamily::kLinux, "linux"},
    {virt::OsFamily::kWindows, "win7"},
    {virt::OsFamily::kWindows, "win10"},
    {virt::OsFamily::kWindows, "win11"},
    {virt::OsFamily::kRhel6, "rhel6"},
}};

std::string step_title(int step) {
    switch (step) {
        case 0:
            return _("Step 1 of 5: How will the operating system be installed?");
        case 1:
            return _("Step 2 of 5: Memory and CPUs");
        case 2:
            return _("Step 3 of 5: Storage");
        default:
            return _("Step 4 of 5: Name, network and summary");
    }
}

}  // namespace

NewVmWizard::NewVmWizard(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder)
    : Gtk::Window(object) {
    steps_ = get_widget<Gtk::Stack>(builder, "steps");
    step_label_ = get_widget<Gtk::Label>(builder, "step_label");
    error_ = get_widget<Gtk::Label>(builder, "error_label");
    back_ = get_widget<Gtk::Button>(builder, "back_button");
    forward_ = get_widget<Gtk::Button>(builder, "forward_button");
    finish_ = get_widget<Gtk::Button>(builder, "finish_button");
    source_iso_ = get_widget<Gtk::CheckButton>(builder, "source_iso");
    source_import_ = get_widget<Gtk::CheckButton>(builder, "source_import");
    source_pxe_ = get_widget<Gtk::CheckButton>(builder, "source_pxe");
    iso_ = get_widget<Gtk::Entry>(builder, "iso_entry");
    import_ = get_widget<Gtk::Entry>(builder, "import_entry");
    os_ = get_widget<Gtk::DropDown>(builder, "os_dropdown");
    memory_ = get_widget<Gtk::SpinButton>(builder, "memory_spin");
    vcpus_ = get_widget<Gtk::SpinButton>(builder, "vcpus_spin");
    host_ = get_widget<Gtk::Label>(builder, "host_label");
    storage_new_ = get_widget<Gtk::CheckButton>(builder, "storage_new");
    storage_existing_ = get_widget<Gtk::CheckButton>(builder, "storage_existing");
    size_ = get_widget<Gtk::SpinButton>(builder, "size_spin");
    existing_ = get_widget<Gtk::Entry>(builder, "existing_entry");
    name_ = get_widget<Gtk::Entry>(builder, "name_entry");
    network_ = get_widget<Gtk::DropDown>(builder, "network_dropdown");
    bridge_ = get_widget<Gtk::Entry>(builder, "bridge_entry");
    summary_ = get_widget<Gtk::Label>(builder, "summary_label");
    customize_ = get_widget<Gtk::CheckButton>(builder, "customize_check");
    progress_ = get_widget<Gtk::ProgressBar>(builder, "progress");

    get_widget<Gtk::Button>(builder, "cancel_button")->signal_clicked().connect([this] {
        close();
    });
    back_->signal_clicked().connect([this] { show_step(step_ - 1); });
    forward_->signal_clicked().connect([this] {
        if (check_step(step_)) {
            show_step(step_ + 1);
        }
    });
    finish_->signal_clicked().connect([this] { finish(); });
    name_->signal_changed().connect([this] { update_summary(); });
    network_->property_selected().signal_changed().connect(
        [this] { bridge_->set_sensitive(network_->get_selected() == 1); });
    bridge_->set_sensitive(false);
    disk_done_.connect([this] {
        if (disk_worker_.joinable()) {
            disk_worker_.join();
        }
        pulse_.disconnect();
        progress_->set_visible(false);
        std::optional<Result<std::string>> result;
        {
            const std::lock_guard lock(disk_mutex_);
            result.swap(disk_result_);
        }
        if (!result || !*result) {
            finish_->set_sensitive(true);
            show_error(result ? result->message() : _("The disk image was not created."));
            return;
        }
        auto spec = std::move(*pending_spec_);
        pending_spec_.reset();
        continue_after_disk(spec, result->value());
    });
    signal_close_request().connect(
        [this] {
            if (disk_worker_.joinable()) {
                return true;  // a disk is being created: finish that first
            }
            Glib::signal_idle().connect_once([this] { delete this; });
            return false;
        },
        false);
}

NewVmWizard::~NewVmWizard() {
    if (disk_worker_.joinable()) {
        disk_worker_.join();
    }
}

NewVmWizard* NewVmWizard::create(virt::Connection& connection) {
    auto builder = Gtk::Builder::create_from_resource("/org/spicedesk/SpiceDesk/new_vm_wizard.ui");
    auto* wizard = get_derived<NewVmWizard>(builder, "new_vm_wizard");
    wizard->connection_ = &connection;
    if (auto host = connection.host_info()) {
        const double max_memory = static_cast<double>(host->memory_kib / 1024);
        wizard->memory_->set_range(64, max_memory);
        const int max_vcpus = host->max_vcpus > 0 ? std::min<int>(host->max_vcpus, 4096) : 64;
        wizard->vcpus_->set_range(1, max_vcpus);
        wizard->host_->set_text(
            fmt::format(fmt::runtime(_("The host has {} MiB of memory and {} CPUs.")),
                        host->memory_kib / 1024, host->cpus));
    }
    if (!connection.supports_networks()) {
        wizard->network_->set_tooltip_text(
            _("This connection has no virtual networks: NAT is user-mode networking."));
    }
    wizard->show_step(0);
    return wizard;
}

void NewVmWizard::show_error(const std::string& text) {
    error_->set_text(text);
    error_->set_visible(!text.empty());
}

void NewVmWizard::show_step(int step) {
    step_ = std::clamp(step, 0, kSteps - 1);
    steps_->set_visible_child(kStepNames[static_cast<size_t>(step_)]);
    step_label_->set_text(step_title(step_));
    back_->set_sensitive(step_ > 0);
    forward_->set_visible(step_ < kSteps - 1);
    finish_->set_visible(step_ == kSteps - 1);
    show_error("");
    update_summary();
}

bool NewVmWizard::check_step(int step) {
    if (step == 0 && source_iso_->get_active() && iso_->get_text().empty()) {
        show_error(_("Give the path of the install ISO image or CD-ROM device."));
        return false;
    }
    if (step == 0 && source_import_->get_active() && import_->get_text().empty()) {
        show_error(_("Give the path of the disk image to import."));
        return false;
    }
    if (step == 2 && storage_existing_->get_active() && !source_import_->get_active() &&
        !std::filesystem::exists(std::string(existing_->get_text()))) {
        show_error(
            fmt::format(fmt::runtime(_("{} does not exist.")), std::string(existing_->get_text())));
        return false;
    }
    show_error("");
    return true;
}

void NewVmWizard::update_summary() {
    const auto os = kOsChoices[std::min<size_t>(os_->get_selected(), kOsChoices.size() - 1)];
    const std::string storage =
        source_import_->get_active() ? std::string(import_->get_text())
        : storage_new_->get_active()
            ? fmt::format(fmt::runtime(_("new {} GiB qcow2 image")), size_->get_value_as_int())
        : storage_existing_->get_active() ? std::string(existing_->get_text())
                                          : _("none");
    summary_->set_text(fmt::format(
        fmt::runtime(
            _("Operating system: {}\nMemory: {} MiB, CPUs: {}\nStorage: {}\nConnection: {}")),
        os.variant, memory_->get_value_as_int(), vcpus_->get_value_as_int(), storage,
        connection_ != nullptr ? connection_->uri() : ""));
}

Result<virt::DomainSpec> NewVmWizard::build_spec() {
    virt::DomainSpec spec;
    spec.name = name_->get_text();
    if (spec.name.empty()) {
        return make_error(_("The machine needs a name."));
    }
    if (connection_->domain_info(spec.name)) {
        return make_error(fmt::format(fmt::runtime(_("A machine named “{}” already exists on {}.")),
                                      spec.name, connection_->uri()));
    }
    const auto os = kOsChoices[std::min<size_t>(os_->get_selected(), kOsChoices.size() - 1)];
    spec.os_family = os.family;
    spec.os_variant = os.variant;
    spec.memory_mib = static_cast<unsigned>(memory_->get_value_as_int());
    spec.vcpus = static_cast<unsigned>(vcpus_->get_value_as_int());
    spec.domain_type = "qemu";

    if (source_iso_->get_active()) {
        virt::DiskSpec cdrom;
        cdrom.path = iso_->get_text();
        cdrom.device = "cdrom";
        cdrom.format = "raw";
        cdrom.readonly = true;
        spec.disks.push_back(cdrom);
        spec.boot_order = {"cdrom", "hd"};
    } else if (source_pxe_->get_active()) {
        spec.boot_order = {"network", "hd"};
    } else {
        spec.boot_order = {"hd"};
    }
    if (source_import_->get_active()) {
        virt::DiskSpec disk;
        disk.path = import_->get_text();
        spec.disks.push_back(disk);
    } else if (storage_existing_->get_active()) {
        virt::DiskSpec disk;
        disk.path = existing_->get_text();
        spec.disks.push_back(disk);
    }

    switch (network_->get_selected()) {
        case 0:
            spec.networks.push_back(connection_->supports_networks()
                                        ? virt::NetworkSpec{"network", "default", ""}
                                        : virt::NetworkSpec{"user", "", ""});
            break;
        case 1:
            if (bridge_->get_text().empty()) {
                return make_error(_("Give the name of the bridge."));
            }
            spec.networks.push_back(virt::NetworkSpec{"bridge", bridge_->get_text(), ""});
            break;
        default:
            spec.networks.push_back(virt::NetworkSpec{"none", "", ""});
            break;
    }
    return spec;
}

void NewVmWizard::finish() {
    auto spec = build_spec();
    if (!spec) {
        show_error(spec.message());
        return;
    }
    if (auto probe = virt::make_domain(*spec); !probe) {
        show_error(probe.message());
        return;
    }
    const bool new_disk = storage_new_->get_active() && !source_import_->get_active();
    if (!new_disk) {
        continue_after_disk(*spec, std::nullopt);
        return;
    }
    const std::filesystem::path path =
        virt::default_image_folder(*connection_) / (spec->name + ".qcow2");
    const auto size = static_cast<unsigned long long>(size_->get_value_as_int());
    pending_spec_ = *spec;
    finish_->set_sensitive(false);
    progress_->set_visible(true);
    progress_->set_text(fmt::format(fmt::runtime(_("Creating {}")), path.string()));
    progress_->set_show_text(true);
    pulse_ = Glib::signal_timeout().connect(
        [this] {
            progress_->pulse();
            return true;
        },
        100);
    disk_worker_ = std::thread([this, path, size] {
        pthread_setname_np(pthread_self(), "disk-create");
        auto made = virt::create_disk(*connection_, {path, size, "qcow2"});
        Result<std::string> result =
            made ? Result<std::string>(made->string()) : Result<std::string>(made.error());
        {
            const std::lock_guard lock(disk_mutex_);
            disk_result_.emplace(std::move(result));
        }
        disk_done_.emit();
    });
}

void NewVmWizard::continue_after_disk(const virt::DomainSpec& base_spec,
                                      std::optional<std::string> created_disk) {
    virt::DomainSpec spec = base_spec;
    if (created_disk) {
        virt::DiskSpec disk;
        disk.path = *created_disk;
        spec.disks.insert(spec.disks.begin(), disk);
    }
    auto domain = virt::make_domain(spec);
    if (!domain) {
        show_error(domain.message());
        finish_->set_sensitive(true);
        return;
    }
    auto forget_disk = [this, created_disk] {
        if (created_disk) {
            (void)virt::delete_disk(*connection_, *created_disk);
        }
    };

    if (customize_->get_active()) {
        auto* details = DetailsWindow::create(*connection_,
                                              virt::DomainDraft::for_new(std::move(domain).value()),
                                              DetailsWindow::Mode::kCustomize);
        details->on_installed = on_created;
        details->on_cancelled = forget_disk;
        if (auto* parent = get_transient_for()) {
            details->set_transient_for(*parent);
        }
        details->present();
        close();
        return;
    }
    auto defined = virt::define_validated(*connection_, *domain);
    if (!defined) {
        forget_disk();
        show_error(defined.message());
        finish_->set_sensitive(true);
        return;
    }
    if (auto started = connection_->start(*defined); !started) {
        show_error(fmt::format(fmt::runtime(_("The machine is defined but did not start: {}")),
                               started.message()));
        finish_->set_sensitive(true);
        return;
    }
    if (on_created) {
        on_created(*defined);
    }
    close();
}

}  // namespace spicedesk::gui
