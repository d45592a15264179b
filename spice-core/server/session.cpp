#include "spice-core/server/session.hpp"

#include <algorithm>

#include "spice-core/server/channel_client.hpp"

namespace spicedesk::core {

void Session::remove(const ChannelClient* client) {
    std::erase_if(clients_, [&](const auto& c) { return c.get() == client; });
}

void Session::disconnect_all(const std::string& reason) {
    ended_ = true;
    auto clients = clients_;  // disconnect() calls back into remove()
    for (auto& c : clients) {
        c->disconnect(reason);
    }
    clients_.clear();
}

void Session::end_gracefully(const std::string& reason) {
    ended_ = true;
    auto clients = std::move(clients_);
    clients_.clear();
    for (auto& c : clients) {
        if (c->channel_type() == SPICE_CHANNEL_MAIN) {
            c->send_notify(SPICE_NOTIFY_SEVERITY_WARN, reason);
        }
        c->close_gracefully(reason, SPICE_LINK_ERR_ERROR);
    }
}

std::shared_ptr<ChannelClient> Session::find(uint8_t type, uint8_t id) const {
    for (const auto& c : clients_) {
        if (c->channel_type() == type && c->channel_id() == id && !c->closed()) {
            return c;
        }
    }
    return nullptr;
}

}  // namespace spicedesk::core
