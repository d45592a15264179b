#include "spice-core/server/link_handler.hpp"

#include <fmt/format.h>

#include "common/log.hpp"
#include "spice-core/server/server_core.hpp"

namespace spicedesk::core {

namespace {

const char* link_error_name(SpiceLinkErr e) {
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
            return "?";
    }
}

Caps server_common_caps() {
    Caps caps;
    caps.set(SPICE_COMMON_CAP_PROTOCOL_AUTH_SELECTION);
    caps.set(SPICE_COMMON_CAP_AUTH_SPICE);
    caps.set(SPICE_COMMON_CAP_MINI_HEADER);
    return caps;
}

}  // namespace

LinkHandler::LinkHandler(ServerCore& core, std::unique_ptr<Stream> stream)
    : core_(core), stream_(std::move(stream)), timer_(core.io()) {
    core_.link_started();
}

LinkHandler::~LinkHandler() {
    core_.link_finished();
}

void LinkHandler::start() {
    timer_.expires_after(core_.config().link_timeout);
    timer_.async_wait([weak = weak_from_this()](std::error_code ec) {
        auto self = weak.lock();
        if (!ec && self && !self->done_) {
            self->fail("link stage timed out");
        }
    });
    buf_.resize(kLinkHeaderSize);
    stream_->async_read(asio::buffer(buf_), [self = shared_from_this()](std::error_code ec,
                                                                        size_t) {
        if (self->done_) {
            return;
        }
        if (ec) {
            self->fail("reading the link header: " + ec.message());
            return;
        }
        auto header = parse_link_header(self->buf_);
        if (!header) {
            self->fail(header.message());
            return;
        }
        SpiceLinkErr err = validate_link_header(*header);
        if (err != SPICE_LINK_ERR_OK) {
            self->refuse(err, fmt::format("bad link header (magic {:#x}, version {}.{}, size {})",
                                          header->magic, header->major_version,
                                          header->minor_version, header->size));
            return;
        }
        self->buf_.resize(header->size);
        self->read_mess();
    });
}

void LinkHandler::read_mess() {
    stream_->async_read(
        asio::buffer(buf_), [self = shared_from_this()](std::error_code ec, size_t) {
            if (self->done_) {
                return;
            }
            if (ec) {
                self->fail("reading the link message: " + ec.message());
                return;
            }
            auto mess = parse_link_mess(self->buf_);
            if (!mess) {
                self->refuse(SPICE_LINK_ERR_INVALID_DATA, mess.message());
                return;
            }
            self->link_ = std::move(*mess);
            SpiceLinkErr err = self->core_.check_link(self->link_, self->stream_->secure());
            if (err != SPICE_LINK_ERR_OK) {
                self->refuse(err, fmt::format("channel {}:{} refused", self->link_.channel_type,
                                              self->link_.channel_id));
                return;
            }
            self->send_reply();
        });
}

void LinkHandler::send_reply() {
    core_.key_pool().take(core_.io(), [self = shared_from_this()](Result<TicketKey> key) {
        if (self->done_) {
            return;
        }
        if (!key) {
            self->refuse(SPICE_LINK_ERR_ERROR, key.message());
            return;
        }
        self->key_ = std::move(*key);
        self->send_reply_with_key();
    });
}

void LinkHandler::send_reply_with_key() {
    auto reply = write_link_reply(SPICE_LINK_ERR_OK, key_->public_der(), server_common_caps(),
                                  core_.channel_caps(link_));
    reply_sent_ = true;
    write(std::move(reply), [this] {
        if (link_.common_caps.has(SPICE_COMMON_CAP_PROTOCOL_AUTH_SELECTION)) {
            read_auth_mechanism();
        } else {
            read_ticket();
        }
    });
}

void LinkHandler::read_auth_mechanism() {
    buf_.resize(4);
    stream_->async_read(
        asio::buffer(buf_), [self = shared_from_this()](std::error_code ec, size_t) {
            if (self->done_) {
                return;
            }
            if (ec) {
                self->fail("reading the auth mechanism: " + ec.message());
                return;
            }
            auto mech = parse_auth_mechanism(self->buf_);
            if (!mech || *mech != SPICE_COMMON_CAP_AUTH_SPICE) {
                self->refuse(SPICE_LINK_ERR_INVALID_DATA,
                             fmt::format("unsupported auth mechanism {}", mech ? *mech : 0));
                return;
            }
            self->read_ticket();
        });
}

void LinkHandler::read_ticket() {
    buf_.resize(kEncryptedTicketSize);
    stream_->async_read(asio::buffer(buf_),
                        [self = shared_from_this()](std::error_code ec, size_t) {
                            if (self->done_) {
                                return;
                            }
                            if (ec) {
                                self->fail("reading the ticket: " + ec.message());
                                return;
                            }
                            self->check_ticket();
                        });
}

void LinkHandler::check_ticket() {
    Result<std::string> presented = key_->decrypt(buf_);
    std::string why;
    SpiceLinkErr err = core::check_ticket(core_.ticket(), presented, Clock::now(), &why);
    if (err != SPICE_LINK_ERR_OK) {
        refuse(err, "authentication failed: " + why);
        return;
    }
    // Re-check: the session may have ended while the client was encrypting.
    err = core_.check_link(link_, stream_->secure());
    if (err != SPICE_LINK_ERR_OK) {
        refuse(err, "channel no longer available");
        return;
    }
    write(write_link_result(SPICE_LINK_ERR_OK), [this] {
        done_ = true;
        timer_.cancel();
        log::info("spice-server", "{}: linked channel {}:{} ({})", stream_->peer(),
                  link_.channel_type, link_.channel_id, stream_->secure() ? "TLS" : "plain");
        bool mini = link_.common_caps.has(SPICE_COMMON_CAP_MINI_HEADER);
        core_.attach(std::move(stream_), std::move(link_), mini);
    });
}

void LinkHandler::write(std::vector<uint8_t> data, std::function<void()> then) {
    out_ = std::move(data);
    stream_->async_write(asio::buffer(out_), [self = shared_from_this(), then = std::move(then)](
                                                 std::error_code ec, size_t) {
        if (self->done_) {
            return;
        }
        if (ec) {
            self->fail("writing: " + ec.message());
            return;
        }
        then();
    });
}

void LinkHandler::refuse(SpiceLinkErr error, const std::string& reason) {
    log::warn("spice-server", "{}: link refused with {}: {}", stream_->peer(),
              link_error_name(error), reason);
    ++core_.stats().link_failures;
    std::vector<uint8_t> data =
        reply_sent_ ? write_link_result(error) : write_link_reply(error, {}, Caps{}, Caps{});
    out_ = std::move(data);
    done_ = true;
    stream_->async_write(asio::buffer(out_), [self = shared_from_this()](std::error_code, size_t) {
        self->timer_.cancel();
        self->stream_->close();
    });
}

void LinkHandler::fail(const std::string& reason) {
    log::warn("spice-server", "{}: link failed: {}", stream_->peer(), reason);
    ++core_.stats().link_failures;
    done_ = true;
    timer_.cancel();
    stream_->close();
}

}  // namespace spicedesk::core
