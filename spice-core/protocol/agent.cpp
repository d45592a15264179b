#include "spice-core/protocol/agent.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "spice-core/protocol/reader.hpp"
#include "spice-core/protocol/writer.hpp"

namespace spicedesk::core {

AgentHeader parse_agent_header(Reader& r) {
    AgentHeader h;
    h.protocol = r.u32();
    h.type = r.u32();
    h.opaque = r.u64();
    h.size = r.u32();
    return h;
}

std::vector<uint8_t> encode_agent_header(uint32_t type, uint32_t size, uint64_t opaque) {
    Writer w(kAgentHeaderSize);
    w.u32(VD_AGENT_PROTOCOL);
    w.u32(type);
    w.u64(opaque);
    w.u32(size);
    return w.take();
}

std::vector<uint8_t> encode_agent_message(uint32_t type, std::span<const uint8_t> data,
                                          uint64_t opaque) {
    Writer w(kAgentHeaderSize + data.size());
    w.bytes(encode_agent_header(type, static_cast<uint32_t>(data.size()), opaque));
    w.bytes(data);
    return w.take();
}

std::vector<std::vector<uint8_t>> split_agent_data(std::span<const uint8_t> message) {
    std::vector<std::vector<uint8_t>> pieces;
    for (size_t pos = 0; pos < message.size(); pos += VD_AGENT_MAX_DATA_SIZE) {
        auto piece =
            message.subspan(pos, std::min<size_t>(VD_AGENT_MAX_DATA_SIZE, message.size() - pos));
        pieces.emplace_back(piece.begin(), piece.end());
    }
    return pieces;
}

Status AgentMessageAssembler::feed(std::span<const uint8_t> piece, std::vector<AgentMessage>& out) {
    if (failed_) {
        return make_error("agent stream already failed");
    }
    pending_.insert(pending_.end(), piece.begin(), piece.end());
    size_t pos = 0;
    while (pending_.size() - pos >= kAgentHeaderSize) {
        Reader r{std::span<const uint8_t>(pending_).subspan(pos)};
        const AgentHeader h = parse_agent_header(r);
        if (h.protocol != VD_AGENT_PROTOCOL) {
            failed_ = true;
            return make_error(fmt::format("agent message with protocol {} (expected {})",
                                          h.protocol, VD_AGENT_PROTOCOL));
        }
        if (h.size > max_size_) {
            failed_ = true;
            return make_error(
                fmt::format("agent message of {} bytes (limit {})", h.size, max_size_));
        }
        if (r.remaining() < h.size) {
            break;
        }
        auto data = r.bytes(h.size);
        out.push_back(AgentMessage{h.type, h.opaque, {data.begin(), data.end()}});
        pos += kAgentHeaderSize + h.size;
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(pos));
    return {};
}

std::vector<uint8_t> encode_vdi_chunks(uint32_t port, std::span<const uint8_t> message) {
    Writer w(message.size() + kVdiChunkHeaderSize * (message.size() / VD_AGENT_MAX_DATA_SIZE + 1));
    for (size_t pos = 0; pos < message.size(); pos += VD_AGENT_MAX_DATA_SIZE) {
        auto part =
            message.subspan(pos, std::min<size_t>(VD_AGENT_MAX_DATA_SIZE, message.size() - pos));
        w.u32(port);
        w.u32(static_cast<uint32_t>(part.size()));
        w.bytes(part);
    }
    return w.take();
}

Status VdiChunkReader::feed(std::span<const uint8_t> bytes, std::vector<VdiChunk>& out) {
    if (failed_) {
        return make_error("agent port stream already failed");
    }
    pending_.insert(pending_.end(), bytes.begin(), bytes.end());
    size_t pos = 0;
    while (pending_.size() - pos >= kVdiChunkHeaderSize) {
        Reader r{std::span<const uint8_t>(pending_).subspan(pos)};
        uint32_t port = r.u32();
        uint32_t size = r.u32();
        if (port != VDP_CLIENT_PORT && port != VDP_SERVER_PORT) {
            failed_ = true;
            return make_error(fmt::format("agent chunk for unknown port {}", port));
        }
        if (size > VD_AGENT_MAX_DATA_SIZE) {
            failed_ = true;
            return make_error(
                fmt::format("agent chunk of {} bytes (limit {})", size, VD_AGENT_MAX_DATA_SIZE));
        }
        if (r.remaining() < size) {
            break;
        }
        auto data = r.bytes(size);
        out.push_back(VdiChunk{port, {data.begin(), data.end()}});
        pos += kVdiChunkHeaderSize + size;
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(pos));
    return {};
}

std::vector<uint8_t> encode_announce_capabilities(const AgentCapabilities& caps) {
    Writer w(4 + 4 * caps.caps.words().size());
    w.u32(caps.request ? 1 : 0);
    for (uint32_t word : caps.caps.words()) {
        w.u32(word);
    }
    return w.take();
}

Result<AgentCapabilities> parse_announce_capabilities(std::span<const uint8_t> data) {
    if (data.size() < 4 || data.size() % 4 != 0 || data.size() > 4 + 4 * 64) {
        return make_error(
            fmt::format("ANNOUNCE_CAPABILITIES of {} bytes (want 4 + 4·n, n ≤ 64)", data.size()));
    }
    Reader r(data);
    AgentCapabilities caps;
    caps.request = r.u32("request") != 0;
    std::vector<uint32_t> words;
    while (!r.at_end()) {
        words.push_back(r.u32("caps"));
    }
    caps.caps = Caps(std::move(words));
    return caps;
}

std::vector<uint8_t> encode_monitors_config(const AgentMonitorsConfig& config) {
    Writer w(8 + 20 * config.monitors.size());
    w.u32(static_cast<uint32_t>(config.monitors.size()));
    w.u32(config.flags & ~static_cast<uint32_t>(VD_AGENT_CONFIG_MONITORS_FLAG_PHYSICAL_SIZE));
    for (const auto& m : config.monitors) {
        w.u32(m.height);
        w.u32(m.width);
        w.u32(m.depth);
        w.i32(m.x);
        w.i32(m.y);
    }
    return w.take();
}

Result<AgentMonitorsConfig> parse_monitors_config(std::span<const uint8_t> data) {
    Reader r(data);
    uint32_t count = r.u32("num_of_monitors");
    AgentMonitorsConfig config;
    config.flags = r.u32("flags");
    if (!r.ok()) {
        return make_error(fmt::format("MONITORS_CONFIG of {} bytes is too short", data.size()));
    }
    if (count > kAgentMaxMonitors) {
        return make_error(
            fmt::format("MONITORS_CONFIG with {} monitors (limit {})", count, kAgentMaxMonitors));
    }
    size_t per_monitor = (config.flags & VD_AGENT_CONFIG_MONITORS_FLAG_PHYSICAL_SIZE) ? 24 : 20;
    if (r.remaining() != count * per_monitor) {
        return make_error(fmt::format("MONITORS_CONFIG for {} monitors has {} bytes of entries",
                                      count, r.remaining()));
    }
    for (uint32_t i = 0; i < count; ++i) {
        AgentMonitor m;
        m.height = r.u32("height");
        m.width = r.u32("width");
        m.depth = r.u32("depth");
        m.x = r.i32("x");
        m.y = r.i32("y");
        config.monitors.push_back(m);
    }
    // VDAgentMonitorMM physical sizes follow when flagged; we do not use them.
    return config;
}

std::vector<uint8_t> encode_agent_reply(const AgentReply& reply) {
    Writer w(8);
    w.u32(reply.type);
    w.u32(reply.error);
    return w.take();
}

Result<AgentReply> parse_agent_reply(std::span<const uint8_t> data) {
    Reader r(data);
    AgentReply reply{r.u32("type"), r.u32("error")};
    if (auto st = r.finish_exact("VD_AGENT_REPLY"); !st) {
        return st.error();
    }
    return reply;
}

}  // namespace spicedesk::core
