#pragma once

// Server settings (the C++ API's equivalent of spice-server's spice_server_set_*).

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "spice-core/net/ticket_auth.hpp"
#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

struct AreaPixels;

// libvirt's <graphics defaultMode> / <channel name mode>: any, secure (TLS only),
// insecure (plain only).
enum class ChannelSecurity { kAny, kSecure, kInsecure };

struct TlsFiles {
    std::string cert_file;
    std::string key_file;
    std::string ca_file;
};

struct ServerConfig {
    std::string address = "127.0.0.1";
    int port = 5900;    // -1: no plain port; 0: ephemeral
    int tls_port = -1;  // -1: no TLS port; 0: ephemeral
    TlsFiles tls;       // required when tls_port >= 0
    Ticket ticket;      // no password: authentication disabled
    ChannelSecurity default_security = ChannelSecurity::kAny;
    std::map<uint8_t, ChannelSecurity> channel_security;  // by SPICE_CHANNEL_* type
    // SPICE_IMAGE_COMPRESSION_OFF, _LZ4, or _AUTO_LZ (LZ4 when the client supports it);
    // a client's PREFERRED_COMPRESSION overrides it per connection.
    SpiceImageCompression image_compression = SPICE_IMAGE_COMPRESSION_AUTO_LZ;
    uint32_t ack_window = 20;                  // SET_ACK window (messages)
    size_t max_pending_display_updates = 512;  // beyond: coalesce to one full refresh
    size_t max_send_queue_bytes = 4 << 20;     // stop producing draws above this
    uint32_t max_client_message = 1 << 20;     // larger messages close the connection
    // A connection must finish the TLS handshake, and then the link stage, within this.
    std::chrono::milliseconds link_timeout{10000};
    // Test hook: called on the server thread with each full refresh a display client gets.
    std::function<void(uint8_t channel_id, uint32_t surface_id, const AreaPixels&)>
        full_refresh_observer;
};

}  // namespace spicedesk::core
