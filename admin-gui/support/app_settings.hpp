#pragma once

// The user's preferences (GSettings schema org.spicedesk.SpiceDesk): the default connection and
// console scaling. Where the schema is not installed (a build tree without GSETTINGS_SCHEMA_DIR)
// the defaults apply instead of GLib aborting on a missing schema.

#include <optional>
#include <string>

namespace spicedesk::gui {

struct AppSettings {
    std::optional<std::string> default_uri;  // unset: auto-detect
    bool console_scale_to_fit = true;

    static AppSettings load();
};

}  // namespace spicedesk::gui
