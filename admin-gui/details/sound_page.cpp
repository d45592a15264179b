#include "admin-gui/details/sound_page.hpp"

#include <array>

#include "admin-gui/support/builder.hpp"
#include "libvirt-driver/domain/edit.hpp"

namespace spicedesk::gui {
namespace {

constexpr std::array<const char*, 6> kModels = {"ac97", "ich6", "ich9", "es1370", "sb16", "usb"};

}  // namespace

SoundPage::SoundPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder)
    : Gtk::Grid(object) {
    model_ = get_widget<Gtk::DropDown>(builder, "model_dropdown");
    error_ = get_widget<Gtk::Label>(builder, "error_label");
    model_->property_selected().signal_changed().connect([this] {
        const guint row = model_->get_selected();
        if (row >= kModels.size()) {
            return;
        }
        const std::string model = kModels[row];
        edit(
            "sound.model",
            [model](virt::DomainXml& domain) { return virt::set_sound(domain, model); }, *error_);
    });
}

SoundPage* SoundPage::create() {
    auto builder = Gtk::Builder::create_from_resource("/org/spicedesk/SpiceDesk/sound_page.ui");
    return get_derived_unparented<SoundPage>(builder, "sound_page");
}

void SoundPage::load(const virt::DomainXml& current) {
    const LoadingScope scope(loading_);
    const auto sounds = current.sounds();
    const std::string model = sounds.empty() ? "ich9" : sounds.front().model();
    for (guint i = 0; i < kModels.size(); ++i) {
        if (model == kModels[i]) {
            model_->set_selected(i);
        }
    }
    error_->set_visible(false);
}

}  // namespace spicedesk::gui
