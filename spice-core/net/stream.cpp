#include "spice-core/net/stream.hpp"

#include <fmt/format.h>

namespace spicedesk::core {

namespace {

std::string endpoint_text(const asio::ip::tcp::socket& s) {
    std::error_code ec;
    auto ep = s.remote_endpoint(ec);
    if (ec) {
        return "?";
    }
    return fmt::format("{}:{}", ep.address().to_string(), ep.port());
}

class TcpStream final : public Stream {
  public:
    explicit TcpStream(asio::ip::tcp::socket socket)
        : socket_(std::move(socket)), peer_(endpoint_text(socket_)) {
        std::error_code ec;
        socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    }
    void async_read(asio::mutable_buffer buffer, Handler handler) override {
        asio::async_read(socket_, buffer, std::move(handler));
    }
    void async_read_some(asio::mutable_buffer buffer, Handler handler) override {
        socket_.async_read_some(buffer, std::move(handler));
    }
    void async_write(asio::const_buffer buffer, Handler handler) override {
        asio::async_write(socket_, buffer, std::move(handler));
    }
    void close() override {
        std::error_code ec;
        socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
        socket_.close(ec);
    }
    bool secure() const override { return false; }
    std::string peer() const override { return peer_; }

  private:
    asio::ip::tcp::socket socket_;
    std::string peer_;
};

class TlsStream final : public Stream {
  public:
    TlsStream(asio::ip::tcp::socket socket, asio::ssl::context& context)
        : stream_(std::move(socket), context), peer_(endpoint_text(stream_.next_layer())) {
        std::error_code ec;
        stream_.next_layer().set_option(asio::ip::tcp::no_delay(true), ec);
    }
    asio::ssl::stream<asio::ip::tcp::socket>& ssl() { return stream_; }
    void async_read(asio::mutable_buffer buffer, Handler handler) override {
        asio::async_read(stream_, buffer, std::move(handler));
    }
    void async_read_some(asio::mutable_buffer buffer, Handler handler) override {
        stream_.async_read_some(buffer, std::move(handler));
    }
    void async_write(asio::const_buffer buffer, Handler handler) override {
        asio::async_write(stream_, buffer, std::move(handler));
    }
    void close() override {
        std::error_code ec;
        stream_.next_layer().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
        stream_.next_layer().close(ec);
    }
    bool secure() const override { return true; }
    std::string peer() const override { return peer_; }

  private:
    asio::ssl::stream<asio::ip::tcp::socket> stream_;
    std::string peer_;
};

}  // namespace

std::unique_ptr<Stream> make_tcp_stream(asio::ip::tcp::socket socket) {
    return std::make_unique<TcpStream>(std::move(socket));
}

void async_tls_accept(asio::ip::tcp::socket socket, asio::ssl::context& context,
                      std::chrono::milliseconds timeout,
                      std::function<void(Result<std::unique_ptr<Stream>>)> done) {
    auto stream = std::make_shared<std::unique_ptr<TlsStream>>(
        std::make_unique<TlsStream>(std::move(socket), context));
    auto& ssl = (*stream)->ssl();
    auto timer = std::make_shared<asio::steady_timer>(ssl.get_executor(), timeout);
    timer->async_wait([stream](std::error_code ec) {
        if (!ec && *stream) {
            (*stream)->close();  // the handshake then fails with operation_aborted
        }
    });
    ssl.async_handshake(asio::ssl::stream_base::server, [stream, timer, done = std::move(done)](
                                                            std::error_code ec) {
        bool timed_out = timer->expiry() <= asio::steady_timer::clock_type::now();
        timer->cancel();
        if (ec) {
            std::string peer = (*stream)->peer();
            (*stream)->close();
            done(make_error(fmt::format("TLS handshake with {} failed: {}", peer,
                                        timed_out ? "timed out" : ec.message())));
            return;
        }
        done(std::unique_ptr<Stream>(std::move(*stream)));
    });
}

Result<std::shared_ptr<asio::ssl::context>> make_tls_server_context(const std::string& cert_file,
                                                                    const std::string& key_file,
                                                                    const std::string& ca_file) {
    auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
    std::error_code ec;
    ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                         asio::ssl::context::no_tlsv1_1,
                     ec);
    if (ec) {
        return make_error("TLS: setting context options failed: " + ec.message());
    }
    ctx->use_certificate_chain_file(cert_file, ec);
    if (ec) {
        return make_error(
            fmt::format("TLS: cannot load certificate {}: {}", cert_file, ec.message()));
    }
    ctx->use_private_key_file(key_file, asio::ssl::context::pem, ec);
    if (ec) {
        return make_error(fmt::format("TLS: cannot load key {}: {}", key_file, ec.message()));
    }
    if (!ca_file.empty()) {
        ctx->load_verify_file(ca_file, ec);
        if (ec) {
            return make_error(fmt::format("TLS: cannot load CA {}: {}", ca_file, ec.message()));
        }
    }
    return ctx;
}

}  // namespace spicedesk::core
