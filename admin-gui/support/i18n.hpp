#pragma once

// Every user-visible string goes through gettext: _("...") for text, N_("...") to mark text
// that is translated later.

#include <glib/gi18n.h>  // GETTEXT_PACKAGE comes from the build

namespace spicedesk::gui {

// Binds the catalogue directory; called once at start-up.
void init_i18n();

}  // namespace spicedesk::gui
