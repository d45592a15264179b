#pragma once

// A server channel (one per SPICE channel type + id) and the registry that keys them, so
// that display channels 0, 1, … and later playback, record, usbredir or agent channels
// join without touching the link code. Thread: server io thread, except where noted.

#include <cstdint>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "spice-core/net/stream.hpp"
#include "spice-core/protocol/caps.hpp"
#include "spice-core/protocol/link.hpp"
#include "spice-core/protocol/main.hpp"

namespace spicedesk::core {

class ChannelClient;
class ServerCore;
class Session;

class Channel {
  public:
    Channel(uint8_t type, uint8_t id) : type_(type), id_(id) {}
    virtual ~Channel() = default;
    Channel(const Channel&) = delete;
    Channel& operator=(const Channel&) = delete;

    uint8_t type() const { return type_; }
    uint8_t id() const { return id_; }
    virtual Caps caps() const { return {}; }
    // Builds the client for a completed link (the previous client of this channel, if any,
    // has already been dropped with its session).
    virtual std::shared_ptr<ChannelClient> create_client(ServerCore& core,
                                                         std::shared_ptr<Session> session,
                                                         std::unique_ptr<Stream> stream,
                                                         LinkMess link, bool mini_header) = 0;
    // Called once when the server starts (io thread) and stops.
    virtual void start(ServerCore& /*core*/) {}
    virtual void stop() {}

  private:
    uint8_t type_;
    uint8_t id_;
};

class ChannelRegistry {
  public:
    void add(std::unique_ptr<Channel> channel);
    Channel* find(uint8_t type, uint8_t id) const;
    std::vector<ChannelId> list() const;  // every channel but main
    size_t count(uint8_t type) const;
    template <typename F>
    void for_each(F&& f) {
        for (auto& [key, channel] : channels_) {
            f(*channel);
        }
    }

  private:
    std::map<std::pair<uint8_t, uint8_t>, std::unique_ptr<Channel>> channels_;
};

}  // namespace spicedesk::core
