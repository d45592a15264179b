// spicedesk-demo-vm: our QXL device(s) and a demo workload served by our SPICE server, configured
// from a libvirt domain XML (ARCHITECTURE.md "How a domain gets its display", step 3).

#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "libvirt-driver/domain/domain_xml.hpp"
#include "qxl/device/device.hpp"
#include "qxl/device/virtio_port.hpp"
#include "qxl/guest/agent.hpp"
#include "qxl/workloads/runner.hpp"
#include "qxl/workloads/workloads.hpp"
#include "spice-core/server/input_sink.hpp"
#include "spice-core/server/qxl/worker.hpp"
#include "spice-core/server/server.hpp"
#include "spice-core/tools/ppm.hpp"

namespace {

using namespace spicedesk;

void usage(std::FILE* out) {
    fmt::print(out, R"(usage: spicedesk-demo-vm --xml DOMAIN.xml [options]

Runs our QXL device(s) with a demo workload and serves them over SPICE, as QEMU would run the
domain: one QXL device (and display channel 0, 1, ...) per <video><model type='qxl'> element, sized
from its ram/vram/vgamem (KiB) and heads; SPICE from <graphics type='spice' port listen passwd
autoport> (autoport or port='-1': the first free port from 5900). Prints "listening on ADDR:PORT"
once clients can connect, "finished" when a workload reached its still picture (every command
drawn and released), "keys N" after the N-th key typed on the client was drawn. Runs until
SIGTERM or SIGINT.

options:
  --xml FILE            the domain XML (required)
  --workload NAME       what the guest draws (default: text); see --list-workloads
  --frames N            stop an animated workload after N frames (video, cursor, windows, ...)
  --fps N               draw N frames a second instead of the workload's rate (0: as fast
                        as the server takes them; for benchmarks)
  --hold                draw the first picture, then wait for SIGUSR2 before the frames
                        (benchmarks: connect the client first)
  --head-size WxH       each head's size in pixels (default 1024x768)
  --dump-dir DIR        on SIGUSR1, write each device's worker primary surface to
                        DIR/qxl-N.ppm (N: the device's display channel) and print
                        "dumped DIR/qxl-N.ppm"; compare it with a client's screenshot.
                        Example: kill -USR1 $(pidof spicedesk-demo-vm)
  --password-file FILE  the SPICE password (first line); overrides passwd in the XML.
                        SPICEDESK_SPICE_PASSWORD in the environment does the same.
  --no-qxl-monitors-interrupt
                        the guest driver leaves QXL_INTERRUPT_CLIENT_MONITORS_CONFIG masked,
                        so client monitor requests reach the guest through the agent only
  --list-workloads      print the workloads and exit
  --help                this text
)");
}

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Keys from the inputs channel go to the guest of display 0 (the keyboard is one per domain).
class KeyboardToGuest final : public core::InputSink {
  public:
    explicit KeyboardToGuest(qxl::Runner& runner) : runner_(runner) {}
    void key_down(uint32_t code) override {
        if ((code & 0xff) != 0xe0) {
            runner_.key(code & 0x7f);
        }
    }
    void key_up(uint32_t) override {}
    void key_scancode(std::span<const uint8_t> bytes) override {
        for (uint8_t b : bytes) {
            if ((b & 0x80) == 0 && b != 0xe0) {
                runner_.key(b);
            }
        }
    }
    void keyboard_modifiers(uint16_t) override {}
    void mouse_motion(int32_t, int32_t, uint16_t) override {}
    void mouse_position(uint32_t, uint32_t, uint16_t, uint8_t) override {}
    void mouse_press(uint8_t, uint16_t) override {}
    void mouse_release(uint8_t, uint16_t) override {}

  private:
    qxl::Runner& runner_;
};

struct Machine {
    std::unique_ptr<qxl::Device> device;
    std::unique_ptr<core::qxl::Worker> worker;
    std::unique_ptr<qxl::Runner> runner;
};

void say(const std::string& line) {
    std::fputs((line + "\n").c_str(), stdout);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    std::string xml_path;
    std::string workload = "text";
    std::string dump_dir;
    std::string password_file;
    uint64_t frames = 0;
    double fps = -1;
    bool hold = false;
    bool qxl_monitors_interrupt = true;
    uint32_t head_w = 1024;
    uint32_t head_h = 768;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](const char* what) -> std::string {
            if (i + 1 >= argc) {
                fmt::print(stderr, "spicedesk-demo-vm: {} needs a value\n", what);
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--help" || a == "-h") {
            usage(stdout);
            return 0;
        } else if (a == "--list-workloads") {
            for (const auto& w : qxl::workload_list()) {
                fmt::print("{:<18} {}\n", w.name, w.description);
            }
            return 0;
        } else if (a == "--xml") {
            xml_path = value("--xml");
        } else if (a == "--workload") {
            workload = value("--workload");
        } else if (a == "--frames") {
            frames = std::strtoull(value("--frames").c_str(), nullptr, 10);
        } else if (a == "--no-qxl-monitors-interrupt") {
            qxl_monitors_interrupt = false;
        } else if (a == "--hold") {
            hold = true;
        } else if (a == "--fps") {
            fps = std::strtod(value("--fps").c_str(), nullptr);
        } else if (a == "--dump-dir") {
            dump_dir = value("--dump-dir");
        } else if (a == "--password-file") {
            password_file = value("--password-file");
        } else if (a == "--head-size") {
            std::string v = value("--head-size");
            if (std::sscanf(v.c_str(), "%ux%u", &head_w, &head_h) != 2 || head_w < 64 ||
                head_h < 64 || head_w > 4096 || head_h > 4096) {
                fmt::print(stderr, "spicedesk-demo-vm: --head-size {}: want WxH, 64..4096\n", v);
                return 2;
            }
        } else {
            fmt::print(stderr, "spicedesk-demo-vm: unknown argument {} (see --help)\n", a);
            return 2;
        }
    }
    if (xml_path.empty()) {
        usage(stderr);
        return 2;
    }
    if (!qxl::make_workload(workload, qxl::Screen{})) {
        fmt::print(stderr, "spicedesk-demo-vm: no workload {} (see --list-workloads)\n", workload);
        return 2;
    }
    auto text = read_file(xml_path);
    if (!text) {
        fmt::print(stderr, "spicedesk-demo-vm: cannot read {}: {}\n", xml_path,
                   std::strerror(errno));
        return 1;
    }
    auto dom = virt::DomainXml::parse(*text);
    if (!dom) {
        fmt::print(stderr, "spicedesk-demo-vm: {}: {}\n", xml_path, dom.message());
        return 1;
    }
    std::vector<qxl::DeviceConfig> configs;
    for (const auto& v : dom->videos()) {
        if (v.model() != "qxl") {
            continue;
        }
        qxl::DeviceConfig c;
        c.ram_kib = v.ram().value_or(65536);
        c.vram_kib = v.vram().value_or(65536);
        c.vgamem_kib = v.vgamem().value_or(16384);
        c.heads = v.heads().value_or(1);
        c.id = static_cast<uint32_t>(configs.size());
        configs.push_back(c);
    }
    if (configs.empty()) {
        fmt::print(stderr, "spicedesk-demo-vm: {} has no <video><model type='qxl'>\n", xml_path);
        return 1;
    }
    bool has_agent_channel = false;
    for (const auto& c : dom->channels()) {
        has_agent_channel = has_agent_channel || c.is_spice_agent();
    }
    std::optional<virt::Graphics> spice;
    for (const auto& g : dom->graphics()) {
        if (g.type() == "spice") {
            spice = g;
            break;
        }
    }
    if (!spice) {
        fmt::print(stderr, "spicedesk-demo-vm: {} has no <graphics type='spice'>\n", xml_path);
        return 1;
    }

    core::ServerConfig config;
    config.address = spice->listen().empty() ? "127.0.0.1" : spice->listen();
    const bool autoport = spice->autoport().value_or(false) || spice->port().value_or(-1) == -1;
    config.port = autoport ? 5900 : spice->port().value_or(5900);
    std::optional<std::string> password = spice->password();
    if (const char* env = std::getenv("SPICEDESK_SPICE_PASSWORD"); env != nullptr) {
        password = env;
    }
    if (!password_file.empty()) {
        auto pw = read_file(password_file);
        if (!pw) {
            fmt::print(stderr, "spicedesk-demo-vm: cannot read {}\n", password_file);
            return 1;
        }
        password = pw->substr(0, pw->find('\n'));
    }
    config.ticket.password = password;

    // Signals are taken by sigwait in main; every thread started below inherits the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGUSR1);
    sigaddset(&signals, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    std::vector<Machine> machines;
    for (size_t i = 0; i < configs.size(); ++i) {
        Machine m;
        try {
            m.device = std::make_unique<qxl::Device>(configs[i]);
        } catch (const std::exception& e) {
            fmt::print(stderr, "spicedesk-demo-vm: video {}: {}\n", i, e.what());
            return 1;
        }
        core::qxl::WorkerOptions options;
        options.thread_name = fmt::format("qxl-worker-{}", i);
        options.max_monitors = configs[i].heads;
        m.worker = std::make_unique<core::qxl::Worker>(*m.device, options);
        m.worker->start();
        qxl::Screen screen{head_w, head_h, configs[i].heads};
        if (uint64_t{screen.width()} * screen.height() * 4 >
            uint64_t{configs[i].vgamem_kib} * 1024) {
            fmt::print(stderr,
                       "spicedesk-demo-vm: video {}: {} heads of {}x{} do not fit vgamem {} KiB\n",
                       i, configs[i].heads, head_w, head_h, configs[i].vgamem_kib);
            return 1;
        }
        m.runner = std::make_unique<qxl::Runner>(
            *m.device, screen, qxl::make_workload(workload, screen, frames),
            fmt::format("qxl-guest-{}", i), [i, n = configs.size()](const std::string& ev) {
                say(n == 1 ? ev : fmt::format("{} (display {})", ev, i));
            });
        m.runner->set_fps(fps);
        m.runner->set_hold(hold);
        m.runner->set_client_monitors_interrupt(qxl_monitors_interrupt);
        m.runner->set_workload_factory([workload, frames](const qxl::Screen& s) {
            return qxl::make_workload(workload, s, frames);
        });
        machines.push_back(std::move(m));
    }
    KeyboardToGuest keyboard(*machines.front().runner);
    // The agent's port exists with the channel; the agent (a guest program) resizes display 0's
    // desktop, where the workloads put every head.
    std::unique_ptr<qxl::VirtioPort> agent_port;
    std::unique_ptr<qxl::GuestAgent> agent;
    if (has_agent_channel) {
        agent_port = std::make_unique<qxl::VirtioPort>();
        agent = std::make_unique<qxl::GuestAgent>(
            *agent_port,
            [runner = machines.front().runner.get()](std::vector<qxl::GuestHead> monitors) {
                runner->request_resize(std::move(monitors));
            },
            [](const std::string& ev) { say(ev); });
    }

    std::unique_ptr<core::Server> server;
    for (int attempt = 0;; ++attempt) {
        server = std::make_unique<core::Server>(config);
        for (size_t i = 0; i < machines.size(); ++i) {
            server->add_display(static_cast<uint8_t>(i), *machines[i].worker);
        }
        server->set_input_sink(keyboard);
        server->set_cursor_source(*machines.front().worker);
        for (auto& m : machines) {
            server->add_qxl_device(*m.device);
        }
        if (agent_port) {
            server->set_agent_port(*agent_port);
        }
        auto st = server->start();
        if (st) {
            break;
        }
        if (!autoport || attempt > 1000 || config.port >= 65535) {
            fmt::print(stderr, "spicedesk-demo-vm: cannot serve SPICE on {}:{}: {}\n",
                       config.address, config.port, st.message());
            return 1;
        }
        server.reset();
        ++config.port;
    }
    for (auto& m : machines) {
        m.runner->start();
    }
    if (agent) {
        agent->start();
    }
    say(fmt::format("listening on {}:{}", config.address, server->port()));

    int code = 0;
    while (true) {
        int sig = 0;
        if (sigwait(&signals, &sig) != 0) {
            continue;
        }
        if (sig == SIGUSR2) {
            for (auto& m : machines) {
                m.runner->go();
            }
            continue;
        }
        if (sig == SIGUSR1) {
            if (dump_dir.empty()) {
                fmt::print(stderr,
                           "spicedesk-demo-vm: SIGUSR1 without --dump-dir: nothing dumped\n");
                continue;
            }
            for (size_t i = 0; i < machines.size(); ++i) {
                auto& w = *machines[i].worker;
                w.flush();
                auto snap = w.snapshot();
                if (snap.surfaces.empty() || !snap.surfaces.front().primary) {
                    fmt::print(stderr, "spicedesk-demo-vm: display {} has no primary surface\n", i);
                    continue;
                }
                const auto& s = snap.surfaces.front();
                auto px = w.update_area(0, core::WireRect{0, 0, static_cast<int32_t>(s.width),
                                                          static_cast<int32_t>(s.height)});
                const std::string path = fmt::format("{}/qxl-{}.ppm", dump_dir, i);
                if (!px) {
                    fmt::print(stderr, "spicedesk-demo-vm: dump: {}\n", px.message());
                    continue;
                }
                if (auto st = core::write_ppm(path, px->pixels, px->width, px->height); !st) {
                    fmt::print(stderr, "spicedesk-demo-vm: {}\n", st.message());
                    continue;
                }
                say("dumped " + path);
            }
            continue;
        }
        break;
    }
    if (agent) {
        agent->stop();
    }
    for (auto& m : machines) {
        m.runner->stop();
        if (!m.runner->error().empty()) {
            fmt::print(stderr, "spicedesk-demo-vm: guest: {}\n", m.runner->error());
            code = 1;
        }
    }
    server->stop();
    for (auto& m : machines) {
        m.worker->stop();
    }
    return code;
}
