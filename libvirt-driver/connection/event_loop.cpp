#include "libvirt-driver/connection/event_loop.hpp"

#include <glib.h>
#include <libvirt-glib/libvirt-glib.h>
#include <pthread.h>

#include <mutex>
#include <thread>

namespace spicedesk::virt {

void register_glib_event_loop() {
    static std::once_flag once;
    std::call_once(once, [] { gvir_event_register(); });
}

void run_event_loop_thread() {
    static std::once_flag once;
    std::call_once(once, [] {
        register_glib_event_loop();
        std::thread([] {
            pthread_setname_np(pthread_self(), "virt-events");
            GMainLoop* loop = g_main_loop_new(nullptr, FALSE);
            g_main_loop_run(loop);  // runs for the life of the process
        }).detach();
    });
}

}  // namespace spicedesk::virt
