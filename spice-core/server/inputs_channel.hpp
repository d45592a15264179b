#pragma once

// The inputs channel: INIT with the keyboard LEDs, keys (KEY_DOWN/UP, KEY_SCANCODE), mouse
// motion and position (a MOUSE_MOTION_ACK every SPICE_INPUT_MOTION_ACK_BUNCH of them), button
// press/release and KEY_MODIFIERS, delivered to the InputSink.

#include "spice-core/server/channel.hpp"
#include "spice-core/server/channel_client.hpp"

namespace spicedesk::core {

class InputsChannelClient;
struct InputsMessageVisitor;

class InputsChannel final : public Channel {
  public:
    InputsChannel();
    Caps caps() const override;
    std::shared_ptr<ChannelClient> create_client(ServerCore& core, std::shared_ptr<Session> session,
                                                 std::unique_ptr<Stream> stream, LinkMess link,
                                                 bool mini_header) override;
    // Sends KEY_MODIFIERS (LED state) to the current client. Server thread.
    void send_leds(uint16_t leds);

  private:
    std::weak_ptr<InputsChannelClient> client_;
};

class InputsChannelClient final : public ChannelClient {
  public:
    using ChannelClient::ChannelClient;
    void send_leds(uint16_t leds);

  protected:
    void on_start() override;
    Status on_message(const InMessage& msg) override;

  private:
    friend struct InputsMessageVisitor;
    // Every SPICE_INPUT_MOTION_ACK_BUNCH motions or positions: MOUSE_MOTION_ACK.
    void count_motion();

    uint32_t motions_ = 0;
};

}  // namespace spicedesk::core
