// spicedesk-client-bench: figures for our SPICE client.
//   --port P --seconds N [--compression off|lz4|...]  connect, wait for the first MARK, then
//       stay N seconds; print display batches, invalidated pixels and this process's CPU time
//       over those N seconds (decode + draw + frame copies; the session thread does it all).
//   --replay FILE.spicerec... [--rounds K]  apply recorded display streams (tests/fixtures/
//       spice-streams) K times to a fresh DisplayState; print CPU microseconds per draw message.
// Output lines are "key value" pairs for bench/client/client_bench.py.

#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "spice-core/client/display_state.hpp"
#include "spice-core/client/session.hpp"
#include "spice-core/protocol/spice_headers.hpp"

using namespace spicedesk;
using namespace spicedesk::core::client;

namespace {

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

class Counter final : public SessionObserver {
  public:
    void on_mark(uint32_t) override {
        std::lock_guard l(m);
        marked = true;
        cv.notify_all();
    }
    void on_invalidate(uint32_t, int, int, int w, int h) override {
        std::lock_guard l(m);
        ++invalidates;
        pixels += uint64_t(w) * uint64_t(h);
    }
    void on_display_batch(uint32_t) override {
        std::lock_guard l(m);
        ++batches;
    }
    void on_closed(const Status& why) override {
        std::lock_guard l(m);
        closed = true;
        error = why ? "closed" : why.message();
        cv.notify_all();
    }
    std::mutex m;
    std::condition_variable cv;
    bool marked = false, closed = false;
    std::string error;
    uint64_t invalidates = 0, pixels = 0, batches = 0;
};

int serve_bench(const ConnectOptions& o, double seconds) {
    Counter c;
    auto session = Session::start(o, c);
    {
        std::unique_lock l(c.m);
        if (!c.cv.wait_for(l, std::chrono::seconds(20), [&] { return c.marked || c.closed; }) ||
            c.closed) {
            fmt::print(stderr, "error: {}\n", c.closed ? c.error : "no MARK");
            return 1;
        }
    }
    uint64_t b0, p0;
    {
        std::lock_guard l(c.m);
        b0 = c.batches;
        p0 = c.pixels;
    }
    double cpu0 = cpu_seconds();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    double cpu = cpu_seconds() - cpu0;
    std::lock_guard l(c.m);
    fmt::print("batches {}\npixels {}\ncpu_s {:.4f}\n", c.batches - b0, c.pixels - p0, cpu);
    return 0;
}

int replay_bench(const std::vector<std::string>& files, int rounds) {
    for (const auto& path : files) {
        std::ifstream f(path, std::ios::binary);
        std::vector<uint8_t> rec{std::istreambuf_iterator<char>(f), {}};
        if (rec.size() < 8 || std::memcmp(rec.data(), "SPDREC1\n", 8) != 0) {
            fmt::print(stderr, "error: {} is not a recording\n", path);
            return 1;
        }
        uint64_t draws = 0;
        double cpu0 = cpu_seconds();
        for (int round = 0; round < rounds; ++round) {
            DisplayState state;
            size_t pos = 8;
            while (rec.size() - pos >= 6) {
                uint16_t type = static_cast<uint16_t>(rec[pos] | rec[pos + 1] << 8);
                uint32_t size = uint32_t{rec[pos + 2]} | uint32_t{rec[pos + 3]} << 8 |
                                uint32_t{rec[pos + 4]} << 16 | uint32_t{rec[pos + 5]} << 24;
                pos += 6;
                if (size > rec.size() - pos) {
                    break;
                }
                if (type >= 101) {
                    if (auto st = state.handle(type, std::span(rec.data() + pos, size)); !st) {
                        fmt::print(stderr, "error: {}: {}\n", path, st.message());
                        return 1;
                    }
                    draws += type >= SPICE_MSG_DISPLAY_DRAW_FILL &&
                             type <= SPICE_MSG_DISPLAY_DRAW_ALPHA_BLEND;
                }
                pos += size;
            }
        }
        double cpu = cpu_seconds() - cpu0;
        fmt::print("replay {} draws {} us_per_draw {:.2f}\n", path, draws,
                   draws ? cpu * 1e6 / double(draws) : 0.0);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    ConnectOptions o;
    double seconds = 4;
    int rounds = 20;
    std::vector<std::string> replay;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--port") {
            o.port = static_cast<uint16_t>(std::stoi(next()));
        } else if (a == "--seconds") {
            seconds = std::stod(next());
        } else if (a == "--rounds") {
            rounds = std::stoi(next());
        } else if (a == "--compression") {
            std::string c = next();
            o.preferred_compression = static_cast<uint8_t>(
                c == "off" ? SPICE_IMAGE_COMPRESSION_OFF : SPICE_IMAGE_COMPRESSION_LZ4);
        } else if (a == "--replay") {
            while (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) {
                replay.push_back(argv[++i]);
            }
        }
    }
    if (!replay.empty()) {
        return replay_bench(replay, rounds);
    }
    return serve_bench(o, seconds);
}
