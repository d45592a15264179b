#pragma once

// The test server's input sink: one line per event, flushed at once, so tests can read
// exactly what the server received:
//   key_down 0x1e | key_up 0x9e | scancode 1e 9e | modifiers 2 | motion DX DY BUTTONS |
//   position X Y BUTTONS DISPLAY | press BUTTON BUTTONS | release BUTTON BUTTONS | mouse_mode M
// Thread: the server thread.

#include <cstdio>
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

  private:
    void line(const std::string& text);

    std::FILE* file_ = nullptr;
    bool tablet_;
};

}  // namespace spicedesk::core
