#include "admin-gui/details/sound_page.hpp"

#include <string>

#include "admin-gui/support/builder.hpp"
#include "libvirt-driver/domain/edit.hpp"

namespace spicedesk::gui {

SoundPage::SoundPage(BaseObjectType* object, const Glib::RefPtr<Gtk::Builder>& builder)
    : Gtk::Grid(object) {
    error_ = get_widget<Gtk::Label>(builder, "error_label");
    for (size_t i = 0; i < kModels.size(); ++i) {
        const std::string model = kModels[i];
        choices_[i] = get_widget<Gtk::CheckButton>(builder, ("sound_" + model).c_str());
        choices_[i]->signal_toggled().connect([this, i, model] {
            if (!choices_[i]->get_active()) {
                return;
            }
            edit(
                "sound.model",
                [model](virt::DomainXml& domain) { return virt::set_sound(domain, model); },
                *error_);
        });
    }
}

SoundPage* SoundPage::create() {
    auto builder = Gtk::Builder::create_from_resource("/org/spicedesk/SpiceDesk/sound_page.ui");
    return get_derived_unparented<SoundPage>(builder, "sound_page");
}

void SoundPage::load(const virt::DomainXml& current) {
    const LoadingScope scope(loading_);
    const auto sounds = current.sounds();
    const std::string model = sounds.empty() ? "" : sounds.front().model();
    for (size_t i = 0; i < kModels.size(); ++i) {
        if (model == kModels[i]) {
            choices_[i]->set_active(true);
        }
    }
    error_->set_visible(false);
}

}  // namespace spicedesk::gui
