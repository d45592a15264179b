// libFuzzer: the server's agent relay (spice-core/server/agent_relay) driven by a hostile client
// and guest at once, without sockets. The input is a list of operations, each an opcode byte and a
// 16-bit little-endian length followed by that many bytes:
//   0 AGENT_START (first 4 bytes: tokens)   1 AGENT_DATA (the bytes: one piece)
//   2 AGENT_TOKEN (first 4 bytes)           3 the guest writes the bytes to the port
//   4 the guest closes / reopens the port   5 the client leaves / a new one comes
//   6 the port takes at most N bytes more (first 2 bytes), then wakes the server
//   7 a QXL device starts / stops taking client monitors configs
// A relay error closes the client (as the main channel does). Checked: no crash, no UB, no leak,
// and what the relay holds stays bounded (the port's and the client's byte counts).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <span>
#include <string>
#include <vector>

#include "spice-core/protocol/main.hpp"
#include "spice-core/server/agent_relay.hpp"
#include "tests/support/qxl_device_stub.hpp"

using namespace spicedesk;
using namespace spicedesk::core;

namespace {

class Port final : public AgentPort {
  public:
    void attach(AgentPortListener*) override {}
    void state(bool) override {}
    size_t write(std::span<const uint8_t> bytes) override {
        const size_t n = std::min(bytes.size(), room);
        room -= n;
        written += n;
        return n;
    }
    size_t read(std::span<uint8_t> buffer) override {
        const size_t n = std::min(buffer.size(), pending.size());
        std::copy_n(pending.begin(), n, buffer.begin());
        pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(n));
        return n;
    }
    size_t room = 1 << 20;
    size_t written = 0;
    std::deque<uint8_t> pending;
};

class Device final : public qxl::test::QxlDeviceStub {
  public:
    bool client_monitors_config(std::span<const qxl::ClientMonitor> monitors) override {
        if (accepts && monitors.size() > kAgentMaxMonitors) {
            std::abort();  // the relay let an unbounded config through
        }
        return accepts;
    }
    bool accepts = true;
};

class Link final : public AgentClientLink {
  public:
    void send_to_client(const OutMessage& msg) override { bytes += msg.body.size(); }
    void close_client(const std::string&) override { closed = true; }
    bool client_takes_connected_tokens() const override { return true; }
    bool closed = false;
    size_t bytes = 0;
};

uint32_t u32(std::span<const uint8_t> d) {
    uint32_t v = 0;
    for (size_t i = 0; i < 4 && i < d.size(); ++i) {
        v |= static_cast<uint32_t>(d[i]) << (8 * i);
    }
    return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Port port;
    Device device;
    Link link;
    AgentRelay relay(&port, {&device});
    relay.port_opened();
    relay.client_attached(link);
    bool open = true;
    bool client = true;
    size_t pos = 0;
    while (pos + 3 <= size) {
        const uint8_t op = data[pos];
        const size_t len = std::min<size_t>(data[pos + 1] | (data[pos + 2] << 8), size - pos - 3);
        std::span<const uint8_t> arg(data + pos + 3, len);
        pos += 3 + len;
        Status st;
        switch (op % 8) {
            case 0:
                st = client ? relay.on_agent_start(u32(arg)) : Status{};
                break;
            case 1:
                st = client ? relay.on_agent_data(arg) : Status{};
                break;
            case 2:
                st = client ? relay.on_agent_token(u32(arg)) : Status{};
                break;
            case 3:
                port.pending.insert(port.pending.end(), arg.begin(), arg.end());
                relay.port_wakeup();
                break;
            case 4:
                open ? relay.port_closed() : relay.port_opened();
                open = !open;
                break;
            case 5:
                client ? relay.client_detached(link) : relay.client_attached(link);
                client = !client;
                break;
            case 6:
                port.room += u32(arg.first(std::min<size_t>(2, arg.size()))) & 0xffff;
                relay.port_wakeup();
                break;
            case 7:
                device.accepts = !device.accepts;
                break;
        }
        if ((!st.ok() || link.closed) && client) {
            relay.client_detached(link);  // the main channel closes the client
            client = false;
            link.closed = false;
        }
    }
    relay.stop();
    return 0;
}
