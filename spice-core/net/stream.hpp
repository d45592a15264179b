#pragma once

// A byte stream to one peer: plain TCP or TLS over TCP (Asio + OpenSSL). Owned by the
// server's io thread; every call and every handler runs there.

#include <asio.hpp>
#include <asio/ssl.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

#include "common/result.hpp"

namespace spicedesk::core {

class Stream {
  public:
    using Handler = std::function<void(std::error_code, size_t)>;

    virtual ~Stream() = default;
    // Reads exactly buffer.size() bytes.
    virtual void async_read(asio::mutable_buffer buffer, Handler handler) = 0;
    virtual void async_read_some(asio::mutable_buffer buffer, Handler handler) = 0;
    // Writes all of buffer.
    virtual void async_write(asio::const_buffer buffer, Handler handler) = 0;
    virtual void close() = 0;
    virtual bool secure() const = 0;
    virtual std::string peer() const = 0;
};

std::unique_ptr<Stream> make_tcp_stream(asio::ip::tcp::socket socket);
// Performs the server-side TLS handshake, then calls done with the stream or an error
// (also when the handshake takes longer than timeout).
void async_tls_accept(asio::ip::tcp::socket socket, asio::ssl::context& context,
                      std::chrono::milliseconds timeout,
                      std::function<void(Result<std::unique_ptr<Stream>>)> done);

// A TLS server context from PEM files; ca_file (optional) is loaded as verify locations.
Result<std::shared_ptr<asio::ssl::context>> make_tls_server_context(const std::string& cert_file,
                                                                    const std::string& key_file,
                                                                    const std::string& ca_file);

}  // namespace spicedesk::core
