#include "admin-gui/viewer/keymap.hpp"

#include <array>

#include "admin-gui/support/i18n.hpp"

namespace spicedesk::gui {
namespace {

constexpr uint32_t kX11KeycodeOffset = 8;  // X11 keycode = evdev code + 8

// Linux evdev codes (linux/input-event-codes.h) above the block that equals set 1.
struct Extra {
    uint32_t evdev;
    uint32_t xt;
};
constexpr std::array<Extra, 42> kExtras = {{
    {85, 0x76},     // KEY_ZENKAKUHANKAKU
    {86, 0x56},     // KEY_102ND (the ISO key left of Z)
    {87, 0x57},     // KEY_F11
    {88, 0x58},     // KEY_F12
    {89, 0x73},     // KEY_RO
    {90, 0x78},     // KEY_KATAKANA
    {91, 0x77},     // KEY_HIRAGANA
    {92, 0x79},     // KEY_HENKAN
    {93, 0x70},     // KEY_KATAKANAHIRAGANA
    {94, 0x7b},     // KEY_MUHENKAN
    {95, 0x5c},     // KEY_KPJPCOMMA
    {96, 0xe01c},   // KEY_KPENTER
    {97, 0xe01d},   // KEY_RIGHTCTRL
    {98, 0xe035},   // KEY_KPSLASH
    {99, 0xe037},   // KEY_SYSRQ: the Print Screen key (E0 37; 0x54 is Alt+PrintScreen)
    {100, 0xe038},  // KEY_RIGHTALT
    {102, 0xe047},  // KEY_HOME
    {103, 0xe048},  // KEY_UP
    {104, 0xe049},  // KEY_PAGEUP
    {105, 0xe04b},  // KEY_LEFT
    {106, 0xe04d},  // KEY_RIGHT
    {107, 0xe04f},  // KEY_END
    {108, 0xe050},  // KEY_DOWN
    {109, 0xe051},  // KEY_PAGEDOWN
    {110, 0xe052},  // KEY_INSERT
    {111, 0xe053},  // KEY_DELETE
    {113, 0xe020},  // KEY_MUTE
    {114, 0xe02e},  // KEY_VOLUMEDOWN
    {115, 0xe030},  // KEY_VOLUMEUP
    {116, 0xe05e},  // KEY_POWER
    {117, 0x59},    // KEY_KPEQUAL
    {119, 0xe046},  // KEY_PAUSE (as Ctrl+Break's E0 46, the form QEMU reads as Pause)
    {121, 0x7e},    // KEY_KPCOMMA
    {124, 0x7d},    // KEY_YEN
    {125, 0xe05b},  // KEY_LEFTMETA
    {126, 0xe05c},  // KEY_RIGHTMETA
    {127, 0xe05d},  // KEY_COMPOSE (the menu key)
    {142, 0xe05f},  // KEY_SLEEP
    {143, 0xe063},  // KEY_WAKEUP
    {183, 0x5d},    // KEY_F13
    {184, 0x5e},    // KEY_F14
    {185, 0x5f},    // KEY_F15
}};

// X keysyms of the send-key menu's keys.
constexpr uint32_t kKeysymControlL = 0xffe3;
constexpr uint32_t kKeysymAltL = 0xffe9;
constexpr uint32_t kKeysymDelete = 0xffff;
constexpr uint32_t kKeysymBackSpace = 0xff08;
constexpr uint32_t kKeysymF1 = 0xffbe;
constexpr uint32_t kKeysymPrint = 0xff61;

constexpr uint32_t kXtControlL = 0x1d;
constexpr uint32_t kXtAltL = 0x38;

}  // namespace

uint32_t xt_scancode_from_evdev(uint32_t evdev) {
    // KEY_ESC (1) … KEY_KPDOT (83): the evdev numbering is set 1's.
    if (evdev >= 1 && evdev <= 83) {
        return evdev;
    }
    for (const Extra& extra : kExtras) {
        if (extra.evdev == evdev) {
            return extra.xt;
        }
    }
    return 0;
}

uint32_t xt_scancode_from_x11_keycode(uint32_t keycode) {
    return keycode < kX11KeycodeOffset ? 0 : xt_scancode_from_evdev(keycode - kX11KeycodeOffset);
}

const std::vector<KeyCombo>& send_key_combos() {
    static const std::vector<KeyCombo> combos = [] {
        std::vector<KeyCombo> list;
        list.push_back({"ctrl-alt-del",
                        N_("Ctrl+Alt+_Del"),
                        {kXtControlL, kXtAltL, 0xe053},
                        {kKeysymControlL, kKeysymAltL, kKeysymDelete}});
        list.push_back({"ctrl-alt-backspace",
                        N_("Ctrl+Alt+_Backspace"),
                        {kXtControlL, kXtAltL, 0x0e},
                        {kKeysymControlL, kKeysymAltL, kKeysymBackSpace}});
        static constexpr std::array<std::string_view, 12> kIds = {
            "ctrl-alt-f1", "ctrl-alt-f2",  "ctrl-alt-f3",  "ctrl-alt-f4",
            "ctrl-alt-f5", "ctrl-alt-f6",  "ctrl-alt-f7",  "ctrl-alt-f8",
            "ctrl-alt-f9", "ctrl-alt-f10", "ctrl-alt-f11", "ctrl-alt-f12"};
        static constexpr std::array<std::string_view, 12> kLabels = {
            N_("Ctrl+Alt+F_1"), N_("Ctrl+Alt+F_2"),  N_("Ctrl+Alt+F_3"), N_("Ctrl+Alt+F_4"),
            N_("Ctrl+Alt+F_5"), N_("Ctrl+Alt+F_6"),  N_("Ctrl+Alt+F_7"), N_("Ctrl+Alt+F_8"),
            N_("Ctrl+Alt+F_9"), N_("Ctrl+Alt+F1_0"), N_("Ctrl+Alt+F11"), N_("Ctrl+Alt+F12")};
        for (uint32_t n = 0; n < 12; ++n) {
            // F1..F10 are 0x3B..0x44; F11 and F12 are 0x57 and 0x58.
            const uint32_t f = n < 10 ? 0x3b + n : 0x57 + (n - 10);
            list.push_back({kIds[n],
                            kLabels[n],
                            {kXtControlL, kXtAltL, f},
                            {kKeysymControlL, kKeysymAltL, kKeysymF1 + n}});
        }
        list.push_back({"print-screen", N_("_PrintScreen"), {0xe037}, {kKeysymPrint}});
        return list;
    }();
    return combos;
}

}  // namespace spicedesk::gui
