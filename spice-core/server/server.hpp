#pragma once

// The SPICE server's C++ API: configure, attach sources and sinks, start. It runs one Asio
// io_context on its own thread ("spice-server"); every channel lives there.
//
//   ServerConfig config;            // port, address, TLS, ticket, security, compression
//   Server server(config);
//   server.add_display(0, source);  // display channel 0 (more: 1, 2, …)
//   server.set_input_sink(sink);
//   server.set_cursor_source(cursor);
//   server.set_agent_port(port);    // the guest agent's virtio port (spicevmc), if any
//   server.add_qxl_device(device);  // each QXL device, for the client's monitors configs
//   if (auto st = server.start(); !st) { ... }
//   server.port();                  // the resolved port when config.port == 0

#include <asio.hpp>
#include <asio/ssl.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/result.hpp"
#include "spice-core/net/ticket_key_pool.hpp"
#include "spice-core/server/agent_port.hpp"
#include "spice-core/server/agent_relay.hpp"
#include "spice-core/server/config.hpp"
#include "spice-core/server/cursor_source.hpp"
#include "spice-core/server/display_source.hpp"
#include "spice-core/server/input_sink.hpp"
#include "spice-core/server/qxl/qxl_interface.hpp"
#include "spice-core/server/stats.hpp"

namespace spicedesk::core {

class ServerCore;
class InputsChannel;

class Server {
  public:
    explicit Server(ServerConfig config);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Before start(). The sources and the sink must outlive the server.
    void add_display(uint8_t channel_id, DisplaySource& source);
    void set_input_sink(InputSink& sink);
    void set_cursor_source(CursorSource& source);
    // The guest agent's port (libspice-server: the vdagent char device instance). Without one,
    // clients are told there is no agent.
    void set_agent_port(AgentPort& port);
    // Token window, filter and timeouts of the agent relay (defaults: libspice-server's).
    void set_agent_config(const AgentRelayConfig& config);
    // A QXL device the client's MONITORS_CONFIG may go to (libspice-server's QXL instances): when
    // every added device takes client monitors configs (QxlDevice::client_monitors_config asked
    // with no monitors), the server hands them the config instead of the agent. Called on the
    // server thread.
    void add_qxl_device(qxl::QxlDevice& device);

    // Binds the ports and starts the server thread.
    Status start();
    // Disconnects every client, closes the ports, joins the thread. Idempotent.
    void stop();

    uint16_t port() const { return port_; }
    uint16_t tls_port() const { return tls_port_; }
    const std::string& address() const { return config_.address; }
    const ServerStats& stats() const { return stats_; }

    // Thread-safe.
    void set_ticket(Ticket ticket);
    void set_keyboard_leds(uint16_t leds);
    // A copy of the agent relay's counters, taken on the server thread.
    AgentRelayStats agent_stats();

  private:
    void accept_plain();
    void accept_tls();

    ServerConfig config_;
    ServerStats stats_;
    std::vector<std::pair<uint8_t, DisplaySource*>> displays_;
    InputSink* input_sink_ = nullptr;
    CursorSource* cursor_source_ = nullptr;
    AgentPort* agent_port_ = nullptr;
    AgentRelayConfig agent_config_;
    std::vector<qxl::QxlDevice*> qxl_devices_;
    class AgentEvents;
    std::unique_ptr<AgentEvents> agent_events_;

    std::unique_ptr<ServerCore> core_;  // destroyed after io_ (handlers reference it)
    asio::io_context io_{1};
    // Destroyed before io_ (its thread posts there).
    std::unique_ptr<TicketKeyPool> key_pool_;
    std::unique_ptr<asio::ip::tcp::acceptor> acceptor_;
    std::unique_ptr<asio::ip::tcp::acceptor> tls_acceptor_;
    std::shared_ptr<asio::ssl::context> tls_context_;
    InputsChannel* inputs_channel_ = nullptr;
    std::thread thread_;
    uint16_t port_ = 0;
    uint16_t tls_port_ = 0;
    bool started_ = false;
    bool stopped_ = false;
};

}  // namespace spicedesk::core
