#include "admin-gui/details/amount_page.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "admin-gui/support/accessible.hpp"
#include "admin-gui/support/builder.hpp"
#include "admin-gui/support/i18n.hpp"

namespace spicedesk::gui {
namespace {

// libvirt's and QEMU's ceilings where the host does not say (q35 takes 4096 vCPUs).
constexpr unsigned long long kMaxVcpus = 4096;
constexpr unsigned long long kMinMemoryMib = 16;

}  // namespace

AmountPage::AmountPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder)
    : Gtk::Grid(object) {
    spin_ = get_widget<Gtk::SpinButton>(builder, "amount_spin");
    note_ = get_widget<Gtk::Label>(builder, "host_note");
    error_ = get_widget<Gtk::Label>(builder, "error_label");
    spin_->signal_value_changed().connect([this] { on_value_changed(); });
}

AmountPage* AmountPage::create(const Glib::ustring& label, const Glib::ustring& accessible_name,
                               unsigned long long lower, unsigned long long upper,
                               Resource resource) {
    auto builder = Gtk::Builder::create_from_resource("/org/spicedesk/SpiceDesk/amount_page.ui");
    auto* page = get_derived_unparented<AmountPage>(builder, "amount_page");
    get_widget<Gtk::Label>(builder, "amount_label")->set_text_with_mnemonic(label);
    set_accessible_label(*page->spin_, accessible_name);
    page->resource_ = std::move(resource);
    const LoadingScope scope(page->loading_);
    page->spin_->set_range(static_cast<double>(lower), static_cast<double>(upper));
    return page;
}

AmountPage* AmountPage::cpus(const std::optional<virt::HostInfo>& host) {
    const unsigned host_cpus = host ? host->cpus : 0;
    const unsigned long long ceiling =
        host && host->max_vcpus > 0 ? static_cast<unsigned long long>(host->max_vcpus) : kMaxVcpus;
    Resource resource{
        "cpu.vcpus",
        [](const virt::DomainXml& domain) -> std::optional<unsigned long long> {
            return domain.vcpus();
        },
        [ceiling](virt::DomainXml& domain, unsigned long long vcpus) -> Status {
            if (vcpus < 1 || vcpus > ceiling) {
                return make_error(fmt::format(
                    fmt::runtime(_("{} vCPUs: this hypervisor takes 1 to {}.")), vcpus, ceiling));
            }
            domain.set_vcpus(static_cast<unsigned>(vcpus));
            return {};
        },
        [host_cpus](unsigned long long vcpus) -> std::string {
            if (host_cpus == 0) {
                return "";
            }
            if (vcpus > host_cpus) {
                return fmt::format(
                    fmt::runtime(_("The host has {} CPUs: {} vCPUs overcommit it and may run "
                                   "slowly.")),
                    host_cpus, vcpus);
            }
            return fmt::format(fmt::runtime(_("The host has {} CPUs.")), host_cpus);
        }};
    // The spin goes one past the ceiling so that the refusal can be seen, not silently clamped.
    return create(_("_vCPUs:"), _("vCPUs"), 1, ceiling + 1, std::move(resource));
}

AmountPage* AmountPage::memory(const std::optional<virt::HostInfo>& host) {
    const unsigned long long host_mib = host ? host->memory_kib / 1024 : 0;
    Resource resource{
        "memory",
        [](const virt::DomainXml& domain) -> std::optional<unsigned long long> {
            auto kib = domain.memory_kib();
            return kib ? std::optional(*kib / 1024) : std::nullopt;
        },
        [host_mib](virt::DomainXml& domain, unsigned long long mib) -> Status {
            if (mib < kMinMemoryMib) {
                return make_error(fmt::format(
                    fmt::runtime(_("{} MiB is too little: a guest needs at least {} MiB.")), mib,
                    kMinMemoryMib));
            }
            if (host_mib != 0 && mib > host_mib) {
                return make_error(fmt::format(
                    fmt::runtime(_("{} MiB is more than the host's {} MiB.")), mib, host_mib));
            }
            domain.set_memory_kib(mib * 1024);
            return {};
        },
        [host_mib](unsigned long long) -> std::string {
            return host_mib == 0 ? std::string()
                                 : fmt::format(fmt::runtime(_("The host has {} MiB.")), host_mib);
        }};
    const unsigned long long upper = host_mib != 0 ? host_mib + 1 : 16ULL * 1024 * 1024;
    return create(_("_Memory (MiB):"), _("Memory in MiB"), kMinMemoryMib - 1, upper,
                  std::move(resource));
}

void AmountPage::on_value_changed() {
    const auto value = static_cast<unsigned long long>(std::max(0, spin_->get_value_as_int()));
    note_->set_text(resource_.note(value));
    auto write = resource_.write;
    edit(
        resource_.key, [write, value](virt::DomainXml& domain) { return write(domain, value); },
        *error_);
}

void AmountPage::load(const virt::DomainXml& current) {
    const LoadingScope scope(loading_);
    if (auto value = resource_.read(current)) {
        spin_->set_value(static_cast<double>(*value));
        note_->set_text(resource_.note(*value));
    }
    error_->set_visible(false);
}

}  // namespace spicedesk::gui
