#pragma once

// The client channels: main (with the agent link), display, inputs, cursor. Each is a Channel
// (channel.hpp) with its message family; all run on the session thread.

#include <map>
#include <memory>
#include <optional>

#include "spice-core/client/agent_link.hpp"
#include "spice-core/client/channel.hpp"
#include "spice-core/client/display_state.hpp"
#include "spice-core/client/session.hpp"
#include "spice-core/client/wire/cursor.hpp"

namespace spicedesk::core::client {

struct FrameBuffer;

class MainChannel final : public Channel {
  public:
    explicit MainChannel(SessionImpl& session);
    void request_mouse_mode(MouseMode mode);
    AgentLink& agent() { return agent_; }

  protected:
    void on_linked() override;
    Status handle(uint16_t type, std::span<const uint8_t> body) override;

  private:
    uint32_t supported_modes_ = SPICE_MOUSE_MODE_SERVER;
    bool channels_attached_ = false;
    AgentLink agent_;
};

class DisplayChannel final : public Channel {
  public:
    DisplayChannel(SessionImpl& session, uint8_t id);
    const DisplayState& state() const { return state_; }

  protected:
    Caps channel_caps() const override;
    void on_linked() override;
    Status handle(uint16_t type, std::span<const uint8_t> body) override;
    void on_batch_end() override;

  private:
    DisplayState state_;
    std::shared_ptr<FrameBuffer> frame_;
    bool activity_ = false;
};

class InputsChannel final : public Channel {
  public:
    explicit InputsChannel(SessionImpl& session, uint8_t id)
        : Channel(session, SPICE_CHANNEL_INPUTS, id) {}
    ~InputsChannel() override;

    void key_down(uint32_t scancode);
    void key_up(uint32_t scancode);
    void mouse_position(uint32_t display, int x, int y, uint32_t buttons);
    void mouse_motion(int dx, int dy, uint32_t buttons);
    void mouse_button(bool press, uint32_t button, uint32_t buttons);
    uint16_t modifiers() const { return modifiers_; }

  protected:
    void on_linked() override;
    Status handle(uint16_t type, std::span<const uint8_t> body) override;
    void on_closed(const Status& why) override;

  private:
    void flush_motion();
    uint32_t unacked_motions_ = 0;
    struct PendingPosition {
        uint32_t display;
        int x, y;
        uint32_t buttons;
    };
    std::optional<PendingPosition> pending_position_;
    std::optional<std::pair<int, int>> pending_motion_;
    uint32_t pending_motion_buttons_ = 0;
    uint16_t modifiers_ = 0;
};

class CursorChannel final : public Channel {
  public:
    static constexpr size_t kMaxCachedCursors = 512;
    explicit CursorChannel(SessionImpl& session, uint8_t id)
        : Channel(session, SPICE_CHANNEL_CURSOR, id) {}

  protected:
    Status handle(uint16_t type, std::span<const uint8_t> body) override;

  private:
    Status set_shape(const wire::WireCursor& cursor, bool visible);
    std::map<uint64_t, CursorImage> cache_;
};

// Wire code of a scancode as our API takes it (0xE0xx for extended keys) for KEY_DOWN/KEY_UP:
// the scancode bytes in order, little endian (0xE0 first); key up sets 0x80 in the last byte.
uint32_t key_code(uint32_t scancode, bool up);

}  // namespace spicedesk::core::client
