#include "spice-core/server/main_channel.hpp"

#include "common/log.hpp"
#include "spice-core/protocol/base.hpp"
#include "spice-core/protocol/main.hpp"
#include "spice-core/protocol/spice_headers.hpp"
#include "spice-core/server/input_sink.hpp"
#include "spice-core/server/server_core.hpp"
#include "spice-core/server/session.hpp"

namespace spicedesk::core {

namespace {

uint32_t mm_time() {
    using namespace std::chrono;
    return static_cast<uint32_t>(
        duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count());
}

}  // namespace

MainChannel::MainChannel() : Channel(SPICE_CHANNEL_MAIN, 0) {}

std::shared_ptr<ChannelClient> MainChannel::create_client(ServerCore& core,
                                                          std::shared_ptr<Session> session,
                                                          std::unique_ptr<Stream> stream,
                                                          LinkMess link, bool mini_header) {
    return std::make_shared<MainChannelClient>(core, std::move(session), std::move(stream),
                                               std::move(link), mini_header);
}

uint16_t MainChannelClient::supported_mouse_modes() {
    auto* sink = core().input_sink();
    uint16_t modes = SPICE_MOUSE_MODE_SERVER;
    if (sink != nullptr && sink->has_tablet()) {
        modes |= SPICE_MOUSE_MODE_CLIENT;
    }
    return modes;
}

void MainChannelClient::on_start() {
    MainInit init;
    init.session_id = session()->id();
    init.display_channels_hint =
        static_cast<uint32_t>(core().registry().count(SPICE_CHANNEL_DISPLAY));
    init.supported_mouse_modes = supported_mouse_modes();
    init.current_mouse_mode = session()->mouse_mode;
    init.multi_media_time = mm_time();
    init.ram_hint = 0;
    init.agent_connected = core().agent().agent_connected() ? 1 : 0;
    init.agent_tokens = core().agent().client_window();
    send(make_main_init(init));
    core().agent().client_attached(*this);
    // Bandwidth test as spice-server does it: an empty warm-up ping, then a large one.
    ping_sent_[1] = std::chrono::steady_clock::now();
    send(make_ping(1, mm_time(), 0));
    ping_sent_[2] = std::chrono::steady_clock::now();
    send(make_ping(2, mm_time(), kNetTestBytes));
}

bool MainChannelClient::client_takes_connected_tokens() const {
    return link().channel_caps.has(SPICE_MAIN_CAP_AGENT_CONNECTED_TOKENS);
}

void MainChannelClient::on_closed() {
    core().agent().client_detached(*this);
}

void MainChannelClient::on_pong(uint32_t id) {
    using namespace std::chrono;
    auto now = steady_clock::now();
    if (id == 1) {
        auto rtt = duration_cast<microseconds>(now - ping_sent_[1]).count();
        log::info("spice-server", "{}: net test latency {} us", name(), rtt);
    } else if (id == 2) {
        auto us = std::max<int64_t>(1, duration_cast<microseconds>(now - ping_sent_[2]).count());
        log::info("spice-server", "{}: net test bandwidth {:.1f} Mbit/s", name(),
                  static_cast<double>(kNetTestBytes) * 8.0 / static_cast<double>(us));
    }
}

Status MainChannelClient::on_message(const InMessage& msg) {
    auto parsed = parse_main_client_message(msg);
    if (!parsed) {
        return parsed.error();
    }
    if (std::holds_alternative<AttachChannels>(*parsed)) {
        auto channels = core().registry().list();
        send(make_channels_list(channels));
    } else if (auto* req = std::get_if<MouseModeRequest>(&*parsed)) {
        uint16_t supported = supported_mouse_modes();
        if ((req->mode == SPICE_MOUSE_MODE_SERVER || req->mode == SPICE_MOUSE_MODE_CLIENT) &&
            (supported & req->mode) != 0) {
            session()->mouse_mode = req->mode;
            if (auto* sink = core().input_sink()) {
                sink->mouse_mode_changed(req->mode);
            }
        } else {
            log::info("spice-server", "{}: mouse mode {} not available", name(), req->mode);
        }
        send(make_mouse_mode(supported, session()->mouse_mode));
    } else if (auto* start = std::get_if<AgentStart>(&*parsed)) {
        return core().agent().on_agent_start(start->num_tokens);
    } else if (auto* data = std::get_if<AgentData>(&*parsed)) {
        return core().agent().on_agent_data(data->data);
    } else if (auto* token = std::get_if<AgentToken>(&*parsed)) {
        return core().agent().on_agent_token(token->num_tokens);
    }
    return {};
}

}  // namespace spicedesk::core
