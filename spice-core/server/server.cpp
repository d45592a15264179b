#include "spice-core/server/server.hpp"

#include <fmt/format.h>
#include <pthread.h>

#include <future>

#include "common/log.hpp"
#include "spice-core/protocol/spice_headers.hpp"
#include "spice-core/server/agent_relay.hpp"
#include "spice-core/server/cursor_channel.hpp"
#include "spice-core/server/display_channel.hpp"
#include "spice-core/server/inputs_channel.hpp"
#include "spice-core/server/main_channel.hpp"
#include "spice-core/server/server_core.hpp"

namespace spicedesk::core {

namespace {

Result<std::unique_ptr<asio::ip::tcp::acceptor>> bind_acceptor(asio::io_context& io,
                                                               const std::string& address,
                                                               int port) {
    std::error_code ec;
    auto addr = asio::ip::make_address(address, ec);
    if (ec) {
        return make_error(fmt::format("bad listen address '{}': {}", address, ec.message()));
    }
    asio::ip::tcp::endpoint ep(addr, static_cast<uint16_t>(port));
    auto acceptor = std::make_unique<asio::ip::tcp::acceptor>(io);
    acceptor->open(ep.protocol(), ec);
    if (!ec) {
        acceptor->set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
    }
    if (!ec) {
        acceptor->bind(ep, ec);
    }
    if (!ec) {
        acceptor->listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        return make_error(fmt::format("cannot listen on {}:{}: {}", address, port, ec.message()));
    }
    return acceptor;
}

}  // namespace

// The guest side's events, moved onto the server thread (AgentPortListener is thread-safe).
class Server::AgentEvents final : public AgentPortListener {
  public:
    explicit AgentEvents(Server& server) : server_(server) {}
    void agent_port_opened() override {
        asio::post(server_.io_, [this] { server_.core_->agent().port_opened(); });
    }
    void agent_port_closed() override {
        asio::post(server_.io_, [this] { server_.core_->agent().port_closed(); });
    }
    void agent_port_wakeup() override {
        asio::post(server_.io_, [this] { server_.core_->agent().port_wakeup(); });
    }

  private:
    Server& server_;
};

Server::Server(ServerConfig config) : config_(std::move(config)) {}

Server::~Server() {
    stop();
    io_.restart();
    // Run what stop() left queued (handlers complete with operation_aborted) so nothing
    // referring to the core survives it.
    io_.poll();
}

void Server::add_display(uint8_t channel_id, DisplaySource& source) {
    displays_.emplace_back(channel_id, &source);
}

void Server::set_input_sink(InputSink& sink) {
    input_sink_ = &sink;
}

void Server::set_cursor_source(CursorSource& source) {
    cursor_source_ = &source;
}

void Server::set_agent_port(AgentPort& port) {
    agent_port_ = &port;
}

void Server::set_agent_config(const AgentRelayConfig& config) {
    agent_config_ = config;
}

void Server::add_qxl_device(qxl::QxlDevice& device) {
    qxl_devices_.push_back(&device);
}

Status Server::start() {
    if (started_) {
        return make_error("server already started");
    }
    if (config_.port < 0 && config_.tls_port < 0) {
        return make_error("neither a port nor a TLS port is configured");
    }
    key_pool_ = std::make_unique<TicketKeyPool>();
    core_ = std::make_unique<ServerCore>(
        io_, config_, stats_,
        std::make_unique<AgentRelay>(agent_port_, qxl_devices_, agent_config_, &io_));
    core_->set_key_pool(key_pool_.get());
    core_->set_input_sink(input_sink_);
    auto& registry = core_->registry();
    registry.add(std::make_unique<MainChannel>());
    for (auto [id, source] : displays_) {
        registry.add(std::make_unique<DisplayChannel>(id, *source));
    }
    auto inputs = std::make_unique<InputsChannel>();
    inputs_channel_ = inputs.get();
    registry.add(std::move(inputs));
    if (cursor_source_ != nullptr) {
        registry.add(std::make_unique<CursorChannel>(*cursor_source_));
    }

    if (config_.port >= 0) {
        auto acceptor = bind_acceptor(io_, config_.address, config_.port);
        if (!acceptor) {
            return acceptor.error();
        }
        acceptor_ = std::move(*acceptor);
        port_ = acceptor_->local_endpoint().port();
    }
    if (config_.tls_port >= 0) {
        auto ctx = make_tls_server_context(config_.tls.cert_file, config_.tls.key_file,
                                           config_.tls.ca_file);
        if (!ctx) {
            return ctx.error();
        }
        tls_context_ = *ctx;
        auto acceptor = bind_acceptor(io_, config_.address, config_.tls_port);
        if (!acceptor) {
            return acceptor.error();
        }
        tls_acceptor_ = std::move(*acceptor);
        tls_port_ = tls_acceptor_->local_endpoint().port();
    }
    registry.for_each([this](Channel& c) { c.start(*core_); });
    if (acceptor_) {
        accept_plain();
    }
    if (tls_acceptor_) {
        accept_tls();
    }
    log::info("spice-server", "listening on {} port {} tls port {} ({})", config_.address,
              acceptor_ ? std::to_string(port_) : "-",
              tls_acceptor_ ? std::to_string(tls_port_) : "-",
              config_.ticket.password ? "password set" : "no password");
    started_ = true;
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "spice-server");
        auto guard = asio::make_work_guard(io_);
        io_.run();
    });
    if (agent_port_ != nullptr) {
        agent_events_ = std::make_unique<AgentEvents>(*this);
        agent_port_->attach(agent_events_.get());
    }
    return {};
}

void Server::accept_plain() {
    acceptor_->async_accept([this](std::error_code ec, asio::ip::tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor_->is_open()) {
            return;
        }
        if (!ec) {
            core_->accept(make_tcp_stream(std::move(socket)));
        } else {
            log::warn("spice-server", "accept failed: {}", ec.message());
        }
        accept_plain();
    });
}

void Server::accept_tls() {
    tls_acceptor_->async_accept([this](std::error_code ec, asio::ip::tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !tls_acceptor_->is_open()) {
            return;
        }
        if (!ec) {
            async_tls_accept(std::move(socket), *tls_context_, config_.link_timeout,
                             [this](Result<std::unique_ptr<Stream>> stream) {
                                 if (!stream) {
                                     ++stats_.link_failures;
                                     log::warn("spice-server", "{}", stream.message());
                                     return;
                                 }
                                 core_->accept(std::move(*stream));
                             });
        } else {
            log::warn("spice-server", "TLS accept failed: {}", ec.message());
        }
        accept_tls();
    });
}

void Server::stop() {
    if (!started_ || stopped_) {
        return;
    }
    stopped_ = true;
    if (agent_port_ != nullptr) {
        agent_port_->attach(nullptr);
    }
    asio::post(io_, [this] {
        std::error_code ec;
        if (acceptor_) {
            acceptor_->close(ec);
        }
        if (tls_acceptor_) {
            tls_acceptor_->close(ec);
        }
        core_->registry().for_each([](Channel& c) { c.stop(); });
        core_->disconnect_all("server stopping");
        core_->agent().stop();
        io_.stop();
    });
    if (thread_.joinable()) {
        thread_.join();
    }
}

void Server::set_ticket(Ticket ticket) {
    if (!started_) {
        config_.ticket = std::move(ticket);
        return;
    }
    asio::post(io_, [this, ticket = std::move(ticket)]() mutable {
        core_->set_ticket(std::move(ticket));
    });
}

void Server::set_keyboard_leds(uint16_t leds) {
    if (!started_) {
        return;
    }
    asio::post(io_, [this, leds] { inputs_channel_->send_leds(leds); });
}

AgentRelayStats Server::agent_stats() {
    if (!started_ || stopped_) {
        return core_ ? core_->agent().stats() : AgentRelayStats{};
    }
    std::promise<AgentRelayStats> result;
    asio::post(io_, [&] { result.set_value(core_->agent().stats()); });
    return result.get_future().get();
}

}  // namespace spicedesk::core
