#include "spice-core/client/channel.hpp"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <cstring>

#include "common/log.hpp"
#include "spice-core/client/session_impl.hpp"
#include "spice-core/client/wire/base.hpp"
#include "spice-core/net/ticket_auth.hpp"
#include "spice-core/protocol/base.hpp"
#include "spice-core/protocol/link.hpp"
#include "spice-core/protocol/writer.hpp"

namespace spicedesk::core::client {

namespace {

constexpr std::string_view kLog = "spice-client";
constexpr size_t kReadChunk = 256 * 1024;
constexpr uint32_t kMaxLinkReply = 4096;

const char* link_error_name(uint32_t e) {
    switch (e) {
        case SPICE_LINK_ERR_OK:
            return "OK";
        case SPICE_LINK_ERR_ERROR:
            return "ERROR";
        case SPICE_LINK_ERR_INVALID_MAGIC:
            return "INVALID_MAGIC";
        case SPICE_LINK_ERR_INVALID_DATA:
            return "INVALID_DATA";
        case SPICE_LINK_ERR_VERSION_MISMATCH:
            return "VERSION_MISMATCH";
        case SPICE_LINK_ERR_NEED_SECURED:
            return "NEED_SECURED";
        case SPICE_LINK_ERR_NEED_UNSECURED:
            return "NEED_UNSECURED";
        case SPICE_LINK_ERR_PERMISSION_DENIED:
            return "PERMISSION_DENIED";
        case SPICE_LINK_ERR_BAD_CONNECTION_ID:
            return "BAD_CONNECTION_ID";
        case SPICE_LINK_ERR_CHANNEL_NOT_AVAILABLE:
            return "CHANNEL_NOT_AVAILABLE";
        default:
            return "unknown link error";
    }
}

bool is_ip_address(const std::string& host) {
    std::error_code ec;
    (void)asio::ip::make_address(host, ec);
    return !ec;
}

// "C=XX,L=city,O=org,CN=host" as an X509_NAME (spice-gtk's host-subject syntax; "\," escapes).
struct X509NameFree {
    void operator()(X509_NAME* n) const { X509_NAME_free(n); }
};
std::unique_ptr<X509_NAME, X509NameFree> parse_subject(const std::string& text) {
    std::unique_ptr<X509_NAME, X509NameFree> name(X509_NAME_new());
    std::string key, value, *cur = &key;
    auto flush = [&]() -> bool {
        if (key.empty()) {
            return false;
        }
        while (!key.empty() && key.front() == ' ') {
            key.erase(key.begin());
        }
        bool ok = X509_NAME_add_entry_by_txt(name.get(), key.c_str(), MBSTRING_UTF8,
                                             reinterpret_cast<const unsigned char*>(value.c_str()),
                                             -1, -1, 0) == 1;
        key.clear();
        value.clear();
        cur = &key;
        return ok;
    };
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\\' && i + 1 < text.size()) {
            *cur += text[++i];
        } else if (c == '=' && cur == &key) {
            cur = &value;
        } else if (c == ',') {
            if (!flush()) {
                return nullptr;
            }
        } else {
            *cur += c;
        }
    }
    if (!flush()) {
        return nullptr;
    }
    return name;
}

}  // namespace

Channel::Channel(SessionImpl& session, uint8_t type, uint8_t id)
    : session_(session), type_(type), id_(id), resolver_(session.io()), link_timer_(session.io()) {}

Channel::~Channel() = default;

const char* Channel::type_name(uint8_t type) {
    switch (type) {
        case SPICE_CHANNEL_MAIN:
            return "main";
        case SPICE_CHANNEL_DISPLAY:
            return "display";
        case SPICE_CHANNEL_INPUTS:
            return "inputs";
        case SPICE_CHANNEL_CURSOR:
            return "cursor";
        case SPICE_CHANNEL_PLAYBACK:
            return "playback";
        case SPICE_CHANNEL_RECORD:
            return "record";
        case SPICE_CHANNEL_USBREDIR:
            return "usbredir";
        case SPICE_CHANNEL_PORT:
            return "port";
        case SPICE_CHANNEL_WEBDAV:
            return "webdav";
        default:
            return "unknown";
    }
}

std::string Channel::name() const {
    return fmt::format("{} channel {}", type_name(type_), id_);
}

void Channel::start() {
    const auto& o = session_.options();
    connect(o.port == 0 && o.tls_port != 0);
}

void Channel::connect(bool tls) {
    const auto& o = session_.options();
    uint16_t port = tls ? o.tls_port : o.port;
    if (port == 0) {
        close(
            make_error(fmt::format("{}: no {} port to connect to", name(), tls ? "TLS" : "plain")));
        return;
    }
    tried_tls_ = tried_tls_ || tls;
    linked_ = false;
    framing_.reset();
    tls_.reset();
    tcp_.emplace(session_.io());
    link_timer_.expires_after(kLinkTimeout);
    auto self = shared_from_this();
    link_timer_.async_wait([self](const std::error_code& ec) {
        if (!ec && !self->linked_ && !self->closed_) {
            self->close(make_error(
                fmt::format("{}: no link within {} s", self->name(), kLinkTimeout.count())));
        }
    });
    resolver_.async_resolve(
        o.host, std::to_string(port),
        [self, tls](const std::error_code& ec, asio::ip::tcp::resolver::results_type results) {
            if (self->closed_) {
                return;
            }
            if (ec) {
                self->fail("resolving " + self->session_.options().host, ec);
                return;
            }
            asio::async_connect(*self->tcp_, results,
                                [self, tls](const std::error_code& ec2, const auto&) {
                                    if (self->closed_) {
                                        return;
                                    }
                                    if (ec2) {
                                        self->fail("connecting", ec2);
                                        return;
                                    }
                                    self->on_connected(tls);
                                });
        });
}

void Channel::on_connected(bool tls) {
    std::error_code ec;
    tcp_->set_option(asio::ip::tcp::no_delay(true), ec);
    if (!tls) {
        send_link();
        return;
    }
    auto ctx = session_.tls_context();
    if (!ctx) {
        close(ctx.error());
        return;
    }
    tls_ = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket>>(std::move(*tcp_), **ctx);
    tcp_.reset();
    const auto& o = session_.options();
    SSL* ssl = tls_->native_handle();
    if (o.host_subject.empty()) {
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
        if (is_ip_address(o.host)) {
            X509_VERIFY_PARAM_set1_ip_asc(param, o.host.c_str());
        } else {
            X509_VERIFY_PARAM_set1_host(param, o.host.c_str(), 0);
            SSL_set_tlsext_host_name(ssl, o.host.c_str());
        }
    }
    auto self = shared_from_this();
    tls_->async_handshake(asio::ssl::stream_base::client, [self](const std::error_code& hec) {
        if (self->closed_) {
            return;
        }
        if (hec) {
            long verify = SSL_get_verify_result(self->tls_->native_handle());
            std::string why = hec.message();
            if (verify != X509_V_OK) {
                why = fmt::format("certificate verification failed: {}",
                                  X509_verify_cert_error_string(verify));
            }
            self->close(make_error(fmt::format("{}: TLS handshake with {}:{} failed: {}",
                                               self->name(), self->session_.options().host,
                                               self->session_.options().tls_port, why)));
            return;
        }
        const auto& opts = self->session_.options();
        if (!opts.host_subject.empty()) {
            auto want = parse_subject(opts.host_subject);
            X509* cert = SSL_get1_peer_certificate(self->tls_->native_handle());
            bool match = false;
            if (cert != nullptr && want) {
                match = X509_NAME_cmp(X509_get_subject_name(cert), want.get()) == 0;
            }
            X509_free(cert);
            if (!want) {
                self->close(make_error(fmt::format("{}: cannot parse host subject '{}'",
                                                   self->name(), opts.host_subject)));
                return;
            }
            if (!match) {
                self->close(
                    make_error(fmt::format("{}: the server certificate's subject is not '{}'",
                                           self->name(), opts.host_subject)));
                return;
            }
        }
        self->send_link();
    });
}

void Channel::send_link() {
    LinkMess mess;
    mess.connection_id = type_ == SPICE_CHANNEL_MAIN ? 0 : session_.connection_id();
    mess.channel_type = type_;
    mess.channel_id = id_;
    mess.common_caps.set(SPICE_COMMON_CAP_PROTOCOL_AUTH_SELECTION)
        .set(SPICE_COMMON_CAP_AUTH_SPICE)
        .set(SPICE_COMMON_CAP_MINI_HEADER);
    mess.channel_caps = channel_caps();
    link_buf_ = write_link_mess(mess);
    auto self = shared_from_this();
    with_stream([&](auto& s) {
        asio::async_write(s, asio::buffer(link_buf_), [self](const std::error_code& ec, size_t) {
            if (self->closed_) {
                return;
            }
            if (ec) {
                self->fail("sending the link message", ec);
                return;
            }
            self->read_link_reply();
        });
    });
}

void Channel::read_link_reply() {
    link_buf_.assign(kLinkHeaderSize, 0);
    auto self = shared_from_this();
    with_stream([&](auto& s) {
        asio::async_read(s, asio::buffer(link_buf_), [self](const std::error_code& ec, size_t) {
            if (self->closed_) {
                return;
            }
            if (ec) {
                self->fail("reading the link reply", ec);
                return;
            }
            auto header = parse_link_header(self->link_buf_);
            if (!header || header->magic != SPICE_MAGIC) {
                self->close(
                    make_error(self->name() + ": the server's link reply has no SPICE magic"));
                return;
            }
            if (header->major_version != SPICE_VERSION_MAJOR) {
                self->close(make_error(fmt::format("{}: server speaks SPICE {}.{}, we speak {}",
                                                   self->name(), header->major_version,
                                                   header->minor_version, SPICE_VERSION_MAJOR)));
                return;
            }
            if (header->size < 4 || header->size > kMaxLinkReply) {
                self->close(make_error(
                    fmt::format("{}: link reply of {} bytes", self->name(), header->size)));
                return;
            }
            self->link_buf_.assign(header->size, 0);
            self->with_stream([&](auto& s2) {
                asio::async_read(s2, asio::buffer(self->link_buf_),
                                 [self](const std::error_code& ec2, size_t) {
                                     if (self->closed_) {
                                         return;
                                     }
                                     if (ec2) {
                                         self->fail("reading the link reply", ec2);
                                         return;
                                     }
                                     self->on_link_reply(self->link_buf_, self->secure());
                                 });
            });
        });
    });
}

void Channel::on_link_reply(std::span<const uint8_t> body, bool tls) {
    if (body.size() >= 4) {
        uint32_t error = uint32_t{body[0]} | uint32_t{body[1]} << 8 | uint32_t{body[2]} << 16 |
                         uint32_t{body[3]} << 24;
        if (error == SPICE_LINK_ERR_NEED_SECURED && !tls && !tried_tls_ &&
            session_.options().tls_port != 0) {
            log::info(kLog, "{}: the server needs TLS; reconnecting on the TLS port", name());
            std::error_code ec;
            tcp_->close(ec);
            connect(true);
            return;
        }
        if (error != SPICE_LINK_ERR_OK) {
            close(make_error(fmt::format("{}: the server refused the link: {}", name(),
                                         link_error_name(error))));
            return;
        }
    }
    auto reply = parse_link_reply(body);
    if (!reply) {
        close(make_error(fmt::format("{}: {}", name(), reply.message())));
        return;
    }
    remote_common_caps_ = reply->common_caps;
    remote_channel_caps_ = reply->channel_caps;
    auto ticket = TicketKey::encrypt_for(reply->pub_key, session_.options().password);
    if (!ticket) {
        close(make_error(fmt::format("{}: encrypting the ticket: {}", name(), ticket.message())));
        return;
    }
    Writer w;
    if (remote_common_caps_.has(SPICE_COMMON_CAP_PROTOCOL_AUTH_SELECTION)) {
        w.u32(SPICE_COMMON_CAP_AUTH_SPICE);
    }
    w.bytes(*ticket);
    link_buf_ = w.take();
    auto self = shared_from_this();
    with_stream([&](auto& s) {
        asio::async_write(s, asio::buffer(link_buf_), [self](const std::error_code& ec, size_t) {
            if (self->closed_) {
                return;
            }
            if (ec) {
                self->fail("sending the ticket", ec);
                return;
            }
            self->read_link_result();
        });
    });
}

void Channel::read_link_result() {
    link_buf_.assign(4, 0);
    auto self = shared_from_this();
    with_stream([&](auto& s) {
        asio::async_read(s, asio::buffer(link_buf_), [self](const std::error_code& ec, size_t) {
            if (self->closed_) {
                return;
            }
            if (ec) {
                self->fail("reading the link result", ec);
                return;
            }
            const auto& b = self->link_buf_;
            uint32_t result =
                uint32_t{b[0]} | uint32_t{b[1]} << 8 | uint32_t{b[2]} << 16 | uint32_t{b[3]} << 24;
            if (result == SPICE_LINK_ERR_PERMISSION_DENIED) {
                self->close(make_error(fmt::format(
                    "{}: authentication failed (wrong password or expired ticket)", self->name())));
                return;
            }
            if (result != SPICE_LINK_ERR_OK) {
                self->close(make_error(
                    fmt::format("{}: link failed: {}", self->name(), link_error_name(result))));
                return;
            }
            self->linked_ = true;
            self->link_timer_.cancel();
            self->framing_.emplace(self->remote_common_caps_.has(SPICE_COMMON_CAP_MINI_HEADER));
            log::info(kLog, "{} linked{}", self->name(), self->secure() ? " (TLS)" : "");
            self->on_linked();
            if (!self->closed_) {
                self->start_reading();
                self->write_next();
            }
        });
    });
}

void Channel::start_reading() {
    if (in_.size() - in_len_ < kReadChunk / 4) {
        in_.resize(std::max(in_.size() * 2, in_len_ + kReadChunk));
    }
    auto self = shared_from_this();
    with_stream([&](auto& s) {
        s.async_read_some(asio::buffer(in_.data() + in_len_, in_.size() - in_len_),
                          [self](const std::error_code& ec, size_t n) {
                              if (self->closed_) {
                                  return;
                              }
                              if (ec) {
                                  self->fail("reading", ec);
                                  return;
                              }
                              self->on_read(n);
                          });
    });
}

void Channel::on_read(size_t n) {
    in_len_ += n;
    size_t pos = 0;
    const size_t hsize = framing_->header_size();
    while (!closed_ && in_len_ - pos >= hsize) {
        auto header = framing_->parse_header(std::span(in_.data() + pos, hsize), kMaxMessageBody);
        if (!header) {
            close(make_error(fmt::format("{}: {}", name(), header.message())));
            return;
        }
        if (in_len_ - pos - hsize < header->size) {
            if (in_.size() < hsize + header->size) {
                // Make room for the whole message (after compacting).
                std::memmove(in_.data(), in_.data() + pos, in_len_ - pos);
                in_len_ -= pos;
                pos = 0;
                in_.resize(hsize + header->size + kReadChunk);
            }
            break;
        }
        auto body = std::span<const uint8_t>(in_.data() + pos + hsize, header->size);
        pos += hsize + header->size;
        if (ack_window_ != 0 && ++ack_count_ >= ack_window_) {
            ack_count_ = 0;
            send(SPICE_MSGC_ACK, {});
        }
        if (auto st = dispatch(header->type, body); !st) {
            close(make_error(fmt::format("{}: {}", name(), st.message())));
            return;
        }
    }
    if (closed_) {
        return;
    }
    if (pos > 0) {
        std::memmove(in_.data(), in_.data() + pos, in_len_ - pos);
        in_len_ -= pos;
    }
    on_batch_end();
    if (!closed_) {
        start_reading();
    }
}

Status Channel::dispatch(uint16_t type, std::span<const uint8_t> body) {
    if (wire::is_base_message(type)) {
        return handle_base(type, body);
    }
    return handle(type, body);
}

Status Channel::handle_base(uint16_t type, std::span<const uint8_t> body) {
    auto msg = wire::parse_base_message(type, body);
    if (!msg) {
        return msg.error();
    }
    if (auto* m = std::get_if<wire::SetAck>(&*msg)) {
        ack_window_ = m->window;
        ack_count_ = 0;
        Writer w;
        w.u32(m->generation);
        send(SPICE_MSGC_ACK_SYNC, w.take());
    } else if (auto* p = std::get_if<wire::Ping>(&*msg)) {
        Writer w;
        w.u32(p->id);
        w.u64(p->timestamp);
        send(SPICE_MSGC_PONG, w.take());
    } else if (auto* d = std::get_if<wire::Disconnecting>(&*msg)) {
        disconnect_reason_ = d->reason;
        log::info(kLog, "{}: the server is disconnecting ({})", name(), link_error_name(d->reason));
    } else if (auto* nt = std::get_if<wire::Notify>(&*msg)) {
        log::info(kLog, "{}: server notice (severity {}, code {}): {}", name(), nt->severity,
                  nt->what, nt->message);
    }
    // WAIT_FOR_CHANNELS: every channel's messages are applied in arrival order on one thread,
    // and our caches are per channel, so nothing waits. MIGRATE/MIGRATE_DATA/LIST: ignored (no
    // migration; LIST only comes with the full header).
    return {};
}

void Channel::send(uint16_t type, std::vector<uint8_t> body) {
    if (closed_) {
        return;
    }
    std::vector<uint8_t> out;
    if (framing_) {
        framing_->append(out, type, body);
    } else {
        return;  // not linked yet: nothing of ours may go out before the link completes
    }
    out_.push_back(std::move(out));
    write_next();
}

void Channel::write_next() {
    if (writing_ || out_.empty() || closed_ || !linked_) {
        return;
    }
    writing_ = true;
    auto self = shared_from_this();
    with_stream([&](auto& s) {
        asio::async_write(s, asio::buffer(out_.front()), [self](const std::error_code& ec, size_t) {
            self->writing_ = false;
            if (self->closed_) {
                return;
            }
            if (ec) {
                self->fail("writing", ec);
                return;
            }
            self->out_.pop_front();
            self->write_next();
        });
    });
}

void Channel::fail(const std::string& what, const std::error_code& ec) {
    if (ec == asio::error::eof || ec == asio::error::connection_reset ||
        ec == asio::ssl::error::stream_truncated) {
        if (disconnect_reason_ != 0 || linked_) {
            close(make_error(fmt::format(
                "{}: the server closed the connection{}", name(),
                disconnect_reason_ != 0 ? fmt::format(" ({})", link_error_name(disconnect_reason_))
                                        : std::string())));
            return;
        }
    }
    const auto& o = session_.options();
    close(make_error(fmt::format("{}: {} {}:{} failed: {}", name(), what, o.host,
                                 secure() || (o.port == 0) ? o.tls_port : o.port, ec.message())));
}

void Channel::close(Status why) {
    if (closed_) {
        return;
    }
    closed_ = true;
    std::error_code ec;
    link_timer_.cancel();
    resolver_.cancel();
    if (tls_) {
        tls_->lowest_layer().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
        tls_->lowest_layer().close(ec);
    } else if (tcp_) {
        tcp_->shutdown(asio::ip::tcp::socket::shutdown_both, ec);
        tcp_->close(ec);
    }
    if (!why) {
        log::warn(kLog, "{}", why.message());
    }
    on_closed(why);
    session_.channel_closed(*this, why);
}

}  // namespace spicedesk::core::client
