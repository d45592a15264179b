// qxl-reference-vm: the reference harness (tests and benchmarks only, never the product). Our QXL
// device and demo workloads drive Debian's libspice-server through its C QXLInterface, with a
// SpiceCoreInterface on a GLib main loop of its own, so that every workload runs on both servers
// and libspice-server's MJPEG streams (which QEMU under TCG never makes) can be checked.
// Prints "listening on ADDR:PORT", then "finished" when the workload reached its still picture;
// exits on SIGTERM.

#include <fmt/format.h>
#include <glib-unix.h>
#include <glib.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

// libspice-server's headers (Debian libspice-server-dev) include qxl_dev.h's zero-length arrays.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#include <spice.h>
#pragma GCC diagnostic pop

#include "qxl/device/device.hpp"
#include "qxl/workloads/runner.hpp"
#include "qxl/workloads/workloads.hpp"

namespace {

using namespace spicedesk;
namespace cq = spicedesk::core::qxl;

// --- SpiceCoreInterface on a GLib main context ---------------------------------------------

GMainContext* g_core_context = nullptr;

}  // namespace

struct SpiceTimer {
    SpiceTimerFunc func;
    void* opaque;
    GSource* source = nullptr;
};

struct SpiceWatch {
    int fd;
    SpiceWatchFunc func;
    void* opaque;
    GSource* source = nullptr;
};

namespace {

std::mutex g_core_mutex;

gboolean timer_fired(gpointer data) {
    auto* t = static_cast<SpiceTimer*>(data);
    {
        std::lock_guard lock(g_core_mutex);
        if (t->source != nullptr) {
            g_source_unref(t->source);
            t->source = nullptr;
        }
    }
    t->func(t->opaque);
    return G_SOURCE_REMOVE;
}

SpiceTimer* timer_add(SpiceTimerFunc func, void* opaque) {
    return new SpiceTimer{func, opaque, nullptr};
}

void timer_cancel(SpiceTimer* t) {
    std::lock_guard lock(g_core_mutex);
    if (t->source != nullptr) {
        g_source_destroy(t->source);
        g_source_unref(t->source);
        t->source = nullptr;
    }
}

void timer_start(SpiceTimer* t, uint32_t ms) {
    timer_cancel(t);
    std::lock_guard lock(g_core_mutex);
    t->source = g_timeout_source_new(ms);
    g_source_set_callback(t->source, timer_fired, t, nullptr);
    g_source_attach(t->source, g_core_context);
}

void timer_remove(SpiceTimer* t) {
    timer_cancel(t);
    delete t;
}

gboolean watch_fired(gint fd, GIOCondition cond, gpointer data) {
    auto* w = static_cast<SpiceWatch*>(data);
    int events = 0;
    if ((cond & (G_IO_IN | G_IO_HUP | G_IO_ERR)) != 0) {
        events |= SPICE_WATCH_EVENT_READ;
    }
    if ((cond & G_IO_OUT) != 0) {
        events |= SPICE_WATCH_EVENT_WRITE;
    }
    w->func(fd, events, w->opaque);
    return G_SOURCE_CONTINUE;
}

void watch_update_mask(SpiceWatch* w, int mask) {
    std::lock_guard lock(g_core_mutex);
    if (w->source != nullptr) {
        g_source_destroy(w->source);
        g_source_unref(w->source);
        w->source = nullptr;
    }
    int cond = 0;
    if ((mask & SPICE_WATCH_EVENT_READ) != 0) {
        cond |= G_IO_IN | G_IO_HUP | G_IO_ERR;
    }
    if ((mask & SPICE_WATCH_EVENT_WRITE) != 0) {
        cond |= G_IO_OUT;
    }
    if (cond == 0) {
        return;
    }
    w->source = g_unix_fd_source_new(w->fd, static_cast<GIOCondition>(cond));
    g_source_set_callback(w->source,
                          reinterpret_cast<GSourceFunc>(reinterpret_cast<void (*)()>(watch_fired)),
                          w, nullptr);
    g_source_attach(w->source, g_core_context);
}

SpiceWatch* watch_add(int fd, int mask, SpiceWatchFunc func, void* opaque) {
    auto* w = new SpiceWatch{fd, func, opaque, nullptr};
    watch_update_mask(w, mask);
    return w;
}

void watch_remove(SpiceWatch* w) {
    watch_update_mask(w, 0);
    delete w;
}

void channel_event(int, SpiceChannelEventInfo*) {}

SpiceCoreInterface g_core = {
    {SPICE_INTERFACE_CORE, "glib core", SPICE_INTERFACE_CORE_MAJOR, SPICE_INTERFACE_CORE_MINOR},
    timer_add,
    timer_start,
    timer_cancel,
    timer_remove,
    watch_add,
    watch_update_mask,
    watch_remove,
    channel_event,
};

// --- QXLInterface over our device, and our device's QxlWorker over spice_qxl_* --------------

struct RefQxl {
    QXLInstance qxl;  // first: libspice-server hands this pointer back
    qxl::Device* device;
    SpiceServer* server;
};

qxl::Device& dev(QXLInstance* q) {
    return *reinterpret_cast<RefQxl*>(q)->device;
}

class SpiceServerWorker final : public cq::QxlWorker {
  public:
    SpiceServerWorker(QXLInstance* q, SpiceServer* s) : q_(q), s_(s) {}
    void add_memslot(const cq::DevMemSlot& s) override {
        QXLDevMemSlot m = slot(s);
        spice_qxl_add_memslot(q_, &m);
    }
    void add_memslot_async(const cq::DevMemSlot& s, uint64_t cookie) override {
        QXLDevMemSlot m = slot(s);
        spice_qxl_add_memslot_async(q_, &m, cookie);
    }
    void del_memslot(uint32_t g, uint32_t s) override { spice_qxl_del_memslot(q_, g, s); }
    void reset_memslots() override { spice_qxl_reset_memslots(q_); }
    void create_primary_surface(uint32_t id, const cq::DevSurfaceCreate& c) override {
        QXLDevSurfaceCreate d = surface(c);
        spice_qxl_create_primary_surface(q_, id, &d);
    }
    void create_primary_surface_async(uint32_t id, const cq::DevSurfaceCreate& c,
                                      uint64_t cookie) override {
        QXLDevSurfaceCreate d = surface(c);
        spice_qxl_create_primary_surface_async(q_, id, &d, cookie);
    }
    void destroy_primary_surface(uint32_t id) override {
        spice_qxl_destroy_primary_surface(q_, id);
    }
    void destroy_primary_surface_async(uint32_t id, uint64_t cookie) override {
        spice_qxl_destroy_primary_surface_async(q_, id, cookie);
    }
    void destroy_surfaces() override { spice_qxl_destroy_surfaces(q_); }
    void destroy_surfaces_async(uint64_t cookie) override {
        spice_qxl_destroy_surfaces_async(q_, cookie);
    }
    void destroy_surface_wait(uint32_t id) override { spice_qxl_destroy_surface_wait(q_, id); }
    void destroy_surface_wait_async(uint32_t id, uint64_t cookie) override {
        spice_qxl_destroy_surface_async(q_, id, cookie);
    }
    void flush_surfaces_async(uint64_t cookie) override {
        spice_qxl_flush_surfaces_async(q_, cookie);
    }
    void update_area(uint32_t id, const QXLRect& area, std::vector<QXLRect>*, bool clear) override {
        QXLRect a = area;
        spice_qxl_update_area(q_, id, &a, nullptr, 0, clear ? 1 : 0);
    }
    void update_area_async(uint32_t id, const QXLRect& area, uint32_t clear,
                           uint64_t cookie) override {
        QXLRect a = area;
        spice_qxl_update_area_async(q_, id, &a, clear, cookie);
    }
    void monitors_config_async(uint64_t mc, uint32_t group, uint64_t cookie) override {
        spice_qxl_monitors_config_async(q_, mc, static_cast<int>(group), cookie);
    }
    void set_max_monitors(uint32_t) override {}
    void wakeup() override { spice_qxl_wakeup(q_); }
    void oom() override { spice_qxl_oom(q_); }
    void start() override { spice_server_vm_start(s_); }
    void stop() override { spice_server_vm_stop(s_); }
    void reset_image_cache() override { spice_qxl_reset_image_cache(q_); }
    void reset_cursor() override { spice_qxl_reset_cursor(q_); }
    void loadvm_commands(std::span<const QXLCommandExt> cmds) override {
        std::vector<QXLCommandExt> copy(cmds.begin(), cmds.end());
        spice_qxl_loadvm_commands(q_, copy.data(), static_cast<uint32_t>(copy.size()));
    }

  private:
    static QXLDevMemSlot slot(const cq::DevMemSlot& s) {
        QXLDevMemSlot m{};
        m.slot_group_id = s.slot_group_id;
        m.slot_id = s.slot_id;
        m.generation = s.generation;
        m.virt_start = static_cast<uintptr_t>(s.virt_start);
        m.virt_end = static_cast<uintptr_t>(s.virt_end);
        m.addr_delta = s.addr_delta;
        m.qxl_ram_size = s.qxl_ram_size;
        return m;
    }
    static QXLDevSurfaceCreate surface(const cq::DevSurfaceCreate& c) {
        QXLDevSurfaceCreate d{};
        d.width = c.width;
        d.height = c.height;
        d.stride = c.stride;
        d.format = c.format;
        d.position = c.position;
        d.mouse_mode = c.mouse_mode;
        d.flags = c.flags;
        d.type = c.type;
        d.mem = c.mem;
        d.group_id = c.group_id;
        return d;
    }
    QXLInstance* q_;
    SpiceServer* s_;
};

std::unique_ptr<SpiceServerWorker> g_worker;

void attached_worker(QXLInstance* q) {
    auto* r = reinterpret_cast<RefQxl*>(q);
    g_worker = std::make_unique<SpiceServerWorker>(q, r->server);
    r->device->attached_worker(*g_worker);
}
void set_compression_level(QXLInstance* q, int level) {
    dev(q).set_compression_level(level);
}
void get_init_info(QXLInstance* q, QXLDevInitInfo* info) {
    auto i = dev(q).get_init_info();
    info->num_memslots_groups = i.num_memslots_groups;
    info->num_memslots = i.num_memslots;
    info->memslot_gen_bits = i.memslot_gen_bits;
    info->memslot_id_bits = i.memslot_id_bits;
    info->qxl_ram_size = i.qxl_ram_size;
    info->internal_groupslot_id = i.internal_groupslot_id;
    info->n_surfaces = i.n_surfaces;
}
int get_command(QXLInstance* q, QXLCommandExt* cmd) {
    return dev(q).get_command(*cmd) ? 1 : 0;
}
int req_cmd_notification(QXLInstance* q) {
    return dev(q).req_cmd_notification() ? 1 : 0;
}
void release_resource(QXLInstance* q, QXLReleaseInfoExt ext) {
    // libspice-server hands back the host pointer of the command's QXLReleaseInfo.
    dev(q).release_resource(cq::ReleaseInfo{ext.info->id, 0, ext.group_id});
}
int get_cursor_command(QXLInstance* q, QXLCommandExt* cmd) {
    return dev(q).get_cursor_command(*cmd) ? 1 : 0;
}
int req_cursor_notification(QXLInstance* q) {
    return dev(q).req_cursor_notification() ? 1 : 0;
}
void notify_update(QXLInstance* q, uint32_t id) {
    dev(q).notify_update(id);
}
int flush_resources(QXLInstance* q) {
    return dev(q).flush_resources() ? 1 : 0;
}
void async_complete(QXLInstance* q, uint64_t cookie) {
    dev(q).async_complete(cookie);
}
void update_area_complete(QXLInstance* q, uint32_t id, QXLRect* rects, uint32_t n) {
    dev(q).update_area_complete(id, std::span<const QXLRect>(rects, n));
}
void set_client_capabilities(QXLInstance* q, uint8_t present,
                             uint8_t caps[SPICE_CAPABILITIES_SIZE]) {
    std::array<uint8_t, 58> c{};
    std::memcpy(c.data(), caps, std::min<size_t>(c.size(), SPICE_CAPABILITIES_SIZE));
    dev(q).set_client_capabilities(present != 0, c);
}
int client_monitors_config(QXLInstance* q, VDAgentMonitorsConfig* mc) {
    if (mc == nullptr) {  // libspice-server asks whether the guest would take a config
        return dev(q).client_monitors_config({}) ? 1 : 0;
    }
    std::vector<cq::ClientMonitor> mons;
    for (uint32_t i = 0; i < mc->num_of_monitors; ++i) {
        mons.push_back(cq::ClientMonitor{mc->monitors[i].width, mc->monitors[i].height,
                                         mc->monitors[i].x, mc->monitors[i].y});
    }
    return dev(q).client_monitors_config(mons) ? 1 : 0;
}

QXLInterface g_qxl_interface = [] {
    QXLInterface i{};
    i.base.type = SPICE_INTERFACE_QXL;
    i.base.description = "spicedesk qxl device";
    i.base.major_version = SPICE_INTERFACE_QXL_MAJOR;
    i.base.minor_version = SPICE_INTERFACE_QXL_MINOR;
    i.attached_worker = attached_worker;
    i.set_compression_level = set_compression_level;
    i.get_init_info = get_init_info;
    i.get_command = get_command;
    i.req_cmd_notification = req_cmd_notification;
    i.release_resource = release_resource;
    i.get_cursor_command = get_cursor_command;
    i.req_cursor_notification = req_cursor_notification;
    i.notify_update = notify_update;
    i.flush_resources = flush_resources;
    i.async_complete = async_complete;
    i.update_area_complete = update_area_complete;
    i.set_client_capabilities = set_client_capabilities;
    i.client_monitors_config = client_monitors_config;
    return i;
}();

int free_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof(a);
    if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        close(fd);
        return -1;
    }
    close(fd);
    return ntohs(a.sin_port);
}

void say(const std::string& line) {
    std::fputs((line + "\n").c_str(), stdout);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    std::string workload = "text";
    std::string password;
    std::string streaming = "off";
    std::string compression = "auto_glz";
    std::string jpeg = "auto";
    uint64_t frames = 0;
    double fps = -1;
    bool hold = false;
    int port = 0;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                fmt::print(stderr, "qxl-reference-vm: {} needs a value\n", a);
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--help") {
            fmt::print(
                "usage: qxl-reference-vm [--workload NAME] [--frames N] [--port P] [--password "
                "PW]\n"
                "       [--streaming-video off|all|filter] [--image-compression "
                "off|auto_glz|auto_lz|quic|glz|lz|lz4]\n"
                "       [--jpeg auto|never|always]\n"
                "Our QXL device and workload on Debian's libspice-server (tests and benchmarks "
                "only).\n");
            return 0;
        } else if (a == "--workload") {
            workload = value();
        } else if (a == "--frames") {
            frames = std::strtoull(value().c_str(), nullptr, 10);
        } else if (a == "--hold") {
            hold = true;
        } else if (a == "--fps") {
            fps = std::strtod(value().c_str(), nullptr);
        } else if (a == "--port") {
            port = std::atoi(value().c_str());
        } else if (a == "--password") {
            password = value();
        } else if (a == "--streaming-video") {
            streaming = value();
        } else if (a == "--image-compression") {
            compression = value();
        } else if (a == "--jpeg") {
            jpeg = value();
        } else {
            fmt::print(stderr, "qxl-reference-vm: unknown argument {}\n", a);
            return 2;
        }
    }
    qxl::Screen screen;
    auto w = qxl::make_workload(workload, screen, frames);
    if (!w) {
        fmt::print(stderr, "qxl-reference-vm: no workload {}\n", workload);
        return 2;
    }
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    g_core_context = g_main_context_new();
    GMainLoop* loop = g_main_loop_new(g_core_context, FALSE);
    qxl::Device device(qxl::DeviceConfig{});
    if (port == 0) {
        port = free_port();
    }
    RefQxl ref{};
    SpiceServer* server = nullptr;
    std::promise<bool> ready;
    // libspice-server wants its API used from the thread running its core: set up there.
    std::thread core_thread([&] {
        pthread_setname_np(pthread_self(), "ref-spice-core");
        g_main_context_push_thread_default(g_core_context);
        server = spice_server_new();
        spice_server_set_port(server, port);
        spice_server_set_addr(server, "127.0.0.1", 0);
        if (password.empty()) {
            spice_server_set_noauth(server);
        } else {
            spice_server_set_ticket(server, password.c_str(), 0, 0, 0);
        }
        const std::pair<const char*, SpiceImageCompression> kCompressions[] = {
            {"off", SPICE_IMAGE_COMPRESSION_OFF},
            {"auto_glz", SPICE_IMAGE_COMPRESSION_AUTO_GLZ},
            {"auto_lz", SPICE_IMAGE_COMPRESSION_AUTO_LZ},
            {"quic", SPICE_IMAGE_COMPRESSION_QUIC},
            {"glz", SPICE_IMAGE_COMPRESSION_GLZ},
            {"lz", SPICE_IMAGE_COMPRESSION_LZ},
            {"lz4", SPICE_IMAGE_COMPRESSION_LZ4}};
        for (const auto& [name, value] : kCompressions) {
            if (compression == name) {
                spice_server_set_image_compression(server, value);
            }
        }
        spice_server_set_jpeg_compression(server, jpeg == "always"  ? SPICE_WAN_COMPRESSION_ALWAYS
                                                  : jpeg == "never" ? SPICE_WAN_COMPRESSION_NEVER
                                                                    : SPICE_WAN_COMPRESSION_AUTO);
        spice_server_set_streaming_video(server, streaming == "all"      ? SPICE_STREAM_VIDEO_ALL
                                                 : streaming == "filter" ? SPICE_STREAM_VIDEO_FILTER
                                                                         : SPICE_STREAM_VIDEO_OFF);
        if (spice_server_init(server, &g_core) != 0) {
            ready.set_value(false);
            return;
        }
        ref.qxl.base.sif = &g_qxl_interface.base;
        ref.qxl.id = 0;
        ref.device = &device;
        ref.server = server;
        spice_server_add_interface(server, &ref.qxl.base);
        spice_server_vm_start(server);
        ready.set_value(true);
        g_main_loop_run(loop);
        spice_server_vm_stop(server);
        spice_server_destroy(server);
    });
    if (!ready.get_future().get()) {
        fmt::print(stderr, "qxl-reference-vm: spice_server_init failed (port {})\n", port);
        core_thread.join();
        return 1;
    }

    qxl::Runner runner(device, screen, std::move(w), "qxl-guest-0",
                       [](const std::string& ev) { say(ev); });
    runner.set_fps(fps);
    runner.set_hold(hold);
    runner.start();
    say(fmt::format("listening on 127.0.0.1:{}", port));
    int sig = 0;
    while (sigwait(&signals, &sig) == 0 && sig == SIGUSR2) {
        runner.go();  // --hold: the frames start now
    }
    runner.stop();
    g_main_loop_quit(loop);
    core_thread.join();
    g_main_loop_unref(loop);
    return 0;
}
