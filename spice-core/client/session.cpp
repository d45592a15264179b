#include <fmt/format.h>
#include <pthread.h>

#include "common/log.hpp"
#include "spice-core/client/channels.hpp"
#include "spice-core/client/session_impl.hpp"
#include "spice-core/net/openssl_handles.hpp"

namespace spicedesk::core::client {

namespace {
constexpr std::string_view kLog = "spice-client";
}

std::unique_ptr<Session> Session::start(ConnectOptions options, SessionObserver& observer) {
    auto session = std::make_unique<SessionImpl>(std::move(options), observer);
    session->run();
    return session;
}

const std::map<uint8_t, SessionImpl::Factory>& SessionImpl::factories() {
    static const std::map<uint8_t, Factory> table = {
        {SPICE_CHANNEL_DISPLAY,
         [](SessionImpl& s, uint8_t id) { return std::make_shared<DisplayChannel>(s, id); }},
        {SPICE_CHANNEL_INPUTS,
         [](SessionImpl& s, uint8_t id) { return std::make_shared<InputsChannel>(s, id); }},
        {SPICE_CHANNEL_CURSOR,
         [](SessionImpl& s, uint8_t id) { return std::make_shared<CursorChannel>(s, id); }},
    };
    return table;
}

SessionImpl::SessionImpl(ConnectOptions options, SessionObserver& observer)
    : options_(std::move(options)), observer_(observer) {}

SessionImpl::~SessionImpl() {
    close();
    work_.reset();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void SessionImpl::run() {
    work_.emplace(io_.get_executor());
    asio::post(io_, [this] {
        if (options_.port == 0 && options_.tls_port == 0) {
            finish(make_error("no port to connect to (neither a plain nor a TLS port)"));
            return;
        }
        main_ = std::make_shared<MainChannel>(*this);
        main_->start();
    });
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "spice-client");
        io_.run();
    });
}

void SessionImpl::close() {
    asio::post(io_, [this] { finish({}); });
}

void SessionImpl::finish(Status why) {
    if (finished_) {
        return;
    }
    finished_ = true;
    // Close the channels (their handlers still hold them until they run).
    auto channels = std::move(channels_);
    for (auto& c : channels) {
        c->close({});
    }
    if (main_) {
        main_->close({});
    }
    inputs_ = nullptr;
    observer_.on_closed(why);
}

Result<asio::ssl::context*> SessionImpl::tls_context() {
    if (tls_context_) {
        return tls_context_.get();
    }
    auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
    ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3);
    std::error_code ec;
    if (!options_.ca_file.empty()) {
        ctx->load_verify_file(options_.ca_file, ec);
        if (ec) {
            return make_error(
                fmt::format("cannot load the CA file {}: {}", options_.ca_file,
                            openssl_error().empty() ? ec.message() : openssl_error()));
        }
    } else {
        ctx->set_default_verify_paths(ec);
    }
    ctx->set_verify_mode(asio::ssl::verify_peer);
    tls_context_ = std::move(ctx);
    return tls_context_.get();
}

void SessionImpl::open_channels(const std::vector<std::pair<uint8_t, uint8_t>>& list) {
    if (finished_) {
        return;
    }
    for (auto [type, id] : list) {
        if (type == SPICE_CHANNEL_MAIN) {
            continue;
        }
        bool exists = false;
        for (const auto& c : channels_) {
            exists = exists || (c->type() == type && c->id() == id);
        }
        if (exists) {
            continue;
        }
        auto it = factories().find(type);
        if (it == factories().end()) {
            log::info(kLog, "skipping {} channel {} (type {}): not supported yet",
                      Channel::type_name(type), id, type);
            continue;
        }
        auto channel = it->second(*this, id);
        channels_.push_back(channel);
        channel->start();
    }
}

void SessionImpl::channel_closed(Channel& channel, const Status& why) {
    if (finished_) {
        return;
    }
    if (&channel == main_.get()) {
        finish(why ? Status(make_error("the server closed the main channel")) : why);
        return;
    }
    observer_.on_channel_closed(channel.type(), channel.id(), why);
    // Drop it from the table (its pending handlers keep it alive until they run).
    std::erase_if(channels_, [&](const auto& c) { return c.get() == &channel; });
}

std::shared_ptr<FrameBuffer> SessionImpl::frame(uint32_t channel_id) {
    std::lock_guard lock(frames_mutex_);
    auto& f = frames_[channel_id];
    if (!f) {
        f = std::make_shared<FrameBuffer>();
    }
    return f;
}

bool SessionImpl::with_frame(uint32_t channel_id,
                             const std::function<void(const FrameView&)>& fn) const {
    std::shared_ptr<FrameBuffer> f;
    {
        std::lock_guard lock(frames_mutex_);
        auto it = frames_.find(channel_id);
        if (it == frames_.end()) {
            return false;
        }
        f = it->second;
    }
    std::lock_guard lock(f->mutex);
    if (f->width == 0 || f->height == 0) {
        return false;
    }
    FrameView view{f->pixels.data(), f->width, f->height, f->width};
    fn(view);
    return true;
}

void SessionImpl::send_key_down(uint32_t scancode) {
    asio::post(io_, [this, scancode] {
        if (inputs_ != nullptr) {
            inputs_->key_down(scancode);
        }
    });
}

void SessionImpl::send_key_up(uint32_t scancode) {
    asio::post(io_, [this, scancode] {
        if (inputs_ != nullptr) {
            inputs_->key_up(scancode);
        }
    });
}

void SessionImpl::send_mouse_position(uint32_t channel_id, int x, int y, uint32_t buttons) {
    asio::post(io_, [=, this] {
        if (inputs_ != nullptr) {
            inputs_->mouse_position(channel_id, x, y, buttons);
        }
    });
}

void SessionImpl::send_mouse_motion(int dx, int dy, uint32_t buttons) {
    asio::post(io_, [=, this] {
        if (inputs_ != nullptr) {
            inputs_->mouse_motion(dx, dy, buttons);
        }
    });
}

void SessionImpl::send_mouse_press(uint32_t button, uint32_t buttons) {
    asio::post(io_, [=, this] {
        if (inputs_ != nullptr) {
            inputs_->mouse_button(true, button, buttons);
        }
    });
}

void SessionImpl::send_mouse_release(uint32_t button, uint32_t buttons) {
    asio::post(io_, [=, this] {
        if (inputs_ != nullptr) {
            inputs_->mouse_button(false, button, buttons);
        }
    });
}

void SessionImpl::request_mouse_mode(MouseMode mode) {
    asio::post(io_, [this, mode] {
        if (main_ && !finished_) {
            static_cast<MainChannel*>(main_.get())->request_mouse_mode(mode);
        }
    });
}

void SessionImpl::request_monitors(std::vector<MonitorRequest> monitors) {
    asio::post(io_, [this, monitors = std::move(monitors)] {
        if (!main_ || finished_) {
            return;
        }
        auto st = static_cast<MainChannel*>(main_.get())->agent().request_monitors(monitors);
        if (!st) {
            log::info(kLog, "{}", st.error().message);
        }
    });
}

}  // namespace spicedesk::core::client
