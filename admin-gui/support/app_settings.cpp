#include "admin-gui/support/app_settings.hpp"

#include <giomm/settings.h>
#include <giomm/settingsschemasource.h>

namespace spicedesk::gui {

namespace {
constexpr const char* kSchema = "org.spicedesk.SpiceDesk";
constexpr const char* kResizeGuestKey = "console-resize-guest";

Glib::RefPtr<Gio::SettingsSchema> installed_schema() {
    auto source = Gio::SettingsSchemaSource::get_default();
    return source ? source->lookup(kSchema, true) : Glib::RefPtr<Gio::SettingsSchema>();
}
}  // namespace

AppSettings AppSettings::load() {
    AppSettings settings;
    auto schema = installed_schema();
    if (!schema) {
        return settings;
    }
    auto stored = Gio::Settings::create(kSchema);
    const std::string uri = stored->get_string("default-uri");
    if (!uri.empty()) {
        settings.default_uri = uri;
    }
    settings.console_scale_to_fit = stored->get_string("console-scaling") != "never";
    // An older installed schema without the key: the default (GLib aborts on an unknown key).
    settings.console_resize_guest =
        schema->has_key(kResizeGuestKey) && stored->get_boolean(kResizeGuestKey);
    return settings;
}

void AppSettings::save_console_resize_guest(bool on) {
    auto schema = installed_schema();
    if (schema && schema->has_key(kResizeGuestKey)) {
        Gio::Settings::create(kSchema)->set_boolean(kResizeGuestKey, on);
    }
}

}  // namespace spicedesk::gui
