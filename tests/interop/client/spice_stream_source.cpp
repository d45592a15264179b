// A reference SPICE server that streams: Debian's libspice-server (allowed in tests/ only, as a
// reference peer) driven through its QXL interface by this program, which updates one region of
// a 640x480 primary surface with a moving picture at 30 updates/s as DRAW_COPY bitmaps.
// libspice-server turns such updates into an MJPEG stream (streaming-video=all), which QEMU
// cannot be made to do here (PEERS.md). After --seconds it stops animating (the server then
// ends the stream). Prints "listening on 127.0.0.1:PORT"; exits on SIGTERM or after --lifetime.
//
//   spicedesk-spice-stream-source --port P [--seconds S] [--lifetime S] [--dump FILE.ppm]
// --dump: the final picture (after the animation), rendered by the server, as PPM.

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
#include <spice.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// ---- the core interface: timers and fd watches on one poll loop (main thread) ----
struct Timer {
    SpiceTimerFunc func;
    void* opaque;
    bool armed = false;
    Clock::time_point due;
};
struct Watch {
    int fd;
    int mask;
    SpiceWatchFunc func;
    void* opaque;
    bool removed = false;
};
std::recursive_mutex core_mutex;
std::list<std::unique_ptr<Timer>> timers;
std::list<std::unique_ptr<Watch>> watches;
int wake_pipe[2];
std::atomic<bool> stop{false};

void wake() {
    char c = 0;
    (void)!write(wake_pipe[1], &c, 1);
}

SpiceTimer* timer_add(SpiceTimerFunc func, void* opaque) {
    std::lock_guard l(core_mutex);
    timers.push_back(std::make_unique<Timer>(Timer{func, opaque}));
    return reinterpret_cast<SpiceTimer*>(timers.back().get());
}
void timer_start(SpiceTimer* t, uint32_t ms) {
    std::lock_guard l(core_mutex);
    auto* timer = reinterpret_cast<Timer*>(t);
    timer->armed = true;
    timer->due = Clock::now() + std::chrono::milliseconds(ms);
    wake();
}
void timer_cancel(SpiceTimer* t) {
    std::lock_guard l(core_mutex);
    reinterpret_cast<Timer*>(t)->armed = false;
}
void timer_remove(SpiceTimer* t) {
    std::lock_guard l(core_mutex);
    timers.remove_if([t](const auto& p) { return p.get() == reinterpret_cast<Timer*>(t); });
}
SpiceWatch* watch_add(int fd, int mask, SpiceWatchFunc func, void* opaque) {
    std::lock_guard l(core_mutex);
    watches.push_back(std::make_unique<Watch>(Watch{fd, mask, func, opaque}));
    wake();
    return reinterpret_cast<SpiceWatch*>(watches.back().get());
}
void watch_update_mask(SpiceWatch* w, int mask) {
    std::lock_guard l(core_mutex);
    reinterpret_cast<Watch*>(w)->mask = mask;
    wake();
}
void watch_remove(SpiceWatch* w) {
    std::lock_guard l(core_mutex);
    reinterpret_cast<Watch*>(w)->removed = true;
    wake();
}
void channel_event(int, SpiceChannelEventInfo*) {}

SpiceCoreInterface core = {{SPICE_INTERFACE_CORE, "stream source core", SPICE_INTERFACE_CORE_MAJOR,
                            SPICE_INTERFACE_CORE_MINOR},
                           timer_add,
                           timer_start,
                           timer_cancel,
                           timer_remove,
                           watch_add,
                           watch_update_mask,
                           watch_remove,
                           channel_event};

void run_loop(Clock::time_point end) {
    while (!stop && Clock::now() < end) {
        std::vector<pollfd> fds{{wake_pipe[0], POLLIN, 0}};
        std::vector<Watch*> ws;
        int timeout = 50;
        {
            std::lock_guard l(core_mutex);
            watches.remove_if([](const auto& w) { return w->removed; });
            for (auto& w : watches) {
                short ev = 0;
                ev |= (w->mask & SPICE_WATCH_EVENT_READ) ? POLLIN : 0;
                ev |= (w->mask & SPICE_WATCH_EVENT_WRITE) ? POLLOUT : 0;
                fds.push_back({w->fd, ev, 0});
                ws.push_back(w.get());
            }
            for (auto& t : timers) {
                if (t->armed) {
                    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t->due -
                                                                                    Clock::now());
                    timeout = std::max(0, std::min<int>(timeout, static_cast<int>(ms.count())));
                }
            }
        }
        poll(fds.data(), fds.size(), timeout);
        if (fds[0].revents & POLLIN) {
            char buf[64];
            (void)!read(wake_pipe[0], buf, sizeof buf);
        }
        std::lock_guard l(core_mutex);
        for (size_t i = 1; i < fds.size(); ++i) {
            Watch* w = ws[i - 1];
            if (w->removed || fds[i].revents == 0) {
                continue;
            }
            int ev = 0;
            ev |= (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) ? SPICE_WATCH_EVENT_READ : 0;
            ev |= (fds[i].revents & POLLOUT) ? SPICE_WATCH_EVENT_WRITE : 0;
            if (ev & w->mask) {
                w->func(w->fd, ev & w->mask, w->opaque);
            }
        }
        auto now = Clock::now();
        std::vector<Timer*> due;
        for (auto& t : timers) {
            if (t->armed && t->due <= now) {
                t->armed = false;
                due.push_back(t.get());
            }
        }
        for (Timer* t : due) {
            bool alive = false;
            for (auto& p : timers) {
                alive = alive || p.get() == t;
            }
            if (alive) {
                t->func(t->opaque);
            }
        }
    }
}

// ---- the QXL device: a queue of drawables in our own memory (one memslot maps it all) ----
constexpr int kWidth = 640, kHeight = 480;
constexpr int kRegionX = 100, kRegionY = 80, kRegionW = 320, kRegionH = 240;
std::vector<uint32_t> primary(size_t(kWidth) * kHeight, 0x202020);

struct Command {
    QXLDrawable drawable;
    std::unique_ptr<QXLImage> image = std::make_unique<QXLImage>();  // has a zero-size array
    std::vector<uint32_t> pixels;
};
std::mutex queue_mutex;
std::deque<Command*> queue;
QXLInstance qxl;

void attached_worker(QXLInstance*) {}
void set_compression_level(QXLInstance*, int) {}
void get_init_info(QXLInstance*, QXLDevInitInfo* info) {
    std::memset(info, 0, sizeof *info);
    info->num_memslots_groups = 1;
    info->num_memslots = 1;
    info->memslot_id_bits = 1;
    info->memslot_gen_bits = 1;
    info->n_surfaces = 1;
}
int get_command(QXLInstance*, QXLCommandExt* ext) {
    std::lock_guard l(queue_mutex);
    if (queue.empty()) {
        return 0;
    }
    Command* c = queue.front();
    queue.pop_front();
    std::memset(ext, 0, sizeof *ext);
    ext->cmd.type = QXL_CMD_DRAW;
    ext->cmd.data = reinterpret_cast<uintptr_t>(&c->drawable);
    ext->group_id = 0;
    return 1;
}
int req_cmd_notification(QXLInstance*) {
    std::lock_guard l(queue_mutex);
    return queue.empty() ? 1 : 0;
}
void release_resource(QXLInstance*, QXLReleaseInfoExt release) {
    delete reinterpret_cast<Command*>(static_cast<uintptr_t>(release.info->id));
}
int get_cursor_command(QXLInstance*, QXLCommandExt*) {
    return 0;
}
int req_cursor_notification(QXLInstance*) {
    return 1;
}
void notify_update(QXLInstance*, uint32_t) {}
int flush_resources(QXLInstance*) {
    return 0;
}
void async_complete(QXLInstance*, uint64_t) {}
void update_area_complete(QXLInstance*, uint32_t, QXLRect*, uint32_t) {}
void set_client_capabilities(QXLInstance*, uint8_t, uint8_t*) {}
int client_monitors_config(QXLInstance*, VDAgentMonitorsConfig*) {
    return 0;
}

QXLInterface qxl_interface;

void push_frame(int n) {
    auto* c = new Command{};
    c->pixels.resize(size_t(kRegionW) * kRegionH);
    for (int y = 0; y < kRegionH; ++y) {
        for (int x = 0; x < kRegionW; ++x) {
            double v = std::sin((x + n * 7) * 0.05) * std::cos((y - n * 5) * 0.04);
            auto r = static_cast<uint32_t>(127 + 120 * v);
            auto g = static_cast<uint32_t>((x * 255) / kRegionW);
            auto b = static_cast<uint32_t>((y * 255 + n * 9) / kRegionH) & 0xff;
            c->pixels[size_t(y) * kRegionW + x] = r << 16 | g << 8 | b;
        }
    }
    QXLImage& img = *c->image;
    img.descriptor.id = 0;
    img.descriptor.type = SPICE_IMAGE_TYPE_BITMAP;
    img.descriptor.width = kRegionW;
    img.descriptor.height = kRegionH;
    img.bitmap.format = SPICE_BITMAP_FMT_32BIT;
    img.bitmap.flags = QXL_BITMAP_DIRECT | QXL_BITMAP_TOP_DOWN;
    img.bitmap.x = kRegionW;
    img.bitmap.y = kRegionH;
    img.bitmap.stride = kRegionW * 4;
    img.bitmap.data = reinterpret_cast<uintptr_t>(c->pixels.data());
    QXLDrawable& d = c->drawable;
    d.release_info.id = reinterpret_cast<uintptr_t>(c);
    d.surface_id = 0;
    d.effect = QXL_EFFECT_OPAQUE;
    d.type = QXL_DRAW_COPY;
    d.bbox = QXLRect{kRegionY, kRegionX, kRegionY + kRegionH, kRegionX + kRegionW};
    d.clip.type = SPICE_CLIP_TYPE_NONE;
    for (int i = 0; i < 3; ++i) {
        d.surfaces_dest[i] = -1;
    }
    d.u.copy.src_bitmap = reinterpret_cast<uintptr_t>(c->image.get());
    d.u.copy.src_area = QXLRect{0, 0, kRegionH, kRegionW};
    d.u.copy.rop_descriptor = SPICE_ROPD_OP_PUT;
    d.u.copy.scale_mode = SPICE_IMAGE_SCALE_MODE_NEAREST;
    {
        std::lock_guard l(queue_mutex);
        queue.push_back(c);
    }
    spice_qxl_wakeup(&qxl);
}

}  // namespace

int main(int argc, char** argv) {
    int port = 0;
    double seconds = 4, lifetime = 40;
    std::string dump;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string a = argv[i];
        if (a == "--port") {
            port = std::atoi(argv[i + 1]);
        } else if (a == "--seconds") {
            seconds = std::atof(argv[i + 1]);
        } else if (a == "--dump") {
            dump = argv[i + 1];
        } else if (a == "--lifetime") {
            lifetime = std::atof(argv[i + 1]);
        }
    }
    if (pipe(wake_pipe) != 0) {
        return 2;
    }
    signal(SIGTERM, [](int) { stop = true; });
    signal(SIGPIPE, SIG_IGN);
    SpiceServer* server = spice_server_new();
    spice_server_set_port(server, port);
    spice_server_set_addr(server, "127.0.0.1", 0);
    spice_server_set_noauth(server);
    spice_server_set_streaming_video(server, SPICE_STREAM_VIDEO_ALL);
    if (spice_server_init(server, &core) != 0) {
        std::fprintf(stderr, "spice_server_init failed\n");
        return 2;
    }
    qxl_interface.base = {SPICE_INTERFACE_QXL, "stream source", SPICE_INTERFACE_QXL_MAJOR,
                          SPICE_INTERFACE_QXL_MINOR};
    qxl_interface.attached_worker = attached_worker;
    qxl_interface.set_compression_level = set_compression_level;
    qxl_interface.get_init_info = get_init_info;
    qxl_interface.get_command = get_command;
    qxl_interface.req_cmd_notification = req_cmd_notification;
    qxl_interface.release_resource = release_resource;
    qxl_interface.get_cursor_command = get_cursor_command;
    qxl_interface.req_cursor_notification = req_cursor_notification;
    qxl_interface.notify_update = notify_update;
    qxl_interface.flush_resources = flush_resources;
    qxl_interface.async_complete = async_complete;
    qxl_interface.update_area_complete = update_area_complete;
    qxl_interface.set_client_capabilities = set_client_capabilities;
    qxl_interface.client_monitors_config = client_monitors_config;
    qxl.base.sif = &qxl_interface.base;
    qxl.id = 0;
    spice_server_add_interface(server, &qxl.base);
    QXLDevMemSlot slot{0, 0, 0, 0, ~uintptr_t{0}, 0, 0};
    spice_qxl_add_memslot(&qxl, &slot);
    QXLDevSurfaceCreate surface{};
    surface.width = kWidth;
    surface.height = kHeight;
    surface.stride = -kWidth * 4;  // negative: top-down rows
    surface.format = SPICE_SURFACE_FMT_32_xRGB;
    surface.mouse_mode = 1;
    surface.mem = reinterpret_cast<uintptr_t>(primary.data());
    spice_qxl_create_primary_surface(&qxl, 0, &surface);
    spice_server_vm_start(server);
    std::printf("listening on 127.0.0.1:%d\n", port);
    std::fflush(stdout);
    auto start = Clock::now();
    std::thread producer([&] {
        int n = 0;
        while (!stop && Clock::now() - start < std::chrono::duration<double>(seconds)) {
            push_frame(n++);
            std::this_thread::sleep_for(std::chrono::milliseconds(33));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        if (!dump.empty()) {  // the worker renders into our primary memory on update_area
            QXLRect all{0, 0, kHeight, kWidth};
            spice_qxl_update_area(&qxl, 0, &all, nullptr, 0, 0);
            FILE* f = std::fopen((dump + ".tmp").c_str(), "wb");
            std::fprintf(f, "P6\n%d %d\n255\n", kWidth, kHeight);
            for (int y = kHeight - 1; y >= 0; --y) {  // negative stride: the last row first
                for (int x = 0; x < kWidth; ++x) {
                    uint32_t p = primary[size_t(y) * kWidth + x];
                    std::fputc(static_cast<int>((p >> 16) & 0xff), f);
                    std::fputc(static_cast<int>((p >> 8) & 0xff), f);
                    std::fputc(static_cast<int>(p & 0xff), f);
                }
            }
            std::fclose(f);
            std::rename((dump + ".tmp").c_str(), dump.c_str());
        }
        std::printf("animation stopped after %d frames\n", n);
        std::fflush(stdout);
    });
    run_loop(start +
             std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(lifetime)));
    stop = true;
    producer.join();
    spice_server_vm_stop(server);
    spice_server_destroy(server);
    return 0;
}
