#include "qxl/guest/agent.hpp"

#include <pthread.h>

#include <array>

namespace spicedesk::qxl {

namespace {

constexpr int kPollMs = 50;
constexpr int kWriteTimeoutMs = 5000;

}  // namespace

GuestAgent::GuestAgent(VirtioPort& port, MonitorsHandler on_monitors, EventHandler on_event)
    : port_(port), on_monitors_(std::move(on_monitors)), on_event_(std::move(on_event)) {}

GuestAgent::~GuestAgent() {
    stop();
}

core::Caps GuestAgent::capabilities() {
    core::Caps caps;
    caps.set(VD_AGENT_CAP_MONITORS_CONFIG)
        .set(VD_AGENT_CAP_REPLY)
        .set(VD_AGENT_CAP_SPARSE_MONITORS_CONFIG)
        .set(VD_AGENT_CAP_GUEST_LINEEND_LF);
    return caps;
}

void GuestAgent::start() {
    stopping_ = false;
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "qxl-agent");
        run();
    });
}

void GuestAgent::stop() {
    stopping_ = true;
    if (thread_.joinable()) {
        thread_.join();
    }
}

void GuestAgent::event(const std::string& text) {
    if (on_event_) {
        on_event_("agent: " + text);
    }
}

void GuestAgent::send(uint32_t type, std::span<const uint8_t> data) {
    auto message = core::encode_agent_message(type, data);
    if (!port_.guest_write(core::encode_vdi_chunks(VDP_CLIENT_PORT, message), kWriteTimeoutMs)) {
        event("write to the port timed out");
    }
}

void GuestAgent::announce(bool request) {
    send(VD_AGENT_ANNOUNCE_CAPABILITIES,
         core::encode_announce_capabilities(core::AgentCapabilities{request, capabilities()}));
}

void GuestAgent::run() {
    port_.guest_open();
    // As spice-vdagent on start: our capabilities, asking for the client's.
    announce(true);
    core::VdiChunkReader reader;
    std::array<uint8_t, 4096> buffer{};
    while (!stopping_) {
        const size_t n = port_.guest_read(buffer, kPollMs);
        if (n == 0) {
            continue;
        }
        std::vector<core::VdiChunk> chunks;
        if (auto st = reader.feed(std::span<const uint8_t>(buffer.data(), n), chunks); !st) {
            // A broken stream: start afresh as the real agent does when it restarts.
            event("bad data from the server (" + st.message() + "); reopening the port");
            port_.guest_close();
            reader = core::VdiChunkReader{};
            from_client_ = core::AgentMessageAssembler{};
            from_server_ = core::AgentMessageAssembler{};
            port_.guest_open();
            announce(true);
            continue;
        }
        for (const auto& chunk : chunks) {
            auto& assembler = chunk.port == VDP_SERVER_PORT ? from_server_ : from_client_;
            std::vector<core::AgentMessage> messages;
            if (auto st = assembler.feed(chunk.data, messages); !st) {
                event("bad message (" + st.message() + ")");
                assembler = core::AgentMessageAssembler{};
                continue;
            }
            for (const auto& msg : messages) {
                handle(msg);
            }
        }
    }
    port_.guest_close();
}

void GuestAgent::handle(const core::AgentMessage& msg) {
    switch (msg.type) {
        case VD_AGENT_ANNOUNCE_CAPABILITIES: {
            auto caps = core::parse_announce_capabilities(msg.data);
            if (caps && caps->request) {
                announce(false);
            }
            event("client capabilities");
            return;
        }
        case VD_AGENT_MONITORS_CONFIG: {
            auto config = core::parse_monitors_config(msg.data);
            uint32_t error = VD_AGENT_SUCCESS;
            if (!config) {
                event("bad monitors config (" + config.message() + ")");
                error = VD_AGENT_ERROR;
            } else {
                std::vector<GuestHead> heads;
                for (const auto& m : config->monitors) {
                    if (m.width == 0 || m.height == 0) {
                        continue;  // a disabled monitor of a sparse config
                    }
                    heads.push_back(GuestHead{m.width, m.height, static_cast<uint32_t>(m.x),
                                              static_cast<uint32_t>(m.y)});
                }
                if (heads.empty()) {
                    error = VD_AGENT_ERROR;
                } else {
                    event("monitors config " + std::to_string(heads.front().width) + "x" +
                          std::to_string(heads.front().height));
                    on_monitors_(std::move(heads));
                }
            }
            send(VD_AGENT_REPLY,
                 core::encode_agent_reply(core::AgentReply{VD_AGENT_MONITORS_CONFIG, error}));
            return;
        }
        case VD_AGENT_DISPLAY_CONFIG:
            send(VD_AGENT_REPLY, core::encode_agent_reply(
                                     core::AgentReply{VD_AGENT_DISPLAY_CONFIG, VD_AGENT_SUCCESS}));
            return;
        case VD_AGENT_CLIENT_DISCONNECTED:
            from_client_ = core::AgentMessageAssembler{};
            event("client disconnected");
            return;
        default:
            return;  // mouse state, clipboard, file transfer: not this agent's business
    }
}

}  // namespace spicedesk::qxl
