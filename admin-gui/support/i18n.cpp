#include "admin-gui/support/i18n.hpp"

#include <clocale>

namespace spicedesk::gui {

void init_i18n() {
    std::setlocale(LC_ALL, "");
    bindtextdomain(GETTEXT_PACKAGE, SPICEDESK_LOCALEDIR);
    bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
    textdomain(GETTEXT_PACKAGE);
}

}  // namespace spicedesk::gui
