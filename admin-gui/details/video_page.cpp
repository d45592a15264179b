#include "admin-gui/details/video_page.hpp"

#include <array>

#include "admin-gui/support/builder.hpp"
#include "libvirt-driver/domain/convert.hpp"
#include "libvirt-driver/domain/edit.hpp"
#include "libvirt-driver/domain/qxl_limits.hpp"

namespace spicedesk::gui {
namespace {

// The dropdown's rows, in order, as libvirt names the models.
constexpr std::array<const char*, 5> kModels = {"qxl", "virtio", "vga", "bochs", "cirrus"};
constexpr unsigned kKibPerMib = 1024;

virt::Video primary_video(virt::DomainXml& domain) {
    auto all = domain.videos();
    return all.empty() ? domain.add_video("qxl") : all.front();
}

}  // namespace

VideoPage::VideoPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder)
    : Gtk::Grid(object) {
    model_ = get_widget<Gtk::DropDown>(builder, "model_dropdown");
    vram_ = get_widget<Gtk::SpinButton>(builder, "vram_spin");
    ram_ = get_widget<Gtk::SpinButton>(builder, "ram_spin");
    vgamem_ = get_widget<Gtk::SpinButton>(builder, "vgamem_spin");
    heads_ = get_widget<Gtk::SpinButton>(builder, "heads_spin");
    error_ = get_widget<Gtk::Label>(builder, "error_label");
    model_->property_selected().signal_changed().connect([this] { on_model_changed(); });
    for (auto* spin : {vram_, ram_, vgamem_}) {
        spin->signal_value_changed().connect([this] { on_qxl_memory_changed(); });
    }
    heads_->signal_value_changed().connect([this] { on_heads_changed(); });
}

VideoPage* VideoPage::create() {
    auto builder = Gtk::Builder::create_from_resource("/org/spicedesk/SpiceDesk/video_page.ui");
    return get_derived_unparented<VideoPage>(builder, "video_page");
}

void VideoPage::load(const virt::DomainXml& current) {
    const LoadingScope scope(loading_);
    const auto all = current.videos();
    const std::string model = all.empty() ? "qxl" : all.front().model();
    guint row = 0;
    for (guint i = 0; i < kModels.size(); ++i) {
        if (model == kModels[i]) {
            row = i;
        }
    }
    model_->set_selected(row);
    if (!all.empty()) {
        const auto& video = all.front();
        vram_->set_value(video.vram().value_or(virt::kQxlDefaultVramKib) / kKibPerMib);
        ram_->set_value(video.ram().value_or(virt::kQxlDefaultRamKib) / kKibPerMib);
        vgamem_->set_value(video.vgamem().value_or(virt::kQxlDefaultVgamemKib) / kKibPerMib);
        heads_->set_value(video.heads().value_or(1));
    }
    error_->set_visible(false);
    update_sensitivity();
}

void VideoPage::update_sensitivity() {
    const bool qxl = model_->get_selected() == 0;
    for (auto* spin : {ram_, vgamem_}) {
        spin->set_sensitive(qxl);
    }
}

void VideoPage::on_model_changed() {
    update_sensitivity();
    const guint row = model_->get_selected();
    if (row >= kModels.size()) {
        return;
    }
    const std::string model = kModels[row];
    const unsigned vram = static_cast<unsigned>(vram_->get_value_as_int()) * kKibPerMib;
    const unsigned ram = static_cast<unsigned>(ram_->get_value_as_int()) * kKibPerMib;
    const unsigned vgamem = static_cast<unsigned>(vgamem_->get_value_as_int()) * kKibPerMib;
    edit(
        "video.model",
        [model, vram, ram, vgamem](virt::DomainXml& domain) -> Status {
            auto video = primary_video(domain);
            video.set_model(model);
            if (model == "qxl") {
                video.set_ram(ram);
                video.set_vram(vram);
                video.set_vgamem(vgamem);
            } else {
                video.set_ram(std::nullopt);
                video.set_vgamem(std::nullopt);
                video.set_vram64(std::nullopt);
            }
            return {};
        },
        *error_);
}

void VideoPage::on_qxl_memory_changed() {
    const unsigned vram = static_cast<unsigned>(vram_->get_value_as_int()) * kKibPerMib;
    const unsigned ram = static_cast<unsigned>(ram_->get_value_as_int()) * kKibPerMib;
    const unsigned vgamem = static_cast<unsigned>(vgamem_->get_value_as_int()) * kKibPerMib;
    const bool qxl = model_->get_selected() == 0;
    edit(
        "video.memory",
        [vram, ram, vgamem, qxl](virt::DomainXml& domain) -> Status {
            if (!qxl) {
                primary_video(domain).set_vram(vram);
                return {};
            }
            if (auto done = virt::set_video(domain, vram, std::nullopt); !done) {
                return done;
            }
            for (const auto& problem :
                 {virt::qxl_ram_problem(ram, vgamem), virt::qxl_vgamem_problem(vgamem)}) {
                if (problem) {
                    return make_error(*problem);
                }
            }
            auto video = primary_video(domain);
            video.set_ram(ram);
            video.set_vgamem(vgamem);
            return {};
        },
        *error_);
}

void VideoPage::on_heads_changed() {
    const unsigned heads = static_cast<unsigned>(heads_->get_value_as_int());
    edit(
        "video.heads",
        [heads](virt::DomainXml& domain) { return virt::set_video(domain, std::nullopt, heads); },
        *error_);
}

}  // namespace spicedesk::gui
