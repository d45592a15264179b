// Spot checks of the keycode table against PC XT scancode set 1 and the Linux evdev codes
// (linux/input-event-codes.h); X11 keycodes are evdev + 8.
#include "admin-gui/viewer/keymap.hpp"

#include <gtest/gtest.h>

using namespace spicedesk::gui;

TEST(Keymap, MainBlockEqualsSetOne) {
    EXPECT_EQ(xt_scancode_from_evdev(1), 0x01u);   // KEY_ESC
    EXPECT_EQ(xt_scancode_from_evdev(16), 0x10u);  // KEY_Q
    EXPECT_EQ(xt_scancode_from_evdev(28), 0x1cu);  // KEY_ENTER
    EXPECT_EQ(xt_scancode_from_evdev(29), 0x1du);  // KEY_LEFTCTRL
    EXPECT_EQ(xt_scancode_from_evdev(30), 0x1eu);  // KEY_A
    EXPECT_EQ(xt_scancode_from_evdev(56), 0x38u);  // KEY_LEFTALT
    EXPECT_EQ(xt_scancode_from_evdev(57), 0x39u);  // KEY_SPACE
    EXPECT_EQ(xt_scancode_from_evdev(59), 0x3bu);  // KEY_F1
    EXPECT_EQ(xt_scancode_from_evdev(68), 0x44u);  // KEY_F10
    EXPECT_EQ(xt_scancode_from_evdev(83), 0x53u);  // KEY_KPDOT
}

TEST(Keymap, X11KeycodesAreEvdevPlusEight) {
    EXPECT_EQ(xt_scancode_from_x11_keycode(9), 0x01u);   // Escape
    EXPECT_EQ(xt_scancode_from_x11_keycode(24), 0x10u);  // q
    EXPECT_EQ(xt_scancode_from_x11_keycode(38), 0x1eu);  // a
    EXPECT_EQ(xt_scancode_from_x11_keycode(36), 0x1cu);  // Return
    EXPECT_EQ(xt_scancode_from_x11_keycode(37), 0x1du);  // Control_L
    EXPECT_EQ(xt_scancode_from_x11_keycode(50), 0x2au);  // Shift_L
    EXPECT_EQ(xt_scancode_from_x11_keycode(64), 0x38u);  // Alt_L
    EXPECT_EQ(xt_scancode_from_x11_keycode(22), 0x0eu);  // BackSpace
    EXPECT_EQ(xt_scancode_from_x11_keycode(95), 0x57u);  // F11
    EXPECT_EQ(xt_scancode_from_x11_keycode(96), 0x58u);  // F12
    EXPECT_EQ(xt_scancode_from_x11_keycode(94), 0x56u);  // less (ISO 102nd key)
}

TEST(Keymap, ExtendedKeysCarryTheE0Prefix) {
    EXPECT_EQ(xt_scancode_from_x11_keycode(104), 0xe01cu);  // KP_Enter
    EXPECT_EQ(xt_scancode_from_x11_keycode(105), 0xe01du);  // Control_R
    EXPECT_EQ(xt_scancode_from_x11_keycode(106), 0xe035u);  // KP_Divide
    EXPECT_EQ(xt_scancode_from_x11_keycode(107), 0xe037u);  // Print
    EXPECT_EQ(xt_scancode_from_x11_keycode(108), 0xe038u);  // Alt_R
    EXPECT_EQ(xt_scancode_from_x11_keycode(110), 0xe047u);  // Home
    EXPECT_EQ(xt_scancode_from_x11_keycode(111), 0xe048u);  // Up
    EXPECT_EQ(xt_scancode_from_x11_keycode(113), 0xe04bu);  // Left
    EXPECT_EQ(xt_scancode_from_x11_keycode(114), 0xe04du);  // Right
    EXPECT_EQ(xt_scancode_from_x11_keycode(116), 0xe050u);  // Down
    EXPECT_EQ(xt_scancode_from_x11_keycode(118), 0xe052u);  // Insert
    EXPECT_EQ(xt_scancode_from_x11_keycode(119), 0xe053u);  // Delete
    EXPECT_EQ(xt_scancode_from_x11_keycode(133), 0xe05bu);  // Super_L
    EXPECT_EQ(xt_scancode_from_x11_keycode(135), 0xe05du);  // Menu
}

TEST(Keymap, UnknownKeysHaveNoScancode) {
    EXPECT_EQ(xt_scancode_from_x11_keycode(0), 0u);
    EXPECT_EQ(xt_scancode_from_x11_keycode(7), 0u);
    EXPECT_EQ(xt_scancode_from_evdev(84), 0u);
    EXPECT_EQ(xt_scancode_from_evdev(0x2ff), 0u);
}

TEST(Keymap, BreakAndQnumForms) {
    EXPECT_EQ(xt_break_code(0x1d), 0x9du);
    EXPECT_EQ(xt_break_code(0xe053), 0xe0d3u);
    EXPECT_EQ(xt_to_qnum(0x1d), 0x1du);
    EXPECT_EQ(xt_to_qnum(0xe01d), 0x9du);
    EXPECT_EQ(xt_to_qnum(0xe053), 0xd3u);
}

TEST(Keymap, SendKeyCombos) {
    const auto& combos = send_key_combos();
    ASSERT_EQ(combos.size(), 15u);  // Ctrl+Alt+Del, +Backspace, +F1..F12, PrintScreen
    EXPECT_EQ(combos[0].id, "ctrl-alt-del");
    EXPECT_EQ(combos[0].scancodes, (std::vector<uint32_t>{0x1d, 0x38, 0xe053}));
    EXPECT_EQ(combos[0].keysyms, (std::vector<uint32_t>{0xffe3, 0xffe9, 0xffff}));
    EXPECT_EQ(combos[1].scancodes, (std::vector<uint32_t>{0x1d, 0x38, 0x0e}));
    EXPECT_EQ(combos[2].id, "ctrl-alt-f1");
    EXPECT_EQ(combos[2].scancodes.back(), 0x3bu);
    EXPECT_EQ(combos[11].scancodes.back(), 0x44u);  // F10
    EXPECT_EQ(combos[12].scancodes.back(), 0x57u);  // F11
    EXPECT_EQ(combos[13].scancodes.back(), 0x58u);  // F12
    EXPECT_EQ(combos[13].keysyms.back(), 0xffc9u);  // XK_F12
    EXPECT_EQ(combos[14].id, "print-screen");
    EXPECT_EQ(combos[14].scancodes, (std::vector<uint32_t>{0xe037}));
    for (const auto& combo : combos) {
        EXPECT_EQ(combo.scancodes.size(), combo.keysyms.size()) << combo.id;
    }
}
