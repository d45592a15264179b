#include "admin-gui/support/app_settings.hpp"

#include <giomm/settings.h>
#include <giomm/settingsschemasource.h>

namespace spicedesk::gui {

AppSettings AppSettings::load() {
    constexpr const char* kSchema = "org.spicedesk.SpiceDesk";
    AppSettings settings;
    auto source = Gio::SettingsSchemaSource::get_default();
    if (!source || !source->lookup(kSchema, true)) {
        return settings;
    }
    auto stored = Gio::Settings::create(kSchema);
    const std::string uri = stored->get_string("default-uri");
    if (!uri.empty()) {
        settings.default_uri = uri;
    }
    settings.console_scale_to_fit = stored->get_string("console-scaling") != "never";
    return settings;
}

}  // namespace spicedesk::gui
