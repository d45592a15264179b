// spicedesk: the virtual machine manager with its integrated SPICE console.

#include <cstdio>
#include <cstdlib>

#include "admin-gui/application/spicedesk_app.hpp"
#include "admin-gui/support/i18n.hpp"

int main(int argc, char** argv) {
    spicedesk::gui::init_i18n();
    int code = 0;
    {
        auto app = spicedesk::gui::SpiceDeskApp::create();
        code = app->run(argc, argv);
    }
    // libvirt's embedded QEMU driver keeps threads of its own that outlive the connection;
    // static destructors running under them crash inside libvirt. Leave without them.
    std::fflush(nullptr);
    std::_Exit(code);
}
