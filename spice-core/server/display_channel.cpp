#include "spice-core/server/display_channel.hpp"

#include <algorithm>

#include "common/log.hpp"
#include "spice-core/protocol/spice_headers.hpp"
#include "spice-core/server/server_core.hpp"
#include "spice-core/server/session.hpp"

namespace spicedesk::core {

namespace {

// spice-gtk sends PREFERRED_COMPRESSION right after DISPLAY_INIT; waiting this long for it
// lets the first image already use the client's choice.
constexpr std::chrono::milliseconds kPreferenceGrace{30};

// Draws wait in pending_ (where later opaque draws can still hide them) until the transport has
// taken almost everything already encoded: as libspice-server marshals a pipe item only when its
// socket is writable. Encoding ahead into the send queue would only fill it with pictures the
// client sees for a moment.
constexpr size_t kMaxEncodedBacklog = size_t{64} * 1024;

// A guest drawing faster than this many batches a second has its updates gathered for up to
// this long before they are sent, so that what a later draw hides is dropped unsent (as
// libspice-server's worker sends only between its command batches, of up to 10 ms).
constexpr std::chrono::milliseconds kFlushInterval{10};

bool inside(const WireRect& a, const WireRect& b) {
    return a.left >= b.left && a.top >= b.top && a.right <= b.right && a.bottom <= b.bottom;
}

WireRect intersect(const WireRect& a, const WireRect& b) {
    return WireRect{std::max(a.left, b.left), std::max(a.top, b.top), std::min(a.right, b.right),
                    std::min(a.bottom, b.bottom)};
}

// The rects an event replaces whatever was there, on its surface; empty when it reads its
// destination or is no draw.
std::vector<WireRect> opaque_rects(const DisplayEvent& event, uint32_t& surface_id) {
    const WireRect* box = nullptr;
    const std::vector<WireRect>* clip = nullptr;
    if (const auto* f = std::get_if<FillEvent>(&event)) {
        if (f->rop_descriptor != SPICE_ROPD_OP_PUT) {
            return {};
        }
        surface_id = f->surface_id;
        box = &f->box;
        clip = &f->clip;
    } else if (const auto* c = std::get_if<CopyEvent>(&event)) {
        surface_id = c->surface_id;
        box = &c->box;
        clip = &c->clip;
    } else {
        return {};
    }
    if (clip->empty()) {
        return {*box};
    }
    std::vector<WireRect> out;
    out.reserve(clip->size());
    for (const auto& r : *clip) {
        out.push_back(intersect(r, *box));
    }
    return out;
}

// Where a fill or copy may change pixels: its box, narrowed to its clip's bounds.
WireRect extent(const WireRect& box, const std::vector<WireRect>& clip) {
    if (clip.empty()) {
        return box;
    }
    WireRect b = clip.front();
    for (const auto& r : clip) {
        b = WireRect{std::min(b.left, r.left), std::min(b.top, r.top), std::max(b.right, r.right),
                     std::max(b.bottom, r.bottom)};
    }
    return intersect(b, box);
}

}  // namespace

size_t drop_hidden_draws(std::deque<DisplayUpdate>& pending, const DisplayEvent& incoming) {
    uint32_t surface_id = 0;
    const std::vector<WireRect> cover = opaque_rects(incoming, surface_id);
    if (cover.empty()) {
        return 0;
    }
    size_t dropped = 0;
    for (auto it = pending.end(); it != pending.begin();) {
        --it;
        const DisplayEvent& e = it->event;
        std::optional<WireRect> ext;
        if (const auto* f = std::get_if<FillEvent>(&e)) {
            if (f->surface_id != surface_id) {
                continue;
            }
            if (f->rop_descriptor != SPICE_ROPD_OP_PUT) {
                break;  // reads what came before it
            }
            ext = extent(f->box, f->clip);
        } else if (const auto* c = std::get_if<CopyEvent>(&e)) {
            if (c->surface_id != surface_id) {
                continue;
            }
            ext = extent(c->box, c->clip);
        } else if (const auto* b = std::get_if<CopyBitsEvent>(&e)) {
            if (b->surface_id == surface_id) {
                break;
            }
            continue;
        } else if (const auto* sc = std::get_if<SurfaceCreateEvent>(&e)) {
            if (sc->surface.id == surface_id) {
                break;
            }
            continue;
        } else if (const auto* sd = std::get_if<SurfaceDestroyEvent>(&e)) {
            if (sd->surface_id == surface_id) {
                break;
            }
            continue;
        } else {
            continue;  // monitors: no pixels
        }
        const bool hidden = std::any_of(cover.begin(), cover.end(),
                                        [&](const WireRect& r) { return inside(*ext, r); });
        if (hidden) {
            it = pending.erase(it);
            ++dropped;
        }
    }
    return dropped;
}

DisplayChannel::DisplayChannel(uint8_t id, DisplaySource& source)
    : Channel(SPICE_CHANNEL_DISPLAY, id), source_(source) {}

DisplayChannel::~DisplayChannel() {
    stop();
}

Caps DisplayChannel::caps() const {
    Caps caps;
    caps.set(SPICE_DISPLAY_CAP_MONITORS_CONFIG);
    caps.set(SPICE_DISPLAY_CAP_LZ4_COMPRESSION);
    caps.set(SPICE_DISPLAY_CAP_PREF_COMPRESSION);
    return caps;
}

void DisplayChannel::start(ServerCore& core) {
    core_ = &core;
    if (!subscribed_) {
        source_.subscribe(this);
        subscribed_ = true;
    }
}

void DisplayChannel::stop() {
    if (subscribed_) {
        source_.unsubscribe(this);
        subscribed_ = false;
    }
}

void DisplayChannel::on_display_update(DisplayUpdate update) {
    if (core_ == nullptr) {
        return;
    }
    if (inbox_.push(std::move(update), core_->config().max_pending_display_updates)) {
        asio::post(core_->io(), [this] { drain(); });
    }
}

void DisplayChannel::drain() {
    auto batch = inbox_.take();
    auto client = client_.lock();
    if (!client) {
        return;
    }
    if (batch.overflowed) {
        client->coalesce_to_refresh();
    }
    // The whole batch is queued before anything is encoded, so that a draw the batch hides
    // later is dropped instead of sent (libspice-server's worker likewise takes a batch of
    // commands before its channel clients send).
    for (auto& item : batch.items) {
        client->push(std::move(item));
    }
    client->flush_pending();
}

std::shared_ptr<ChannelClient> DisplayChannel::create_client(ServerCore& core,
                                                             std::shared_ptr<Session> session,
                                                             std::unique_ptr<Stream> stream,
                                                             LinkMess link, bool mini_header) {
    auto client = std::make_shared<DisplayChannelClient>(
        core, std::move(session), std::move(stream), std::move(link), mini_header, *this);
    client_ = client;
    source_.set_client(true, client->link().channel_caps);
    return client;
}

void DisplayChannel::client_closed(const DisplayChannelClient* client) {
    auto current = client_.lock();
    if (current && current.get() != client) {
        return;
    }
    source_.set_client(false, Caps{});
}

DisplayChannelClient::DisplayChannelClient(ServerCore& core, std::shared_ptr<Session> session,
                                           std::unique_ptr<Stream> stream, LinkMess link,
                                           bool mini_header, DisplayChannel& channel)
    : ChannelClient(core, std::move(session), std::move(stream), std::move(link), mini_header),
      channel_(channel),
      encoder_(&core.stats()) {
    update_codec();
}

void DisplayChannelClient::on_start() {
    enable_ack(core().config().ack_window);
}

void DisplayChannelClient::on_closed() {
    channel_.client_closed(this);
    pending_.clear();
    if (begin_timer_) {
        begin_timer_->cancel();
    }
    if (flush_timer_) {
        flush_timer_->cancel();
    }
}

void DisplayChannelClient::update_codec() {
    bool lz4 = link().channel_caps.has(SPICE_DISPLAY_CAP_LZ4_COMPRESSION);
    encoder_.set_codec(choose_codec(core().config().image_compression, client_pref_, lz4));
}

Status DisplayChannelClient::on_message(const InMessage& msg) {
    auto parsed = parse_display_client_message(msg);
    if (!parsed) {
        return parsed.error();
    }
    if (std::holds_alternative<DisplayInit>(*parsed)) {
        if (init_received_) {
            return {};
        }
        init_received_ = true;
        begin_timer_ = std::make_unique<asio::steady_timer>(core().io(), kPreferenceGrace);
        begin_timer_->async_wait(
            [weak = std::weak_ptr<ChannelClient>(shared_from_this()), this](std::error_code ec) {
                if (!ec && weak.lock()) {
                    begin();
                }
            });
    } else if (auto* pref = std::get_if<PreferredCompression>(&*parsed)) {
        client_pref_ = pref->compression;
        update_codec();
        log::info("spice-server", "{}: client prefers image compression {} ({})", name(),
                  pref->compression, encoder_.codec() == ImageCodec::kLz4 ? "LZ4" : "raw");
        if (init_received_ && !started_) {
            begin_timer_->cancel();
            begin();
        }
    }
    return {};
}

void DisplayChannelClient::begin() {
    if (started_ || closed()) {
        return;
    }
    started_ = true;
    full_refresh();
    send(make_mark());
    pump();
}

void DisplayChannelClient::full_refresh() {
    DisplaySource& source = channel_.source();
    DisplaySnapshot snap = source.snapshot();
    // Surfaces the client has but the source no longer does.
    for (auto it = client_surfaces_.begin(); it != client_surfaces_.end();) {
        bool exists = false;
        for (const auto& s : snap.surfaces) {
            exists = exists || (s.id == it->first && s.width == it->second.width &&
                                s.height == it->second.height);
        }
        if (!exists) {
            send(make_surface_destroy(it->first));
            it = client_surfaces_.erase(it);
        } else {
            ++it;
        }
    }
    uint64_t seq = snap.seq;
    for (const auto& s : snap.surfaces) {
        if (client_surfaces_.count(s.id) == 0) {
            send(encoder_.encode(SurfaceCreateEvent{s}));
            client_surfaces_[s.id] = s;
        }
        WireRect all{0, 0, static_cast<int32_t>(s.width), static_cast<int32_t>(s.height)};
        auto area = source.update_area(s.id, all);
        if (!area) {
            log::warn("spice-server", "{}: update_area of surface {} failed: {}", name(), s.id,
                      area.message());
            continue;
        }
        seq = std::max(seq, area->seq);
        send(encoder_.full_image(s.id, *area));
        if (core().config().full_refresh_observer) {
            core().config().full_refresh_observer(channel_id(), s.id, *area);
        }
    }
    if (link().channel_caps.has(SPICE_DISPLAY_CAP_MONITORS_CONFIG) && !snap.heads.empty()) {
        send(encoder_.encode(MonitorsEvent{snap.heads}));
    }
    applied_seq_ = std::max(applied_seq_, seq);
    while (!pending_.empty() && pending_.front().seq <= applied_seq_) {
        pending_.pop_front();
    }
}

void DisplayChannelClient::push(DisplayUpdate update) {
    if (closed() || update.seq <= applied_seq_) {
        return;
    }
    if (pending_.size() >= core().config().max_pending_display_updates) {
        coalesce_to_refresh();
        return;
    }
    drop_hidden_draws(pending_, update.event);
    pending_.push_back(std::move(update));
}

void DisplayChannelClient::flush_pending() {
    if (flush_armed_) {
        return;  // the timer sends them
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - last_flush_ >= kFlushInterval) {
        last_flush_ = now;
        pump();
        return;
    }
    if (!flush_timer_) {
        flush_timer_ = std::make_unique<asio::steady_timer>(core().io());
    }
    flush_armed_ = true;
    flush_timer_->expires_at(last_flush_ + kFlushInterval);
    flush_timer_->async_wait(
        [weak = std::weak_ptr<ChannelClient>(shared_from_this()), this](std::error_code ec) {
            if (ec || !weak.lock()) {
                return;
            }
            flush_armed_ = false;
            last_flush_ = std::chrono::steady_clock::now();
            pump();
        });
}

void DisplayChannelClient::coalesce_to_refresh() {
    pending_.clear();
    if (!refresh_needed_) {
        ++core().stats().coalesced_refreshes;
        log::info("spice-server", "{}: client behind, coalescing to a full refresh", name());
    }
    refresh_needed_ = true;
    pump();
}

void DisplayChannelClient::send_event(const DisplayUpdate& update) {
    if (auto* c = std::get_if<SurfaceCreateEvent>(&update.event)) {
        client_surfaces_[c->surface.id] = c->surface;
    } else if (auto* d = std::get_if<SurfaceDestroyEvent>(&update.event)) {
        client_surfaces_.erase(d->surface_id);
    } else if (std::holds_alternative<MonitorsEvent>(update.event) &&
               !link().channel_caps.has(SPICE_DISPLAY_CAP_MONITORS_CONFIG)) {
        return;
    }
    send(encoder_.encode(update.event));
}

void DisplayChannelClient::pump() {
    if (!started_) {
        return;
    }
    while (can_send() && queued_bytes() < kMaxEncodedBacklog) {
        if (refresh_needed_) {
            refresh_needed_ = false;
            full_refresh();
            continue;
        }
        if (pending_.empty()) {
            break;
        }
        DisplayUpdate update = std::move(pending_.front());
        pending_.pop_front();
        if (update.seq <= applied_seq_) {
            continue;
        }
        applied_seq_ = update.seq;
        send_event(update);
    }
}

}  // namespace spicedesk::core
