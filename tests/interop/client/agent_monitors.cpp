// spicedesk-agent-monitors: a test-only command line over our SPICE client's agent support.
// Connects, waits for the guest agent, asks for monitor sizes through Session::request_monitors
// (each --size in turn, the next once the previous one was seen when --expect says what to see),
// and prints what the session reports, one line each, flushed at once:
//   agent connected=1 caps_received=0 monitors_config=0
//   requested 800x600
//   primary 0 800x600            (display channel 0's primary surface was (re)created)
//   monitors 0 800x600+0+0 ...   (MONITORS_CONFIG heads of display channel 0)
//   reply 2 1                    (VD_AGENT_REPLY type error: MONITORS_CONFIG, SUCCESS)
// --expect primary: each size must become display 0's primary surface; heads: a head of that
// size; none: just send (the caller checks the guest). Exit status 0 when every expectation was
// met within --timeout seconds, 1 otherwise (with the reason on stderr).
//
//   spicedesk-agent-monitors --port P [--password PW] --size 800x600 [--size ...]
//                            [--expect none|primary|heads] [--timeout 30] [--hold 0]

#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "spice-core/client/session.hpp"

using namespace spicedesk::core::client;

namespace {

struct Observer : SessionObserver {
    std::mutex mutex;
    std::condition_variable changed;
    bool agent = false;
    bool closed = false;
    std::string close_reason;
    std::vector<std::pair<int, int>> primaries;  // display 0's surfaces, in order
    std::vector<std::vector<Head>> heads;        // display 0's MONITORS_CONFIG, in order

    void print(const std::string& line) {
        std::printf("%s\n", line.c_str());
        std::fflush(stdout);
    }
    void on_agent(const AgentState& s) override {
        print(fmt::format("agent connected={} caps_received={} monitors_config={}",
                          s.connected ? 1 : 0, s.caps_received ? 1 : 0,
                          s.has(kCapMonitorsConfig) ? 1 : 0));
        std::lock_guard lock(mutex);
        agent = s.connected;
        changed.notify_all();
    }
    void on_agent_reply(uint32_t type, uint32_t error) override {
        print(fmt::format("reply {} {}", type, error));
    }
    void on_primary_surface(uint32_t channel, int w, int h) override {
        print(fmt::format("primary {} {}x{}", channel, w, h));
        if (channel == 0) {
            std::lock_guard lock(mutex);
            primaries.emplace_back(w, h);
            changed.notify_all();
        }
    }
    void on_monitors(uint32_t channel, const std::vector<Head>& hs) override {
        std::string line = fmt::format("monitors {}", channel);
        for (const Head& h : hs) {
            line += fmt::format(" {}x{}+{}+{}", h.width, h.height, h.x, h.y);
        }
        print(line);
        if (channel == 0) {
            std::lock_guard lock(mutex);
            heads.push_back(hs);
            changed.notify_all();
        }
    }
    void on_closed(const spicedesk::Status& why) override {
        std::lock_guard lock(mutex);
        closed = true;
        close_reason = why ? "closed" : why.message();
        changed.notify_all();
    }
    // VD_AGENT_CAP_MONITORS_CONFIG without including vd_agent.h here.
    static constexpr unsigned kCapMonitorsConfig = 1;
};

int fail(const std::string& why) {
    std::fprintf(stderr, "spicedesk-agent-monitors: %s\n", why.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    ConnectOptions options;
    std::vector<std::pair<int, int>> sizes;
    std::string expect = "none";
    int timeout_s = 30;
    int hold_ms = 0;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--host") {
            options.host = value();
        } else if (a == "--port") {
            options.port = static_cast<uint16_t>(std::atoi(value().c_str()));
        } else if (a == "--password") {
            options.password = value();
        } else if (a == "--size") {
            int w = 0;
            int h = 0;
            if (std::sscanf(value().c_str(), "%dx%d", &w, &h) != 2) {
                return fail("--size wants WxH");
            }
            sizes.emplace_back(w, h);
        } else if (a == "--expect") {
            expect = value();
        } else if (a == "--timeout") {
            timeout_s = std::atoi(value().c_str());
        } else if (a == "--hold") {
            hold_ms = std::atoi(value().c_str());
        } else {
            return fail("unknown argument " + a);
        }
    }
    if (sizes.empty() || (expect != "none" && expect != "primary" && expect != "heads")) {
        return fail("usage: --port P --size WxH [--size ...] [--expect none|primary|heads]");
    }
    Observer obs;
    auto session = Session::start(options, obs);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    std::unique_lock lock(obs.mutex);
    if (!obs.changed.wait_until(lock, deadline, [&] { return obs.agent || obs.closed; }) ||
        !obs.agent) {
        return fail(obs.closed ? "session closed: " + obs.close_reason
                               : "no agent connected within the timeout");
    }
    for (const auto& size : sizes) {
        // Named copies: lambdas below cannot capture structured bindings under clang 14.
        const int w = size.first;
        const int h = size.second;
        const size_t primaries_before = obs.primaries.size();
        const size_t heads_before = obs.heads.size();
        lock.unlock();
        session->request_monitors({MonitorRequest{0, 0, w, h}});
        obs.print(fmt::format("requested {}x{}", w, h));
        lock.lock();
        if (expect == "none") {
            continue;
        }
        auto seen = [&] {
            if (expect == "primary") {
                for (size_t i = primaries_before; i < obs.primaries.size(); ++i) {
                    if (obs.primaries[i] == std::make_pair(w, h)) {
                        return true;
                    }
                }
                return false;
            }
            for (size_t i = heads_before; i < obs.heads.size(); ++i) {
                for (const Head& hd : obs.heads[i]) {
                    if (hd.width == w && hd.height == h) {
                        return true;
                    }
                }
            }
            return false;
        };
        if (!obs.changed.wait_until(lock, deadline, [&] { return seen() || obs.closed; }) ||
            !seen()) {
            return fail(
                fmt::format("{}x{} not seen as {} within the timeout{}", w, h, expect,
                            obs.closed ? " (session closed: " + obs.close_reason + ")" : ""));
        }
    }
    lock.unlock();
    // Keep the session (and so QEMU's client) a while for a caller watching the guest.
    std::this_thread::sleep_for(std::chrono::milliseconds(hold_ms));
    session->close();
    return 0;
}
