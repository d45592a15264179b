// spicedesk: the virtual machine manager with its integrated SPICE console.

#include "admin-gui/application/spicedesk_app.hpp"
#include "admin-gui/support/i18n.hpp"

int main(int argc, char** argv) {
    spicedesk::gui::init_i18n();
    auto app = spicedesk::gui::SpiceDeskApp::create();
    return app->run(argc, argv);
}
