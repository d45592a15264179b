#include "admin-gui/support/port_probe.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace spicedesk::gui {

bool tcp_port_in_use(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return false;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_ANY);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API's own cast
    const bool in_use = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 &&
                        errno == EADDRINUSE;
    ::close(fd);
    return in_use;
}

}  // namespace spicedesk::gui
