#pragma once

// Whether a TCP port is already taken on this host, so the editor can refuse a fixed display
// port before libvirt fails to start the machine on it.

#include <string>

namespace spicedesk::gui {

// True when something listens on `port` (bind on the wildcard address fails with EADDRINUSE).
bool tcp_port_in_use(int port);

}  // namespace spicedesk::gui
