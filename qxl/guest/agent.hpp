#pragma once

// A guest agent as spice-vdagent is, on the virtio port "com.redhat.spice.0": it opens the port,
// announces its capabilities (monitors config, reply, sparse monitors configs, LF line ends),
// answers a capabilities request, and on VD_AGENT_MONITORS_CONFIG asks the desktop for the new
// monitors (the xrandr step: here the Runner's mode change) and sends VD_AGENT_REPLY.
// VD_AGENT_CLIENT_DISCONNECTED from the server forgets the half-read client message.
// Thread: its own ("qxl-agent"); start() and stop() from the owner's.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "qxl/device/virtio_port.hpp"
#include "qxl/guest/driver.hpp"
#include "spice-core/protocol/agent.hpp"

namespace spicedesk::qxl {

class GuestAgent {
  public:
    using MonitorsHandler = std::function<void(std::vector<GuestHead>)>;
    using EventHandler = std::function<void(const std::string&)>;

    // on_monitors: called on the agent's thread with the enabled monitors of a client's config.
    // on_event: "agent: ..." lines for logs and tests.
    GuestAgent(VirtioPort& port, MonitorsHandler on_monitors, EventHandler on_event = {});
    ~GuestAgent();
    GuestAgent(const GuestAgent&) = delete;
    GuestAgent& operator=(const GuestAgent&) = delete;

    void start();
    void stop();

    // The capabilities the agent announces.
    static core::Caps capabilities();

  private:
    void run();
    void handle(const core::AgentMessage& msg);
    void send(uint32_t type, std::span<const uint8_t> data);
    void announce(bool request);
    void event(const std::string& text);

    VirtioPort& port_;
    MonitorsHandler on_monitors_;
    EventHandler on_event_;
    std::atomic<bool> stopping_{false};
    core::AgentMessageAssembler from_client_;
    core::AgentMessageAssembler from_server_;
    std::thread thread_;
};

}  // namespace spicedesk::qxl
