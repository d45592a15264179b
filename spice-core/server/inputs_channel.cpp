#include "spice-core/server/inputs_channel.hpp"

#include "spice-core/protocol/inputs.hpp"
#include "spice-core/protocol/spice_headers.hpp"
#include "spice-core/server/input_sink.hpp"
#include "spice-core/server/server_core.hpp"

namespace spicedesk::core {

InputsChannel::InputsChannel() : Channel(SPICE_CHANNEL_INPUTS, 0) {}

Caps InputsChannel::caps() const {
    Caps caps;
    caps.set(SPICE_INPUTS_CAP_KEY_SCANCODE);
    return caps;
}

std::shared_ptr<ChannelClient> InputsChannel::create_client(ServerCore& core,
                                                            std::shared_ptr<Session> session,
                                                            std::unique_ptr<Stream> stream,
                                                            LinkMess link, bool mini_header) {
    auto client = std::make_shared<InputsChannelClient>(core, std::move(session), std::move(stream),
                                                        std::move(link), mini_header);
    client_ = client;
    return client;
}

void InputsChannel::send_leds(uint16_t leds) {
    if (auto client = client_.lock()) {
        client->send_leds(leds);
    }
}

void InputsChannelClient::send_leds(uint16_t leds) {
    send(make_inputs_key_modifiers(leds));
}

void InputsChannelClient::on_start() {
    InputSink* sink = core().input_sink();
    send(make_inputs_init(sink ? sink->keyboard_leds() : 0));
}

struct InputsMessageVisitor {
    InputsChannelClient& self;
    InputSink* sink;
    void operator()(const KeyDown& m) {
        if (sink) {
            sink->key_down(m.code);
        }
    }
    void operator()(const KeyUp& m) {
        if (sink) {
            sink->key_up(m.code);
        }
    }
    void operator()(const KeyModifiers& m) {
        if (sink) {
            sink->keyboard_modifiers(m.modifiers);
        }
    }
    void operator()(const KeyScancode& m) {
        if (sink) {
            sink->key_scancode(m.bytes);
        }
    }
    void operator()(const MouseMotion& m) {
        if (sink) {
            sink->mouse_motion(m.dx, m.dy, m.buttons);
        }
        self.count_motion();
    }
    void operator()(const MousePosition& m) {
        if (sink) {
            sink->mouse_position(m.x, m.y, m.buttons, m.display_id);
        }
        self.count_motion();
    }
    void operator()(const MousePress& m) {
        if (sink) {
            sink->mouse_press(m.button, m.buttons);
        }
    }
    void operator()(const MouseRelease& m) {
        if (sink) {
            sink->mouse_release(m.button, m.buttons);
        }
    }
};

Status InputsChannelClient::on_message(const InMessage& msg) {
    auto parsed = parse_inputs_client_message(msg);
    if (!parsed) {
        return parsed.error();
    }
    std::visit(InputsMessageVisitor{*this, core().input_sink()}, *parsed);
    return {};
}

void InputsChannelClient::count_motion() {
    if (++motions_ % SPICE_INPUT_MOTION_ACK_BUNCH == 0) {
        send(make_mouse_motion_ack());
    }
}

}  // namespace spicedesk::core
