#pragma once

// The guest agent's port: the server's end of the virtio-serial port "com.redhat.spice.0", shaped
// like libspice-server's SpiceCharDeviceInterface for the vdagent so that spice-core/abi can later
// plug QEMU's spicevmc char device in unchanged:
//   - AgentPort is what the guest side implements (sif->state / write / read);
//   - AgentPortListener is what the server offers the guest side: the guest opened the port
//     (QEMU calls spice_server_add_interface then), closed it (spice_server_remove_interface), or
//     has bytes to read / room to write (spice_server_char_device_wakeup).
// The bytes are VDIChunkHeader-framed (protocol/agent.hpp): the server writes chunks for
// VDP_CLIENT_PORT (the client's messages) and VDP_SERVER_PORT (its own) and reads the guest's.

#include <cstddef>
#include <cstdint>
#include <span>

namespace spicedesk::core {

class AgentPortListener {
  public:
    virtual ~AgentPortListener() = default;
    // Thread-safe and non-blocking (the server only queues the work): the guest side may call
    // them from any thread, holding its own locks.
    virtual void agent_port_opened() = 0;
    virtual void agent_port_closed() = 0;
    virtual void agent_port_wakeup() = 0;
};

class AgentPort {
  public:
    virtual ~AgentPort() = default;
    // Server start / stop: the listener to tell (nullptr: stop telling). If the guest already
    // has the port open, the port calls agent_port_opened() right after attaching.
    virtual void attach(AgentPortListener* listener) = 0;
    // The calls below come from the server thread only, while the guest has the port open.
    // The server opened (true) or closed (false) its end (SpiceCharDeviceInterface::state).
    virtual void state(bool server_connected) = 0;
    // Returns the number of bytes the guest side took (0..size): the rest is offered again after
    // the next agent_port_wakeup().
    virtual size_t write(std::span<const uint8_t> bytes) = 0;
    // Returns the number of bytes the guest wrote that fit into buffer (0: nothing pending).
    virtual size_t read(std::span<uint8_t> buffer) = 0;
};

}  // namespace spicedesk::core
