#include "spice-core/server/agent_relay.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "common/log.hpp"
#include "spice-core/protocol/main.hpp"
#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

namespace {

constexpr size_t kPortReadSize = 4096;

}  // namespace

AgentRelay::AgentRelay(AgentPort* port, std::vector<qxl::QxlDevice*> devices,
                       AgentRelayConfig config, asio::io_context* io)
    : port_(port), devices_(std::move(devices)), config_(config), io_(io) {}

bool AgentRelay::use_client_monitors_config() const {
    // As reds_use_client_monitors_config: every device must take them (an empty span asks the
    // device, as libspice-server's NULL config does, without sending one).
    return !devices_.empty() && std::all_of(devices_.begin(), devices_.end(), [](auto* device) {
        return device->client_monitors_config({});
    });
}

AgentFilterConfig AgentRelay::write_filter_config() const {
    AgentFilterConfig c = config_.filter;
    c.use_client_monitors_config = use_client_monitors_config();
    return c;
}

void AgentRelay::client_attached(AgentClientLink& link) {
    if (link_ != nullptr) {
        client_detached(*link_);
    }
    link_ = &link;
    client_agent_started_ = false;
    client_tokens_ = config_.client_window;  // INIT's agent_tokens
    client_tokens_freed_ = 0;
    send_tokens_ = 0;
    write_filter_.reset(config_.filter, true);  // until AGENT_START
    // The guest may be half-way through a message: keep the place in its stream.
    read_filter_.set_discard_all(!attached_);
}

void AgentRelay::client_detached(AgentClientLink& link) {
    if (link_ != &link) {
        return;
    }
    link_ = nullptr;
    client_agent_started_ = false;
    to_client_.clear();
    watch_client_tokens();
    monitors_config_ = new_monitors_config_assembler();
    write_filter_.reset(config_.filter, true);
    read_filter_.discard_all();
    // Drop what the client had queued for the guest but keep a chunk the guest is half-way
    // through: the port's byte stream must stay chunk-aligned.
    std::erase_if(to_guest_, [](const PendingWrite& w) { return w.written == 0; });
    if (attached_ && !stopped_) {
        auto msg = encode_agent_message(VD_AGENT_CLIENT_DISCONNECTED, {});
        queue_to_guest(VDP_SERVER_PORT, msg, false);
        ++stats_.client_disconnected_to_guest;
        pump_write();
    }
}

Status AgentRelay::on_agent_start(uint32_t num_tokens) {
    if (!attached_) {
        return {};  // as libspice-server: no agent, nothing starts
    }
    client_agent_started_ = true;
    send_tokens_ = num_tokens;
    write_filter_.reset(write_filter_config(), false);
    flush_to_client();
    pump_read();
    return {};
}

Status AgentRelay::on_agent_token(uint32_t num_tokens) {
    if (!attached_) {
        return {};
    }
    send_tokens_ += num_tokens;
    flush_to_client();
    pump_read();
    return {};
}

void AgentRelay::return_client_token() {
    if (link_ == nullptr || !client_agent_started_) {
        return;
    }
    if (++client_tokens_freed_ >= config_.tokens_to_send) {
        link_->send_to_client(make_agent_token(client_tokens_freed_));
        client_tokens_ += client_tokens_freed_;
        client_tokens_freed_ = 0;
    }
}

Status AgentRelay::on_agent_data(std::span<const uint8_t> piece) {
    if (!client_agent_started_) {
        // Sent to an agent that went away before the client heard of it: dropped, and the
        // client's tokens are reset by the next AGENT_CONNECTED_TOKENS.
        ++stats_.discarded_from_client;
        return {};
    }
    if (client_tokens_ == 0) {
        return make_error("client sent AGENT_DATA beyond its agent tokens");
    }
    --client_tokens_;
    if (!write_filter_.mid_message()) {
        // The devices may have started (or stopped) taking monitors configs since AGENT_START.
        write_filter_.configure(write_filter_config());
    }
    switch (write_filter_.process(piece)) {
        case AgentFilterResult::Forward:
            queue_to_guest(VDP_CLIENT_PORT, piece, true);
            pump_write();
            return {};
        case AgentFilterResult::Discard:
            ++stats_.discarded_from_client;
            return_client_token();
            return {};
        case AgentFilterResult::MonitorsConfig: {
            auto st = take_monitors_config_piece(piece);
            return_client_token();
            return st;
        }
        case AgentFilterResult::ProtocolError:
            break;
    }
    return make_error("malformed agent message from the client");
}

Status AgentRelay::take_monitors_config_piece(std::span<const uint8_t> piece) {
    // Bounded reassembly: a client cannot make the server hold more than one maximal config.
    // The filter hands over the pieces of one message only, so at most one comes out.
    std::vector<AgentMessage> messages;
    auto st = monitors_config_.feed(piece, messages);
    if (!st) {
        monitors_config_ = new_monitors_config_assembler();
        return make_error("client MONITORS_CONFIG: " + st.message());
    }
    if (messages.empty()) {
        return {};
    }
    auto parsed = parse_monitors_config(messages.front().data);
    if (!parsed) {
        return make_error("client MONITORS_CONFIG: " + parsed.message());
    }
    std::vector<qxl::ClientMonitor> monitors;
    for (const auto& m : parsed->monitors) {
        monitors.push_back(qxl::ClientMonitor{m.width, m.height, m.x, m.y});
    }
    if (monitors.empty()) {
        // An empty config would read as the "do you take them?" question; nothing to apply.
        return {};
    }
    for (auto* device : devices_) {
        if (!device->client_monitors_config(monitors)) {
            log::info("spice-server", "a QXL device refused the client's monitors config");
        }
    }
    ++stats_.monitors_configs_to_devices;
    return {};
}

void AgentRelay::queue_to_guest(uint32_t vdi_port, std::span<const uint8_t> data,
                                bool client_token) {
    to_guest_.push_back(PendingWrite{encode_vdi_chunks(vdi_port, data), 0, client_token});
}

void AgentRelay::pump_write() {
    while (attached_ && !stopped_ && !to_guest_.empty()) {
        auto& w = to_guest_.front();
        auto rest = std::span<const uint8_t>(w.bytes).subspan(w.written);
        const size_t n = std::min(port_->write(rest), rest.size());
        w.written += n;
        if (w.written < w.bytes.size()) {
            return;  // the guest is full: agent_port_wakeup() resumes
        }
        const bool token = w.client_token;
        to_guest_.pop_front();
        if (token) {
            ++stats_.chunks_to_guest;
            return_client_token();
        }
    }
}

void AgentRelay::pump_read() {
    std::array<uint8_t, kPortReadSize> buffer{};
    while (attached_ && !stopped_ && to_client_.size() < config_.max_pending_to_client) {
        const size_t n = std::min(port_->read(buffer), buffer.size());
        if (n == 0) {
            break;
        }
        std::vector<VdiChunk> chunks;
        if (auto st = chunk_reader_.feed(std::span<const uint8_t>(buffer.data(), n), chunks); !st) {
            agent_failed(st.message());
            return;
        }
        for (auto& chunk : chunks) {
            if (chunk.port != VDP_CLIENT_PORT) {
                ++stats_.discarded_from_guest;  // the agent's messages for the server: none used
                continue;
            }
            const bool message_start = !read_filter_.mid_message();
            switch (read_filter_.process(chunk.data)) {
                case AgentFilterResult::Forward:
                    if (message_start &&
                        read_filter_.message_type() == VD_AGENT_ANNOUNCE_CAPABILITIES) {
                        adjust_agent_capabilities(chunk.data);
                    }
                    if (link_ != nullptr && client_agent_started_) {
                        to_client_.push_back(std::move(chunk.data));
                    } else {
                        ++stats_.discarded_from_guest;  // nobody to tell
                    }
                    break;
                case AgentFilterResult::ProtocolError:
                    agent_failed("malformed agent message from the guest");
                    return;
                case AgentFilterResult::Discard:
                case AgentFilterResult::MonitorsConfig:
                    ++stats_.discarded_from_guest;
                    break;
            }
        }
        flush_to_client();
    }
    flush_to_client();
}

void AgentRelay::adjust_agent_capabilities(std::vector<uint8_t>& piece) const {
    // As libspice-server: what the server disabled is not offered to the client, whatever the
    // agent announces (the caps words follow the header and the request flag; a first piece
    // holds up to 2048 bytes, so at least the first words).
    auto set = [&](unsigned cap, bool on) {
        const size_t at = kAgentHeaderSize + 4 + size_t{cap / 32} * 4;
        if (at + 4 > piece.size()) {
            return;
        }
        const uint8_t bit = static_cast<uint8_t>(1U << (cap % 8));
        uint8_t& byte = piece[at + (cap % 32) / 8];
        byte = on ? (byte | bit) : (byte & static_cast<uint8_t>(~bit));
    };
    if (!config_.filter.copy_paste) {
        set(VD_AGENT_CAP_CLIPBOARD, false);
        set(VD_AGENT_CAP_CLIPBOARD_BY_DEMAND, false);
        set(VD_AGENT_CAP_CLIPBOARD_SELECTION, false);
    }
    if (!config_.filter.file_transfer) {
        set(VD_AGENT_CAP_FILE_XFER_DISABLED, true);
    }
}

void AgentRelay::flush_to_client() {
    while (link_ != nullptr && send_tokens_ > 0 && !to_client_.empty()) {
        link_->send_to_client(make_agent_data(to_client_.front()));
        to_client_.pop_front();
        --send_tokens_;
        ++stats_.pieces_to_client;
    }
    watch_client_tokens();
}

void AgentRelay::watch_client_tokens() {
    if (io_ == nullptr) {
        return;
    }
    const bool waiting = link_ != nullptr && !to_client_.empty() && send_tokens_ == 0 && !stopped_;
    if (!waiting) {
        if (tokens_timer_running_) {
            tokens_timer_->cancel();
            tokens_timer_running_ = false;
        }
        return;
    }
    if (tokens_timer_running_) {
        return;
    }
    if (!tokens_timer_) {
        // Made on first use and dropped in stop(): a timer must not outlive the io_context, and
        // the relay (in ServerCore) does.
        tokens_timer_ = std::make_unique<asio::steady_timer>(*io_);
    }
    tokens_timer_running_ = true;
    tokens_timer_->expires_after(config_.client_tokens_timeout);
    tokens_timer_->async_wait([this](std::error_code ec) {
        if (ec) {
            return;  // cancelled: the client caught up, left, or the server stops
        }
        tokens_timer_running_ = false;
        if (link_ != nullptr && !to_client_.empty() && send_tokens_ == 0 && !stopped_) {
            link_->close_client(fmt::format("no agent tokens from the client within {} ms",
                                            config_.client_tokens_timeout.count()));
        }
    });
}

void AgentRelay::reset_port_state() {
    chunk_reader_ = VdiChunkReader{};
    read_filter_.reset(config_.filter, link_ == nullptr);
    write_filter_.reset(config_.filter, true);
    client_agent_started_ = false;
    to_guest_.clear();
    to_client_.clear();
    monitors_config_ = new_monitors_config_assembler();
    watch_client_tokens();
}

void AgentRelay::port_opened() {
    if (stopped_ || port_ == nullptr || attached_) {
        return;
    }
    attached_ = true;
    reset_port_state();
    port_->state(true);
    log::info("spice-server", "guest agent connected");
    if (link_ != nullptr) {
        if (link_->client_takes_connected_tokens()) {
            client_tokens_ = config_.client_window;
            client_tokens_freed_ = 0;
            link_->send_to_client(make_agent_connected_tokens(config_.client_window));
        } else {
            link_->send_to_client(make_agent_connected());
        }
    }
    pump_read();
}

void AgentRelay::port_closed() {
    if (!attached_) {
        return;
    }
    attached_ = false;
    reset_port_state();
    if (!stopped_) {
        port_->state(false);
    }
    log::info("spice-server", "guest agent disconnected");
    if (link_ != nullptr) {
        link_->send_to_client(make_agent_disconnected(SPICE_LINK_ERR_OK));
    }
}

void AgentRelay::port_wakeup() {
    pump_write();
    pump_read();
}

void AgentRelay::agent_failed(const std::string& reason) {
    // As libspice-server removes a misbehaving agent: the client hears it is gone; a guest that
    // reopens the port starts afresh.
    log::warn("spice-server", "guest agent: {}; treating it as disconnected", reason);
    port_closed();
}

void AgentRelay::stop() {
    stopped_ = true;
    watch_client_tokens();
    tokens_timer_.reset();  // its cancelled wait completes without touching it
}

}  // namespace spicedesk::core
