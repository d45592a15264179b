#include "admin-gui/viewer/send_key_menu.hpp"

#include <string>

#include "admin-gui/support/i18n.hpp"
#include "admin-gui/viewer/keymap.hpp"

namespace spicedesk::gui {

Glib::RefPtr<Gio::SimpleActionGroup> make_send_key_actions(ConsoleView& view) {
    auto group = Gio::SimpleActionGroup::create();
    for (const KeyCombo& combo : send_key_combos()) {
        group->add_action(std::string(combo.id),
                          [&view, &combo] { view.send_combo(combo.scancodes, combo.keysyms); });
    }
    return group;
}

Glib::RefPtr<Gio::Menu> make_send_key_menu() {
    auto menu = Gio::Menu::create();
    auto section = Gio::Menu::create();
    const auto& combos = send_key_combos();
    for (size_t i = 0; i < combos.size(); ++i) {
        // Sections: the two special combinations, the consoles, PrintScreen.
        if (i == 2 || i == combos.size() - 1) {
            menu->append_section(section);
            section = Gio::Menu::create();
        }
        section->append(_(std::string(combos[i].label).c_str()),
                        "sendkey." + std::string(combos[i].id));
    }
    menu->append_section(section);
    return menu;
}

}  // namespace spicedesk::gui
