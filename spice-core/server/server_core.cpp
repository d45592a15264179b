#include "spice-core/server/server_core.hpp"

#include <fmt/format.h>

#include "common/log.hpp"
#include "spice-core/protocol/spice_headers.hpp"
#include "spice-core/server/agent_relay.hpp"
#include "spice-core/server/channel_client.hpp"
#include "spice-core/server/link_handler.hpp"
#include "spice-core/server/session.hpp"

namespace spicedesk::core {

ServerCore::ServerCore(asio::io_context& io, ServerConfig config, ServerStats& stats,
                       std::unique_ptr<AgentRelay> agent)
    : io_(io),
      config_(std::move(config)),
      stats_(stats),
      agent_(std::move(agent)),
      rng_(std::random_device{}()) {}

ServerCore::~ServerCore() = default;

void ServerCore::accept(std::unique_ptr<Stream> stream) {
    auto handler = std::make_shared<LinkHandler>(*this, std::move(stream));
    handler->start();
}

SpiceLinkErr ServerCore::check_link(const LinkMess& link, bool secure) const {
    if (registry_.find(link.channel_type, link.channel_id) == nullptr) {
        return SPICE_LINK_ERR_CHANNEL_NOT_AVAILABLE;
    }
    ChannelSecurity mode = config_.default_security;
    if (auto it = config_.channel_security.find(link.channel_type);
        it != config_.channel_security.end()) {
        mode = it->second;
    }
    if (mode == ChannelSecurity::kSecure && !secure) {
        return SPICE_LINK_ERR_NEED_SECURED;
    }
    if (mode == ChannelSecurity::kInsecure && secure) {
        return SPICE_LINK_ERR_NEED_UNSECURED;
    }
    if (link.channel_type != SPICE_CHANNEL_MAIN &&
        (!session_ || session_->ended() || session_->id() != link.connection_id)) {
        return SPICE_LINK_ERR_BAD_CONNECTION_ID;
    }
    return SPICE_LINK_ERR_OK;
}

Caps ServerCore::channel_caps(const LinkMess& link) const {
    Channel* channel = registry_.find(link.channel_type, link.channel_id);
    return channel ? channel->caps() : Caps{};
}

void ServerCore::attach(std::unique_ptr<Stream> stream, LinkMess link, bool mini_header) {
    Channel* channel = registry_.find(link.channel_type, link.channel_id);
    if (channel == nullptr) {
        stream->close();
        return;
    }
    if (link.channel_type == SPICE_CHANNEL_MAIN) {
        if (session_ && !session_->ended()) {
            log::info("spice-server", "a new client replaces session {:#x}", session_->id());
            session_->end_gracefully("replaced by a new client");
        }
        uint32_t id = 0;
        while (id == 0) {
            id = static_cast<uint32_t>(rng_());
        }
        session_ = std::make_shared<Session>(id);
    } else if (!session_ || session_->ended() || session_->id() != link.connection_id) {
        log::info("spice-server", "{}: session {:#x} ended during the link", stream->peer(),
                  link.connection_id);
        stream->close();
        return;
    } else if (auto old = session_->find(link.channel_type, link.channel_id)) {
        old->disconnect("replaced by a new connection of the same channel");
    }
    ++stats_.connections;
    auto client =
        channel->create_client(*this, session_, std::move(stream), std::move(link), mini_header);
    session_->add(client);
    client->start();
}

void ServerCore::channel_closed(ChannelClient* client) {
    auto session = client->session();
    if (!session) {
        return;
    }
    session->remove(client);
    if (client->channel_type() == SPICE_CHANNEL_MAIN && !session->ended()) {
        session->disconnect_all("main channel closed");
    }
    if (session == session_ && session->ended()) {
        session_.reset();
    }
}

void ServerCore::disconnect_all(const std::string& reason) {
    if (session_) {
        auto s = session_;
        s->disconnect_all(reason);
        session_.reset();
    }
}

}  // namespace spicedesk::core
