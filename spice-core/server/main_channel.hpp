#pragma once

// The main channel: INIT, ATTACH_CHANNELS → CHANNELS_LIST, mouse modes, and the bandwidth
// test (a warm-up PING and a 256 KiB PING right after the link); the agent messages go to the
// server's AgentRelay.

#include <chrono>

#include "spice-core/server/agent_relay.hpp"
#include "spice-core/server/channel.hpp"
#include "spice-core/server/channel_client.hpp"

namespace spicedesk::core {

class MainChannel final : public Channel {
  public:
    MainChannel();
    std::shared_ptr<ChannelClient> create_client(ServerCore& core, std::shared_ptr<Session> session,
                                                 std::unique_ptr<Stream> stream, LinkMess link,
                                                 bool mini_header) override;
};

inline constexpr size_t kNetTestBytes = 256 * 1024;

class MainChannelClient final : public ChannelClient, public AgentClientLink {
  public:
    using ChannelClient::ChannelClient;

    // AgentClientLink
    void send_to_client(const OutMessage& msg) override { send(msg); }
    void close_client(const std::string& reason) override { disconnect(reason); }
    bool client_takes_connected_tokens() const override;

  protected:
    void on_start() override;
    Status on_message(const InMessage& msg) override;
    void on_pong(uint32_t id) override;
    void on_closed() override;

  private:
    uint16_t supported_mouse_modes();

    std::chrono::steady_clock::time_point ping_sent_[3];
};

}  // namespace spicedesk::core
