#pragma once

// libvirt needs a registered event loop for its QEMU driver (embedded or remote events).
// spicedesk registers libvirt-glib's, so libvirt's callbacks run on the GLib main context:
// the GUI iterates it in its own main loop; a command-line program asks for a thread that
// iterates it instead.

namespace spicedesk::virt {

// Registers libvirt-glib's event implementation once per process. Safe to call repeatedly.
void register_glib_event_loop();

// Registers the loop and runs the default GLib main context on a background thread named
// "virt-events" until the process exits. For programs without a GLib main loop of their own.
void run_event_loop_thread();

}  // namespace spicedesk::virt
