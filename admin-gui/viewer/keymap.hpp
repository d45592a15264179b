#pragma once

// Keys as the guest's PC keyboard knows them: PC XT scancode set 1 ("make" codes; extended keys
// as 0xE0xx), from the X11 hardware keycode GDK reports. X servers with the evdev driver (Xorg,
// Xvfb, Xwayland) number keys as the Linux evdev code + 8, so the table is indexed by evdev
// code. Scancodes do not depend on the client's keyboard layout: the guest applies its own, as
// on real hardware. No GUI here: unit-tested in tests/unit/viewer.

#include <cstdint>
#include <string_view>
#include <vector>

namespace spicedesk::gui {

// The XT scancode of an X11 keycode (evdev + 8); 0 when the key has none.
uint32_t xt_scancode_from_x11_keycode(uint32_t keycode);
// The same from a Linux evdev code (KEY_*).
uint32_t xt_scancode_from_evdev(uint32_t evdev);

// The key-up form of a make code, as it goes on the wire: the 0x80 bit set in the last byte
// (0x1D → 0x9D, 0xE01D → 0xE09D).
constexpr uint32_t xt_break_code(uint32_t make) {
    return make | 0x80u;
}

// The form gvnc and QEMU's VNC extended key event take ("qnum"): 0xE0xx → 0x80 | xx.
constexpr uint32_t xt_to_qnum(uint32_t make) {
    return (make & 0xff00u) == 0xe000u ? 0x80u | (make & 0x7fu) : make;
}

// A key combination of the send-key menu: pressed in order, released in reverse order.
struct KeyCombo {
    std::string_view id;              // action name, e.g. "ctrl-alt-del"
    std::string_view label;           // untranslated menu label (N_())
    std::vector<uint32_t> scancodes;  // XT make codes
    std::vector<uint32_t> keysyms;    // the same keys as X keysyms (for VNC)
};

// Ctrl+Alt+Del, Ctrl+Alt+Backspace, Ctrl+Alt+F1..F12, PrintScreen.
const std::vector<KeyCombo>& send_key_combos();

}  // namespace spicedesk::gui
