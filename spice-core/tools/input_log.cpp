#include "spice-core/tools/input_log.hpp"

#include <fmt/format.h>

#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

InputLog::InputLog(const std::string& path, bool tablet) : tablet_(tablet) {
    if (!path.empty()) {
        file_ = std::fopen(path.c_str(), "w");
        if (file_ == nullptr) {
            fmt::print(stderr, "spicedesk-testserver: cannot write the input log {}\n", path);
        }
    }
}

InputLog::~InputLog() {
    if (file_ != nullptr) {
        std::fclose(file_);
    }
}

void InputLog::line(const std::string& text) {
    if (file_ != nullptr) {
        std::fputs(text.c_str(), file_);
        std::fputc('\n', file_);
        std::fflush(file_);
    }
}

void InputLog::lock_key(uint32_t code) {
    uint16_t flag = 0;
    switch (code) {
        case 0x3a:
            flag = SPICE_KEYBOARD_MODIFIER_FLAGS_CAPS_LOCK;
            break;
        case 0x45:
            flag = SPICE_KEYBOARD_MODIFIER_FLAGS_NUM_LOCK;
            break;
        case 0x46:
            flag = SPICE_KEYBOARD_MODIFIER_FLAGS_SCROLL_LOCK;
            break;
        default:
            return;
    }
    leds_ ^= flag;
    if (on_leds_) {
        on_leds_(leds_);
    }
}

void InputLog::key_down(uint32_t code) {
    line(fmt::format("key_down {:#x}", code));
    lock_key(code);
}
void InputLog::key_up(uint32_t code) {
    line(fmt::format("key_up {:#x}", code));
}

void InputLog::key_scancode(std::span<const uint8_t> bytes) {
    std::string text = "scancode";
    for (uint8_t b : bytes) {
        text += fmt::format(" {:02x}", b);
    }
    line(text);
    bool extended = false;
    for (uint8_t b : bytes) {
        if (!extended) {
            lock_key(b);  // presses only: releases have bit 7 set
        }
        extended = b == 0xe0;
    }
}

void InputLog::keyboard_modifiers(uint16_t modifiers) {
    line(fmt::format("modifiers {}", modifiers));
    leds_ = modifiers &
            (SPICE_KEYBOARD_MODIFIER_FLAGS_SCROLL_LOCK | SPICE_KEYBOARD_MODIFIER_FLAGS_NUM_LOCK |
             SPICE_KEYBOARD_MODIFIER_FLAGS_CAPS_LOCK);
}

void InputLog::mouse_motion(int32_t dx, int32_t dy, uint16_t buttons) {
    line(fmt::format("motion {} {} {}", dx, dy, buttons));
}

void InputLog::mouse_position(uint32_t x, uint32_t y, uint16_t buttons, uint8_t display_id) {
    line(fmt::format("position {} {} {} {}", x, y, buttons, display_id));
}

void InputLog::mouse_press(uint8_t button, uint16_t buttons) {
    line(fmt::format("press {} {}", button, buttons));
}

void InputLog::mouse_release(uint8_t button, uint16_t buttons) {
    line(fmt::format("release {} {}", button, buttons));
}

void InputLog::mouse_mode_changed(uint16_t mode) {
    line(fmt::format("mouse_mode {}", mode));
}

}  // namespace spicedesk::core
