#include "spice-core/client/agent_link.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <numeric>

#include "common/log.hpp"
#include "spice-core/protocol/main.hpp"
#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core::client {

namespace {
constexpr std::string_view kLog = "spice-client";
// Larger than any guest mode (the qxl device's surfaces are far smaller); a bound on what we ask.
constexpr int kMaxMonitorSide = 16384;
}  // namespace

std::vector<MonitorRequest> align_monitors(const std::vector<MonitorRequest>& monitors) {
    std::vector<size_t> order(monitors.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return std::pair(monitors[a].x, monitors[a].y) < std::pair(monitors[b].x, monitors[b].y);
    });
    std::vector<MonitorRequest> out = monitors;
    int x = 0;
    for (size_t i : order) {
        out[i].x = x;
        out[i].y = 0;
        x += monitors[i].width;
    }
    return out;
}

void AgentLink::on_init(bool connected, uint32_t tokens) {
    server_tokens_ = tokens;
    if (connected) {
        start();
    }
}

void AgentLink::on_connected(std::optional<uint32_t> tokens) {
    if (tokens) {
        server_tokens_ = *tokens;
    }
    start();
}

void AgentLink::start() {
    state_ = AgentState{.connected = true};
    broken_ = false;
    consumed_ = 0;
    assembler_ = AgentMessageAssembler();
    OutMessage agent_start = make_client_agent_start(kClientWindow);
    events_.send(agent_start.type, std::move(agent_start.body));
    announce(true);
    flush();
    notify();
}

void AgentLink::on_disconnected() {
    if (!state_.connected) {
        return;
    }
    state_ = AgentState{};
    assembler_ = AgentMessageAssembler();
    // Whole messages not started yet are for an agent that is gone; the rest of one already cut
    // into pieces still goes (libspice-server expects a started message to be completed, as
    // spice-gtk's reset notes).
    auto it = std::find_if(queue_.begin(), queue_.end(), [](const Piece& p) { return p.first; });
    queue_.erase(it, queue_.end());
    notify();
}

void AgentLink::on_token(uint32_t tokens) {
    server_tokens_ = tokens > std::numeric_limits<uint32_t>::max() - server_tokens_
                         ? std::numeric_limits<uint32_t>::max()
                         : server_tokens_ + tokens;
    flush();
}

void AgentLink::on_data(std::span<const uint8_t> piece) {
    if (!state_.connected) {
        log::debug(kLog, "agent data while no agent is connected: dropped");
        return;
    }
    // The piece is consumed whatever it holds: grant its token back.
    if (++consumed_ >= kClientWindow / 2) {
        OutMessage token = make_client_agent_token(consumed_);
        consumed_ = 0;
        events_.send(token.type, std::move(token.body));
    }
    if (broken_) {
        return;
    }
    if (piece.size() > VD_AGENT_MAX_DATA_SIZE) {
        fail(fmt::format("an AGENT_DATA piece of {} bytes (limit {})", piece.size(),
                         VD_AGENT_MAX_DATA_SIZE));
        return;
    }
    std::vector<AgentMessage> messages;
    if (auto st = assembler_.feed(piece, messages); !st) {
        fail(st.error().message);
        return;
    }
    for (const auto& m : messages) {
        handle_message(m);
        if (broken_) {
            return;
        }
    }
}

void AgentLink::handle_message(const AgentMessage& msg) {
    switch (msg.type) {
        case VD_AGENT_ANNOUNCE_CAPABILITIES: {
            auto caps = parse_announce_capabilities(msg.data);
            if (!caps) {
                fail(caps.error().message);
                return;
            }
            state_.caps_received = true;
            state_.caps = caps->caps;
            if (caps->request) {
                announce(false);
                flush();
            }
            notify();
            break;
        }
        case VD_AGENT_REPLY: {
            auto reply = parse_agent_reply(msg.data);
            if (!reply) {
                fail(reply.error().message);
                return;
            }
            if (reply->error != VD_AGENT_SUCCESS) {
                log::info(kLog, "the guest agent refused request type {} (error {})", reply->type,
                          reply->error);
            }
            if (events_.reply) {
                events_.reply(reply->type, reply->error);
            }
            break;
        }
        default:
            // Clipboard, file transfer, audio volume and the rest: not offered, so not acted on.
            log::debug(kLog, "agent message type {} ({} bytes) ignored", msg.type, msg.data.size());
            break;
    }
}

void AgentLink::fail(const std::string& why) {
    broken_ = true;
    log::warn(kLog, "ignoring the guest agent until it reconnects: {}", why);
}

void AgentLink::announce(bool request) {
    AgentCapabilities caps;
    caps.request = request;
    // Only what we act on: monitors config (with positions) and replies to it.
    caps.caps.set(VD_AGENT_CAP_MONITORS_CONFIG)
        .set(VD_AGENT_CAP_REPLY)
        .set(VD_AGENT_CAP_MONITORS_CONFIG_POSITION);
    queue_message(VD_AGENT_ANNOUNCE_CAPABILITIES, encode_announce_capabilities(caps));
}

Status AgentLink::request_monitors(const std::vector<MonitorRequest>& monitors) {
    if (!state_.connected) {
        return make_error("monitors config not sent: the guest agent is not connected");
    }
    if (monitors.empty() || monitors.size() > kAgentMaxMonitors) {
        return make_error(fmt::format("monitors config not sent: {} monitors (want 1 to {})",
                                      monitors.size(), kAgentMaxMonitors));
    }
    bool any = false;
    for (const auto& m : monitors) {
        const bool zero = m.width == 0 && m.height == 0;
        if (!zero && (m.width <= 0 || m.height <= 0 || m.width > kMaxMonitorSide ||
                      m.height > kMaxMonitorSide)) {
            return make_error(
                fmt::format("monitors config not sent: a monitor of {}x{}", m.width, m.height));
        }
        any = any || !zero;
    }
    if (!any) {
        // As spice-gtk: at least one monitor must have dimensions.
        return make_error("monitors config not sent: no monitor has a size");
    }
    AgentMonitorsConfig config;
    config.flags = VD_AGENT_CONFIG_MONITORS_FLAG_USE_POS;
    for (const auto& m : align_monitors(monitors)) {
        config.monitors.push_back(AgentMonitor{.width = static_cast<uint32_t>(m.width),
                                               .height = static_cast<uint32_t>(m.height),
                                               .depth = 32,
                                               .x = m.x,
                                               .y = m.y});
    }
    queue_message(VD_AGENT_MONITORS_CONFIG, encode_monitors_config(config));
    flush();
    return {};
}

void AgentLink::queue_message(uint32_t type, std::span<const uint8_t> data) {
    auto pieces = split_agent_data(encode_agent_message(type, data));
    // A server that never grants tokens must not grow the queue without end: drop the oldest
    // whole messages not started yet.
    while (!queue_.empty() && queue_.size() + pieces.size() > kMaxQueuedPieces) {
        auto first =
            std::find_if(queue_.begin(), queue_.end(), [](const Piece& p) { return p.first; });
        if (first == queue_.end()) {
            break;
        }
        auto next = std::find_if(first + 1, queue_.end(), [](const Piece& p) { return p.first; });
        log::info(kLog, "agent queue full: an unsent message dropped");
        queue_.erase(first, next);
    }
    for (size_t i = 0; i < pieces.size(); ++i) {
        queue_.push_back(Piece{std::move(pieces[i]), i == 0});
    }
}

void AgentLink::flush() {
    while (server_tokens_ > 0 && !queue_.empty()) {
        --server_tokens_;
        events_.send(SPICE_MSGC_MAIN_AGENT_DATA, std::move(queue_.front().data));
        queue_.pop_front();
    }
}

void AgentLink::notify() {
    if (events_.state) {
        events_.state(state_);
    }
}

}  // namespace spicedesk::core::client
