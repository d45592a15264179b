// spicedesk-testserver: our SPICE server with the synthetic TestSource, for interop tests
// and benchmarks. See --help.

#include <fmt/format.h>
#include <getopt.h>
#include <unistd.h>

#include <asio.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "common/log.hpp"
#include "spice-core/server/server.hpp"
#include "spice-core/tools/input_log.hpp"
#include "spice-core/tools/ppm.hpp"
#include "spice-core/tools/test_source.hpp"

using namespace spicedesk::core;

namespace {

constexpr const char* kUsage = R"(Usage: spicedesk-testserver [OPTIONS]
Serves an animated, deterministic test picture over SPICE.

  --port N                plain port (default 5900; 0: ephemeral; -1: none)
  --addr ADDR             listen address (default 127.0.0.1)
  --tls-port N            TLS port (0: ephemeral; default: none); needs --cert and --key
  --cert FILE --key FILE  server certificate chain and key (PEM)
  --ca FILE               CA certificate (PEM)
  --password PW           ticket password; visible in the process list, prefer:
  --password-file FILE    read the password from FILE (first line)
                          (or the environment variable SPICEDESK_PASSWORD)
  --password-expires-in S the ticket expires S seconds after start (<= 0: already expired)
  --secure-channels LIST  channels that need TLS: all or main,display,inputs,cursor
  --insecure-channels LIST channels refused over TLS (same names)
  --image-compression C   off, lz4 or auto (default auto: LZ4 when the client has it)
  --size WxH              primary surface size (default 1024x768)
  --heads N               monitors on the primary surface, 1..4 (default 1)
  --displays N            display channels, each its own source (default 1)
  --fps F                 frames per second (default 30)
  --frames N              stop animating after frame N (default 0: never)
  --resize-every N        every N frames destroy the primary surface and create it again
                          at the other of two sizes (WxH and 3/4 of it)
  --dump-frame FILE       write each display's current frame as PPM (display 0: FILE,
                          display N: FILE.N) on SIGUSR1 and once the last of --frames N
                          is drawn
  --dump-sent FILE        write every full image sent to a client (display 0) as PPM
  --input-log FILE        record every input event the server receives, one per line
  --stats-file FILE       write the server's counters on SIGUSR1 and at exit
  --link-timeout S        close connections that have not finished the TLS handshake
                          and link stage after S seconds (default 10)
  --no-tablet             no absolute pointer: server mouse mode only
  --help                  this text

Prints "listening on ADDR:PORT" on stdout once it accepts connections (and first
"tls listening on ADDR:PORT" when a TLS port is set). SIGTERM or SIGINT: clean exit.
)";

struct Options {
    ServerConfig config;
    std::string password_file;
    std::optional<std::string> password;
    std::optional<double> expires_in;
    std::string size = "1024x768";
    uint32_t heads = 1;
    uint32_t displays = 1;
    double fps = 30;
    uint64_t frames = 0;
    uint64_t resize_every = 0;
    std::string dump_frame;
    std::string dump_sent;
    std::string input_log;
    std::string stats_file;
    bool tablet = true;
};

[[noreturn]] void die(const std::string& message) {
    fmt::print(stderr, "spicedesk-testserver: {}\n", message);
    std::exit(2);
}

uint8_t channel_type_by_name(const std::string& name) {
    if (name == "main") {
        return SPICE_CHANNEL_MAIN;
    }
    if (name == "display") {
        return SPICE_CHANNEL_DISPLAY;
    }
    if (name == "inputs") {
        return SPICE_CHANNEL_INPUTS;
    }
    if (name == "cursor") {
        return SPICE_CHANNEL_CURSOR;
    }
    die("unknown channel name '" + name + "'");
}

void set_security(ServerConfig& config, const std::string& list, ChannelSecurity mode) {
    if (list == "all") {
        config.default_security = mode;
        return;
    }
    std::stringstream ss(list);
    std::string name;
    while (std::getline(ss, name, ',')) {
        config.channel_security[channel_type_by_name(name)] = mode;
    }
}

long to_long(const char* text, const char* what) {
    char* end = nullptr;
    long v = std::strtol(text, &end, 10);
    if (end == text || *end != '\0') {
        die(fmt::format("{} needs a number, not '{}'", what, text));
    }
    return v;
}

Options parse(int argc, char** argv) {
    Options o;
    o.config.port = 5900;
    enum {
        kPort = 1000,
        kAddr,
        kTlsPort,
        kCert,
        kKey,
        kCa,
        kPassword,
        kPasswordFile,
        kExpires,
        kSecure,
        kInsecure,
        kCompression,
        kSize,
        kHeads,
        kDisplays,
        kFps,
        kFrames,
        kDumpFrame,
        kDumpSent,
        kInputLog,
        kStatsFile,
        kNoTablet,
        kResizeEvery,
        kLinkTimeout,
        kHelp
    };
    static const option long_options[] = {
        {"port", required_argument, nullptr, kPort},
        {"addr", required_argument, nullptr, kAddr},
        {"tls-port", required_argument, nullptr, kTlsPort},
        {"cert", required_argument, nullptr, kCert},
        {"key", required_argument, nullptr, kKey},
        {"ca", required_argument, nullptr, kCa},
        {"password", required_argument, nullptr, kPassword},
        {"password-file", required_argument, nullptr, kPasswordFile},
        {"password-expires-in", required_argument, nullptr, kExpires},
        {"secure-channels", required_argument, nullptr, kSecure},
        {"insecure-channels", required_argument, nullptr, kInsecure},
        {"image-compression", required_argument, nullptr, kCompression},
        {"size", required_argument, nullptr, kSize},
        {"heads", required_argument, nullptr, kHeads},
        {"displays", required_argument, nullptr, kDisplays},
        {"fps", required_argument, nullptr, kFps},
        {"frames", required_argument, nullptr, kFrames},
        {"dump-frame", required_argument, nullptr, kDumpFrame},
        {"dump-sent", required_argument, nullptr, kDumpSent},
        {"input-log", required_argument, nullptr, kInputLog},
        {"stats-file", required_argument, nullptr, kStatsFile},
        {"no-tablet", no_argument, nullptr, kNoTablet},
        {"resize-every", required_argument, nullptr, kResizeEvery},
        {"link-timeout", required_argument, nullptr, kLinkTimeout},
        {"help", no_argument, nullptr, kHelp},
        {nullptr, 0, nullptr, 0},
    };
    int c = 0;
    while ((c = getopt_long(argc, argv, "", long_options, nullptr)) != -1) {
        switch (c) {
            case kPort:
                o.config.port = static_cast<int>(to_long(optarg, "--port"));
                break;
            case kAddr:
                o.config.address = optarg;
                break;
            case kTlsPort:
                o.config.tls_port = static_cast<int>(to_long(optarg, "--tls-port"));
                break;
            case kCert:
                o.config.tls.cert_file = optarg;
                break;
            case kKey:
                o.config.tls.key_file = optarg;
                break;
            case kCa:
                o.config.tls.ca_file = optarg;
                break;
            case kPassword:
                fmt::print(stderr,
                           "spicedesk-testserver: warning: --password is visible in the "
                           "process list; use --password-file or SPICEDESK_PASSWORD\n");
                o.password = optarg;
                break;
            case kPasswordFile:
                o.password_file = optarg;
                break;
            case kExpires:
                o.expires_in = std::strtod(optarg, nullptr);
                break;
            case kSecure:
                set_security(o.config, optarg, ChannelSecurity::kSecure);
                break;
            case kInsecure:
                set_security(o.config, optarg, ChannelSecurity::kInsecure);
                break;
            case kCompression: {
                std::string v = optarg;
                if (v == "off") {
                    o.config.image_compression = SPICE_IMAGE_COMPRESSION_OFF;
                } else if (v == "lz4") {
                    o.config.image_compression = SPICE_IMAGE_COMPRESSION_LZ4;
                } else if (v == "auto") {
                    o.config.image_compression = SPICE_IMAGE_COMPRESSION_AUTO_LZ;
                } else {
                    die("--image-compression takes off, lz4 or auto");
                }
                break;
            }
            case kSize:
                o.size = optarg;
                break;
            case kHeads:
                o.heads = static_cast<uint32_t>(to_long(optarg, "--heads"));
                break;
            case kDisplays:
                o.displays = static_cast<uint32_t>(to_long(optarg, "--displays"));
                break;
            case kFps:
                o.fps = std::strtod(optarg, nullptr);
                break;
            case kFrames:
                o.frames = static_cast<uint64_t>(to_long(optarg, "--frames"));
                break;
            case kDumpFrame:
                o.dump_frame = optarg;
                break;
            case kDumpSent:
                o.dump_sent = optarg;
                break;
            case kInputLog:
                o.input_log = optarg;
                break;
            case kStatsFile:
                o.stats_file = optarg;
                break;
            case kLinkTimeout:
                o.config.link_timeout = std::chrono::milliseconds(
                    static_cast<int64_t>(std::strtod(optarg, nullptr) * 1000));
                break;
            case kResizeEvery:
                o.resize_every = static_cast<uint64_t>(to_long(optarg, "--resize-every"));
                break;
            case kNoTablet:
                o.tablet = false;
                break;
            case kHelp:
                std::fputs(kUsage, stdout);
                std::exit(0);
            default:
                std::fputs(kUsage, stderr);
                std::exit(2);
        }
    }
    if (optind != argc) {
        die(fmt::format("unexpected argument '{}'", argv[optind]));
    }
    if (!o.password_file.empty()) {
        std::ifstream in(o.password_file);
        std::string line;
        if (!in || !std::getline(in, line)) {
            die("cannot read the password file " + o.password_file);
        }
        o.password = line;
    } else if (!o.password) {
        if (const char* env = std::getenv("SPICEDESK_PASSWORD")) {
            o.password = env;
        }
    }
    if (o.password && o.password->size() > SPICE_MAX_PASSWORD_LENGTH) {
        die(fmt::format("the password is longer than {} characters", SPICE_MAX_PASSWORD_LENGTH));
    }
    o.config.ticket.password = o.password;
    if (o.expires_in) {
        o.config.ticket.expires = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                     std::chrono::duration<double>(*o.expires_in));
    }
    if (o.heads < 1 || o.heads > 4) {
        die("--heads takes 1 to 4");
    }
    if (o.displays < 1 || o.displays > 4) {
        die("--displays takes 1 to 4");
    }
    if (o.config.tls_port >= 0 &&
        (o.config.tls.cert_file.empty() || o.config.tls.key_file.empty())) {
        die("--tls-port needs --cert and --key");
    }
    return o;
}

void write_stats(const std::string& path, const ServerStats& s, const TestSource& source) {
    if (path.empty()) {
        return;
    }
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp);
        out << "frame=" << source.frame() << "\n"
            << "connections=" << s.connections << "\n"
            << "link_failures=" << s.link_failures << "\n"
            << "bytes_sent=" << s.bytes_sent << "\n"
            << "display_bytes_sent=" << s.display_bytes_sent << "\n"
            << "images_bitmap=" << s.images_bitmap << "\n"
            << "images_lz4=" << s.images_lz4 << "\n"
            << "draw_fills=" << s.draw_fills << "\n"
            << "draw_copies=" << s.draw_copies << "\n"
            << "copy_bits=" << s.copy_bits << "\n"
            << "full_refreshes=" << s.full_refreshes << "\n"
            << "coalesced_refreshes=" << s.coalesced_refreshes << "\n"
            << "bad_messages=" << s.bad_messages << "\n"
            << "live_channel_clients=" << s.live_channel_clients << "\n";
    }
    std::rename(tmp.c_str(), path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    Options o = parse(argc, argv);
    unsigned w = 0;
    unsigned h = 0;
    if (std::sscanf(o.size.c_str(), "%ux%u", &w, &h) != 2 || w < 128 || h < 128 || w > 8192 ||
        h > 8192) {
        die("--size takes WxH between 128x128 and 8192x8192");
    }

    std::vector<std::unique_ptr<TestSource>> sources;
    for (uint32_t i = 0; i < o.displays; ++i) {
        sources.push_back(std::make_unique<TestSource>(
            TestSourceOptions{w, h, o.heads, o.fps, o.frames, i, o.resize_every}));
    }
    TestSource& primary = *sources[0];

    if (!o.dump_sent.empty()) {
        std::string path = o.dump_sent;
        o.config.full_refresh_observer = [path](uint8_t channel_id, uint32_t surface_id,
                                                const AreaPixels& area) {
            if (channel_id == 0 && surface_id == 0) {
                if (auto st = write_ppm(path, area.pixels, area.width, area.height); !st) {
                    fmt::print(stderr, "spicedesk-testserver: {}\n", st.message());
                }
            }
        };
    }

    InputLog input_log(o.input_log, o.tablet);
    Server server(o.config);
    for (uint32_t i = 0; i < o.displays; ++i) {
        server.add_display(static_cast<uint8_t>(i), *sources[i]);
    }
    server.set_input_sink(input_log);
    input_log.set_on_leds([&server](uint16_t leds) { server.set_keyboard_leds(leds); });
    server.set_cursor_source(primary);
    if (auto st = server.start(); !st) {
        die(st.message());
    }

    // Display 0's frame goes to FILE, display N's to FILE.N.
    auto dump_frame = [&](size_t index) {
        if (o.dump_frame.empty()) {
            return;
        }
        std::string path = index == 0 ? o.dump_frame : fmt::format("{}.{}", o.dump_frame, index);
        auto frame = sources[index]->current_frame();
        if (auto st = write_ppm(path, frame.pixels, frame.width, frame.height); !st) {
            fmt::print(stderr, "spicedesk-testserver: {}\n", st.message());
            return;
        }
        fmt::print(stderr, "spicedesk-testserver: frame {} ({}x{}) written to {}\n", frame.number,
                   frame.width, frame.height, path);
    };

    for (size_t i = 0; i < sources.size(); ++i) {
        sources[i]->start([&dump_frame, i] { dump_frame(i); });
    }

    if (server.tls_port() != 0) {
        fmt::print("tls listening on {}:{}\n", server.address(), server.tls_port());
    }
    fmt::print("listening on {}:{}\n", server.address(),
               server.port() != 0 ? server.port() : server.tls_port());
    std::fflush(stdout);

    asio::io_context io;
    asio::signal_set signals(io, SIGTERM, SIGINT, SIGUSR1);
    std::function<void(std::error_code, int)> on_signal = [&](std::error_code ec, int sig) {
        if (ec) {
            return;
        }
        if (sig == SIGUSR1) {
            for (size_t i = 0; i < sources.size(); ++i) {
                dump_frame(i);
            }
            write_stats(o.stats_file, server.stats(), primary);
            signals.async_wait(on_signal);
            return;
        }
        io.stop();
    };
    signals.async_wait(on_signal);
    io.run();

    for (auto& s : sources) {
        s->stop();
    }
    server.stop();
    write_stats(o.stats_file, server.stats(), primary);
    fmt::print(stderr, "spicedesk-testserver: stopped\n");
    return 0;
}
