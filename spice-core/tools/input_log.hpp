#pragma once

// The test server's input sink: one line per event, flushed at once, so tests can read
// exactly what the server received:
//   key_down 0x1e | key_up 0x9e | scancode 1e 9e | modifiers 2 | motion DX DY BUTTONS |
//   position X Y BUTTONS DISPLAY | press BUTTON BUTTONS | release BUTTON BUTTONS | mouse_mode M
// Like a guest keyboard, it keeps lock LEDs: Caps/Num/Scroll Lock presses (scancodes 3a, 45,
// 46) toggle them and on_leds is told, so the server can send KEY_MODIFIERS; a client's
// KEY_MODIFIERS sets them.
// Thread: the server thread.

#include <cstdio>
#include <functional>
#include <string>

#include "spice-core/server/input_sink.hpp"

namespace spicedesk::core {

class InputLog final : public InputSink {
  public:
    InputLog(const std::string& path, bool tablet);
    ~InputLog() override;
    InputLog(const InputLog&) = delete;
    InputLog& operator=(const InputLog&) = delete;

    void key_down(uint32_t code) override;
    void key_up(uint32_t code) override;
    void key_scancode(std::span<const uint8_t> bytes) override;
    void keyboard_modifiers(uint16_t modifiers) override;
    void mouse_motion(int32_t dx, int32_t dy, uint16_t buttons) override;
    void mouse_position(uint32_t x, uint32_t y, uint16_t buttons, uint8_t display_id) override;
    void mouse_press(uint8_t button, uint16_t buttons) override;
    void mouse_release(uint8_t button, uint16_t buttons) override;
    bool has_tablet() const override { return tablet_; }
    void mouse_mode_changed(uint16_t mode) override;
    uint16_t keyboard_leds() const override { return leds_; }
    void set_on_leds(std::function<void(uint16_t)> on_leds) { on_leds_ = std::move(on_leds); }

  private:
    void line(const std::string& text);
    void lock_key(uint32_t code);

    uint16_t leds_ = 0;
    std::function<void(uint16_t)> on_leds_;

    std::FILE* file_ = nullptr;
    bool tablet_;
};

}  // namespace spicedesk::core
