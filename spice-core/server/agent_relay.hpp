#pragma once

// The server's side of the guest agent (libspice-server's vdagent char device and the agent part
// of its main channel): it moves VDAgentMessages between the main channel client and the guest's
// agent port, with SPICE's token flow control both ways, the agent message filter, the client's
// MONITORS_CONFIG handed to the QXL devices when they all take client monitors configs, and
// VD_AGENT_CLIENT_DISCONNECTED to the guest when the client goes.
//
//  client -> guest: the client may have client_window AGENT_DATA pieces in flight (INIT's
//    agent_tokens, AGENT_CONNECTED_TOKENS); each becomes one VDI chunk for VDP_CLIENT_PORT; once
//    the guest took it (or it was filtered out), its token comes back in an AGENT_TOKEN batch of
//    at least tokens_to_send. A client that sends beyond its tokens is closed.
//  guest -> client: each VDI chunk for VDP_CLIENT_PORT becomes one AGENT_DATA, one client token
//    each (AGENT_START, AGENT_TOKEN). Without tokens at most max_pending_to_client pieces wait;
//    the port is then not read, which stops the guest (its virtio queue fills). A client that
//    leaves pieces waiting for client_tokens_timeout (libspice-server: 30 s) is closed.
//
// Thread: the server io thread only; the port's events are posted there by the Server.

#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "spice-core/protocol/agent.hpp"
#include "spice-core/protocol/message.hpp"
#include "spice-core/server/agent_filter.hpp"
#include "spice-core/server/agent_port.hpp"
#include "spice-core/server/qxl/qxl_interface.hpp"

namespace spicedesk::core {

// libspice-server's REDS_AGENT_WINDOW_SIZE, REDS_TOKENS_TO_SEND, REDS_VDI_PORT_NUM_RECEIVE_BUFFS.
inline constexpr uint32_t kAgentClientWindow = 10;
inline constexpr uint32_t kAgentTokensToSend = 5;
inline constexpr size_t kAgentPendingToClient = 5;
// The largest MONITORS_CONFIG message the server reassembles: header, VDAgentMonitorsConfig and
// kAgentMaxMonitors entries with their physical sizes.
inline constexpr size_t kAgentMaxMonitorsConfigMessage =
    kAgentHeaderSize + 8 + size_t{kAgentMaxMonitors} * (20 + 4);

// The main channel client as the relay sees it.
class AgentClientLink {
  public:
    virtual ~AgentClientLink() = default;
    virtual void send_to_client(const OutMessage& msg) = 0;
    virtual void close_client(const std::string& reason) = 0;
    // SPICE_MAIN_CAP_AGENT_CONNECTED_TOKENS: AGENT_CONNECTED_TOKENS instead of AGENT_CONNECTED.
    virtual bool client_takes_connected_tokens() const = 0;
};

struct AgentRelayConfig {
    uint32_t client_window = kAgentClientWindow;
    uint32_t tokens_to_send = kAgentTokensToSend;
    size_t max_pending_to_client = kAgentPendingToClient;
    // libspice-server's RED_CHAR_DEVICE_WAIT_TOKENS_TIMEOUT.
    std::chrono::milliseconds client_tokens_timeout{30000};
    AgentFilterConfig filter;
};

struct AgentRelayStats {
    uint64_t chunks_to_guest = 0;   // client pieces written to the port
    uint64_t pieces_to_client = 0;  // AGENT_DATA sent
    uint64_t discarded_from_client = 0;
    uint64_t discarded_from_guest = 0;
    uint64_t monitors_configs_to_devices = 0;
    uint64_t client_disconnected_to_guest = 0;
};

class AgentRelay {
  public:
    // port: nullptr when the domain has no agent channel. devices: the QXL devices that may take
    // client monitors configs; both outlive the relay. io: the server's, for the client tokens
    // timeout (nullptr: no timeout).
    AgentRelay(AgentPort* port, std::vector<qxl::QxlDevice*> devices, AgentRelayConfig config = {},
               asio::io_context* io = nullptr);
    AgentRelay(const AgentRelay&) = delete;
    AgentRelay& operator=(const AgentRelay&) = delete;

    bool agent_connected() const { return attached_; }
    uint32_t client_window() const { return config_.client_window; }
    const AgentRelayStats& stats() const { return stats_; }

    // The main channel client (after it sent INIT) and its end.
    void client_attached(AgentClientLink& link);
    void client_detached(AgentClientLink& link);
    // Client messages; an error means "close this client".
    Status on_agent_start(uint32_t num_tokens);
    Status on_agent_data(std::span<const uint8_t> piece);
    Status on_agent_token(uint32_t num_tokens);

    // Port events (posted from AgentPortListener).
    void port_opened();
    void port_closed();
    void port_wakeup();
    // Server stop (on the io thread, before the io_context goes): no more port calls or timers.
    void stop();

  private:
    struct PendingWrite {
        std::vector<uint8_t> bytes;
        size_t written = 0;
        bool client_token = false;  // its token goes back to the client once written
    };

    bool use_client_monitors_config() const;
    AgentFilterConfig write_filter_config() const;
    void reset_port_state();
    void queue_to_guest(uint32_t vdi_port, std::span<const uint8_t> data, bool client_token);
    void pump_write();
    void pump_read();
    void flush_to_client();
    void adjust_agent_capabilities(std::vector<uint8_t>& piece) const;
    void watch_client_tokens();
    void return_client_token();
    Status take_monitors_config_piece(std::span<const uint8_t> piece);
    void agent_failed(const std::string& reason);

    AgentPort* port_;
    std::vector<qxl::QxlDevice*> devices_;
    AgentRelayConfig config_;
    AgentRelayStats stats_;
    bool stopped_ = false;

    bool attached_ = false;  // the guest has the port open
    AgentClientLink* link_ = nullptr;
    bool client_agent_started_ = false;
    uint32_t client_tokens_ = 0;        // AGENT_DATA the client may still send
    uint32_t client_tokens_freed_ = 0;  // not yet returned in an AGENT_TOKEN
    uint64_t send_tokens_ = 0;          // AGENT_DATA we may still send the client

    AgentMessageFilter write_filter_;  // client -> guest
    AgentMessageFilter read_filter_;   // guest -> client
    // The client's MONITORS_CONFIG being reassembled (at most one maximal config).
    static AgentMessageAssembler new_monitors_config_assembler() {
        return AgentMessageAssembler(kAgentMaxMonitorsConfigMessage - kAgentHeaderSize);
    }
    AgentMessageAssembler monitors_config_ = new_monitors_config_assembler();
    std::deque<PendingWrite> to_guest_;
    std::deque<std::vector<uint8_t>> to_client_;
    VdiChunkReader chunk_reader_;
    asio::io_context* io_;
    std::unique_ptr<asio::steady_timer> tokens_timer_;
    bool tokens_timer_running_ = false;
};

}  // namespace spicedesk::core
