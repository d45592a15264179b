#pragma once

// One client's session: the main channel's connection id and the channel clients that
// joined it. A new main link replaces the whole session. Thread: server io thread.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

class ChannelClient;

class Session {
  public:
    explicit Session(uint32_t id) : id_(id) {}

    uint32_t id() const { return id_; }
    void add(const std::shared_ptr<ChannelClient>& client) { clients_.push_back(client); }
    void remove(const ChannelClient* client);
    // Closes every channel client of the session at once.
    void disconnect_all(const std::string& reason);
    // Ends the session telling the client: NOTIFY on main, DISCONNECTING on every channel.
    void end_gracefully(const std::string& reason);
    bool ended() const { return ended_; }
    size_t size() const { return clients_.size(); }
    std::shared_ptr<ChannelClient> find(uint8_t type, uint8_t id) const;

    uint16_t mouse_mode = SPICE_MOUSE_MODE_SERVER;

  private:
    uint32_t id_;
    bool ended_ = false;
    std::vector<std::shared_ptr<ChannelClient>> clients_;
};

}  // namespace spicedesk::core
