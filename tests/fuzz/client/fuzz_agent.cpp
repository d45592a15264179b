// libFuzzer: the client's agent link fed a whole main-channel conversation. Input: messages,
// each type (u16 LE), body length (u16 LE), body; type 0xffff asks for a monitors config instead
// (body: width u16, height u16 per monitor). Checks what we send: every AGENT_DATA fits one
// piece and spends a token the server gave (we never overdraw the budget).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "spice-core/client/agent_link.hpp"
#include "spice-core/client/wire/main.hpp"
#include "spice-core/protocol/spice_headers.hpp"

using namespace spicedesk::core;
using namespace spicedesk::core::client;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    uint64_t budget = 0;  // tokens the server gave, as the server counts them
    AgentLink link(AgentLinkEvents{.send =
                                       [&](uint16_t type, const std::vector<uint8_t>& body) {
                                           if (type == SPICE_MSGC_MAIN_AGENT_DATA) {
                                               if (body.size() > VD_AGENT_MAX_DATA_SIZE ||
                                                   budget == 0) {
                                                   std::abort();
                                               }
                                               --budget;
                                           }
                                       },
                                   .state = nullptr,
                                   .reply = nullptr});
    size_t pos = 0;
    while (size - pos >= 4) {
        auto type = static_cast<uint16_t>(data[pos] | (data[pos + 1] << 8));
        size_t len = static_cast<size_t>(data[pos + 2] | (data[pos + 3] << 8));
        pos += 4;
        len = std::min(len, size - pos);
        std::span<const uint8_t> body(data + pos, len);
        pos += len;
        if (type == 0xffff) {
            std::vector<MonitorRequest> monitors;
            for (size_t i = 0; i + 4 <= body.size(); i += 4) {
                monitors.push_back(
                    {0, 0, body[i] | (body[i + 1] << 8), body[i + 2] | (body[i + 3] << 8)});
            }
            (void)link.request_monitors(monitors);
            continue;
        }
        auto msg = wire::parse_main_message(type, body);
        if (!msg) {
            continue;
        }
        if (auto* init = std::get_if<wire::MainInitMsg>(&*msg)) {
            budget = init->init.agent_tokens;
            link.on_init(init->init.agent_connected != 0, init->init.agent_tokens);
        } else if (auto* c = std::get_if<wire::AgentConnectedMsg>(&*msg)) {
            if (c->tokens) {
                budget = *c->tokens;
            }
            link.on_connected(c->tokens);
        } else if (std::get_if<wire::AgentDisconnectedMsg>(&*msg) != nullptr) {
            link.on_disconnected();
        } else if (auto* t = std::get_if<wire::AgentTokenMsg>(&*msg)) {
            budget = std::min<uint64_t>(budget + t->tokens, 0xffffffffU);
            link.on_token(t->tokens);
        } else if (auto* d = std::get_if<wire::AgentDataMsg>(&*msg)) {
            link.on_data(d->data);
        }
    }
    return 0;
}
