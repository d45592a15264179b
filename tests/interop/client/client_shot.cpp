// spicedesk-client-shot: a test-only command line around spice-core/client's take_screenshot and
// Session, for the interop tests. Usage:
//   spicedesk-client-shot --port P [--tls-port T] [--ca FILE] [--host-subject S] [--password-file
//   F]
//                         [--compression off|auto_glz|auto_lz|quic|glz|lz|lz4] [--quiet-ms N]
//                         [--channel N] --out FILE.ppm
//   spicedesk-client-shot ... --keys HEX,HEX,... : connect, wait for the first picture, press and
//                         release each scancode (0xE0xx for extended keys), wait, then shoot.
//   spicedesk-client-shot ... --click X,Y : likewise, 10 mouse positions towards X,Y (client
//                         mouse mode) and a left click there.
// Exit status 0 on success; 1 with the error on stderr otherwise.

#include <fmt/format.h>
#include <getopt.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

#include "spice-core/client/screenshot.hpp"
#include "spice-core/protocol/spice_headers.hpp"

using namespace spicedesk;
using namespace spicedesk::core::client;

namespace {

uint8_t compression_by_name(const std::string& n) {
    if (n == "off")
        return SPICE_IMAGE_COMPRESSION_OFF;
    if (n == "auto_glz")
        return SPICE_IMAGE_COMPRESSION_AUTO_GLZ;
    if (n == "auto_lz")
        return SPICE_IMAGE_COMPRESSION_AUTO_LZ;
    if (n == "quic")
        return SPICE_IMAGE_COMPRESSION_QUIC;
    if (n == "glz")
        return SPICE_IMAGE_COMPRESSION_GLZ;
    if (n == "lz")
        return SPICE_IMAGE_COMPRESSION_LZ;
    if (n == "lz4")
        return SPICE_IMAGE_COMPRESSION_LZ4;
    fmt::print(stderr, "unknown compression {}\n", n);
    std::exit(2);
}

class KeyObserver final : public SessionObserver {
  public:
    void on_mark(uint32_t) override {
        std::lock_guard l(m);
        marked = true;
        cv.notify_all();
    }
    void on_closed(const Status& why) override {
        std::lock_guard l(m);
        closed = true;
        error = why ? "closed" : why.message();
        cv.notify_all();
    }
    std::mutex m;
    std::condition_variable cv;
    bool marked = false;
    bool closed = false;
    std::string error;
};

}  // namespace

int main(int argc, char** argv) {
    ConnectOptions o;
    ScreenshotOptions shot;
    std::string out, keys, click;
    static const option opts[] = {{"host", required_argument, nullptr, 'h'},
                                  {"port", required_argument, nullptr, 'p'},
                                  {"tls-port", required_argument, nullptr, 's'},
                                  {"ca", required_argument, nullptr, 'c'},
                                  {"host-subject", required_argument, nullptr, 'S'},
                                  {"password-file", required_argument, nullptr, 'w'},
                                  {"compression", required_argument, nullptr, 'C'},
                                  {"quiet-ms", required_argument, nullptr, 'q'},
                                  {"settle-ms", required_argument, nullptr, 'L'},
                                  {"channel", required_argument, nullptr, 'n'},
                                  {"keys", required_argument, nullptr, 'k'},
                                  {"click", required_argument, nullptr, 'K'},
                                  {"out", required_argument, nullptr, 'o'},
                                  {nullptr, 0, nullptr, 0}};
    int c = 0;
    while ((c = getopt_long(argc, argv, "", opts, nullptr)) != -1) {
        switch (c) {
            case 'h':
                o.host = optarg;
                break;
            case 'p':
                o.port = static_cast<uint16_t>(std::stoi(optarg));
                break;
            case 's':
                o.tls_port = static_cast<uint16_t>(std::stoi(optarg));
                break;
            case 'c':
                o.ca_file = optarg;
                break;
            case 'S':
                o.host_subject = optarg;
                break;
            case 'w': {
                std::ifstream f(optarg);
                std::getline(f, o.password);
                break;
            }
            case 'C':
                o.preferred_compression = compression_by_name(optarg);
                break;
            case 'L':
                shot.settle_limit = std::chrono::milliseconds(std::stoi(optarg));
                break;
            case 'q':
                shot.quiet = std::chrono::milliseconds(std::stoi(optarg));
                break;
            case 'n':
                shot.channel_id = static_cast<uint32_t>(std::stoi(optarg));
                break;
            case 'K':
                click = optarg;
                break;
            case 'k':
                keys = optarg;
                break;
            case 'o':
                out = optarg;
                break;
            default:
                return 2;
        }
    }
    if (!keys.empty() || !click.empty()) {
        KeyObserver obs;
        auto session = Session::start(o, obs);
        {
            std::unique_lock l(obs.m);
            if (!obs.cv.wait_for(l, std::chrono::seconds(20),
                                 [&] { return obs.marked || obs.closed; }) ||
                obs.closed) {
                fmt::print(stderr, "error: {}\n", obs.closed ? obs.error : "no picture");
                return 1;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // inputs channel linked
        std::stringstream ss(keys);
        std::string item;
        while (std::getline(ss, item, ',')) {
            uint32_t code = static_cast<uint32_t>(std::stoul(item, nullptr, 16));
            session->send_key_down(code);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            session->send_key_up(code);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (!click.empty()) {  // "X,Y": 10 positions towards it, then a left click there
            int x = std::stoi(click.substr(0, click.find(','))),
                y = std::stoi(click.substr(click.find(',') + 1));
            for (int i = 1; i <= 10; ++i) {
                session->send_mouse_position(0, x * i / 10, y * i / 10, 0);
            }
            session->send_mouse_press(SPICE_MOUSE_BUTTON_LEFT, SPICE_MOUSE_BUTTON_MASK_LEFT);
            session->send_mouse_release(SPICE_MOUSE_BUTTON_LEFT, 0);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        session->close();
        session.reset();
        if (out.empty()) {
            return 0;
        }
    }
    auto result = take_screenshot(o, shot);
    if (!result) {
        fmt::print(stderr, "error: {}\n", result.message());
        return 1;
    }
    if (!out.empty()) {
        if (auto st = write_ppm(*result, out); !st) {
            fmt::print(stderr, "error: {}\n", st.message());
            return 1;
        }
    }
    fmt::print("{}x{}\n", result->width, result->height);
    return 0;
}
