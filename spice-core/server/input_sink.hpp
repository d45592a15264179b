#pragma once

// Where the inputs channel delivers keys and mouse events. Called on the server thread.

#include <cstdint>
#include <span>

namespace spicedesk::core {

class InputSink {
  public:
    virtual ~InputSink() = default;
    // SPICE key codes: PC XT set 1; an 0xe0-prefixed key arrives as 0x??e0 (prefix first).
    virtual void key_down(uint32_t code) = 0;
    virtual void key_up(uint32_t code) = 0;
    // KEY_SCANCODE: raw scancode bytes in order (press and release in one message).
    virtual void key_scancode(std::span<const uint8_t> bytes) = 0;
    virtual void keyboard_modifiers(uint16_t modifiers) = 0;
    virtual void mouse_motion(int32_t dx, int32_t dy, uint16_t buttons) = 0;
    virtual void mouse_position(uint32_t x, uint32_t y, uint16_t buttons, uint8_t display_id) = 0;
    virtual void mouse_press(uint8_t button, uint16_t buttons) = 0;
    virtual void mouse_release(uint8_t button, uint16_t buttons) = 0;
    // The keyboard LEDs (SPICE_KEYBOARD_MODIFIER_FLAGS_*) sent in INPUTS_INIT.
    virtual uint16_t keyboard_leds() const { return 0; }
    // A tablet (absolute pointer) exists: client mouse mode is possible.
    virtual bool has_tablet() const { return false; }
    virtual void mouse_mode_changed(uint16_t /*mode*/) {}
};

}  // namespace spicedesk::core
