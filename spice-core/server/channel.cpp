#include "spice-core/server/channel.hpp"

#include <stdexcept>

#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

void ChannelRegistry::add(std::unique_ptr<Channel> channel) {
    auto key = std::make_pair(channel->type(), channel->id());
    if (channels_.count(key) != 0) {
        throw std::invalid_argument("channel registered twice");
    }
    channels_.emplace(key, std::move(channel));
}

Channel* ChannelRegistry::find(uint8_t type, uint8_t id) const {
    auto it = channels_.find({type, id});
    return it == channels_.end() ? nullptr : it->second.get();
}

std::vector<ChannelId> ChannelRegistry::list() const {
    std::vector<ChannelId> out;
    for (const auto& [key, channel] : channels_) {
        if (key.first != SPICE_CHANNEL_MAIN) {
            out.push_back({key.first, key.second});
        }
    }
    return out;
}

size_t ChannelRegistry::count(uint8_t type) const {
    size_t n = 0;
    for (const auto& [key, channel] : channels_) {
        n += key.first == type ? 1 : 0;
    }
    return n;
}

}  // namespace spicedesk::core
