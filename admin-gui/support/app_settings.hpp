#pragma once

// The user's preferences (GSettings schema org.spicedesk.SpiceDesk): the default connection and
// console scaling and resizing. Where the schema is not installed (a build tree without
// GSETTINGS_SCHEMA_DIR) the defaults apply instead of GLib aborting on a missing schema.

#include <optional>
#include <string>

namespace spicedesk::gui {

struct AppSettings {
    std::optional<std::string> default_uri;  // unset: auto-detect
    bool console_scale_to_fit = true;
    bool console_resize_guest = false;  // resize the guest to the console's window

    static AppSettings load();
    // Stores console_resize_guest (nothing where the schema or its key is not installed).
    static void save_console_resize_guest(bool on);
};

}  // namespace spicedesk::gui
