#include "spice-core/client/channels.hpp"

#include <fmt/format.h>

#include <cstring>

#include "common/log.hpp"
#include "spice-core/client/cursor_image.hpp"
#include "spice-core/client/session_impl.hpp"
#include "spice-core/client/wire/cursor.hpp"
#include "spice-core/client/wire/main.hpp"
#include "spice-core/codec/glz.hpp"
#include "spice-core/protocol/writer.hpp"

namespace spicedesk::core::client {

namespace {
constexpr std::string_view kLog = "spice-client";
}

// ---- main ----

MainChannel::MainChannel(SessionImpl& session)
    : Channel(session, SPICE_CHANNEL_MAIN, 0),
      agent_(AgentLinkEvents{
          .send = [this](uint16_t type, std::vector<uint8_t> body) { send(type, std::move(body)); },
          .state = [this](const AgentState& state) { session_.observer().on_agent(state); },
          .reply = [this](uint32_t type,
                          uint32_t error) { session_.observer().on_agent_reply(type, error); }}) {}

void MainChannel::on_linked() {
    session_.observer().on_connected();
}

void MainChannel::request_mouse_mode(MouseMode mode) {
    Writer w;
    w.u16(mode == MouseMode::kClient ? SPICE_MOUSE_MODE_CLIENT : SPICE_MOUSE_MODE_SERVER);
    send(SPICE_MSGC_MAIN_MOUSE_MODE_REQUEST, w.take());
}

Status MainChannel::handle(uint16_t type, std::span<const uint8_t> body) {
    auto msg = wire::parse_main_message(type, body);
    if (!msg) {
        return msg.error();
    }
    auto mouse_mode = [&](uint32_t supported, uint32_t current) {
        supported_modes_ = supported;
        MouseMode mode =
            current == SPICE_MOUSE_MODE_CLIENT ? MouseMode::kClient : MouseMode::kServer;
        session_.set_mouse_mode(mode);
        session_.observer().on_mouse_mode(mode);
    };
    if (auto* init = std::get_if<wire::MainInitMsg>(&*msg)) {
        session_.set_connection_id(init->init.session_id);
        mouse_mode(init->init.supported_mouse_modes, init->init.current_mouse_mode);
        // Client mouse mode is the norm (ARCHITECTURE.md, "The console").
        if ((init->init.supported_mouse_modes & SPICE_MOUSE_MODE_CLIENT) &&
            init->init.current_mouse_mode != SPICE_MOUSE_MODE_CLIENT) {
            request_mouse_mode(MouseMode::kClient);
        }
        // Before ATTACH_CHANNELS, as spice-gtk orders them.
        agent_.on_init(init->init.agent_connected != 0, init->init.agent_tokens);
        if (!channels_attached_) {
            channels_attached_ = true;
            send(SPICE_MSGC_MAIN_ATTACH_CHANNELS, {});
        }
    } else if (auto* list = std::get_if<wire::ChannelsList>(&*msg)) {
        std::vector<std::pair<uint8_t, uint8_t>> channels;
        for (const auto& c : list->channels) {
            channels.emplace_back(c.type, c.id);
        }
        session_.open_channels(channels);
    } else if (auto* mm = std::get_if<wire::MouseModeMsg>(&*msg)) {
        mouse_mode(mm->supported, mm->current);
    } else if (auto* connected = std::get_if<wire::AgentConnectedMsg>(&*msg)) {
        agent_.on_connected(connected->tokens);
    } else if (std::get_if<wire::AgentDisconnectedMsg>(&*msg) != nullptr) {
        agent_.on_disconnected();
    } else if (auto* token = std::get_if<wire::AgentTokenMsg>(&*msg)) {
        agent_.on_token(token->tokens);
    } else if (auto* data = std::get_if<wire::AgentDataMsg>(&*msg)) {
        agent_.on_data(data->data);
    } else if (std::get_if<wire::MigrateBegin>(&*msg) != nullptr) {
        log::info(kLog, "the server asked to migrate; refused (not supported)");
        send(SPICE_MSGC_MAIN_MIGRATE_CONNECT_ERROR, {});
    }
    // MULTI_MEDIA_TIME, name, uuid and the other migration messages: nothing to do yet.
    return {};
}

// ---- display ----

DisplayChannel::DisplayChannel(SessionImpl& session, uint8_t id)
    : Channel(session, SPICE_CHANNEL_DISPLAY, id),
      state_(DisplayEvents{.primary_created =
                               [this](int w, int h) {
                                   {
                                       std::lock_guard lock(frame_->mutex);
                                       frame_->pixels.assign(size_t(w) * size_t(h), 0);
                                       frame_->width = w;
                                       frame_->height = h;
                                   }
                                   session_.observer().on_primary_surface(this->id(), w, h);
                               },
                           .primary_destroyed =
                               [this]() {
                                   std::lock_guard lock(frame_->mutex);
                                   frame_->pixels.clear();
                                   frame_->width = 0;
                                   frame_->height = 0;
                               },
                           .mark = [this]() { session_.observer().on_mark(this->id()); },
                           .reset = nullptr,
                           .monitors =
                               [this](const std::vector<Head>& heads) {
                                   session_.observer().on_monitors(this->id(), heads);
                               }}),
      frame_(session.frame(id)) {}

Caps DisplayChannel::channel_caps() const {
    Caps caps;
    caps.set(SPICE_DISPLAY_CAP_MONITORS_CONFIG)
        .set(SPICE_DISPLAY_CAP_COMPOSITE)
        .set(SPICE_DISPLAY_CAP_A8_SURFACE)
        .set(SPICE_DISPLAY_CAP_LZ4_COMPRESSION)
        .set(SPICE_DISPLAY_CAP_PREF_COMPRESSION)
        .set(SPICE_DISPLAY_CAP_MULTI_CODEC)
        .set(SPICE_DISPLAY_CAP_SIZED_STREAM)
        .set(SPICE_DISPLAY_CAP_CODEC_MJPEG);
    return caps;
}

void DisplayChannel::on_linked() {
    Writer w;
    w.u8(id());  // pixmap_cache_id: one cache per display channel
    w.i64(DisplayState::kPixmapCachePixels);
    w.u8(id());  // glz_dictionary_id: one dictionary per display channel
    w.i32(static_cast<int32_t>(kGlzDefaultWindowPixels));
    send(SPICE_MSGC_DISPLAY_INIT, w.take());
    const auto& pref = session_.options().preferred_compression;
    if (pref && remote_channel_caps().has(SPICE_DISPLAY_CAP_PREF_COMPRESSION)) {
        Writer p;
        p.u8(*pref);
        send(SPICE_MSGC_DISPLAY_PREFERRED_COMPRESSION, p.take());
    }
}

Status DisplayChannel::handle(uint16_t type, std::span<const uint8_t> body) {
    activity_ = true;
    return state_.handle(type, body);
}

void DisplayChannel::on_batch_end() {
    auto dirty = state_.take_dirty();
    const canvas::Canvas* primary = state_.primary();
    if (dirty && primary != nullptr) {
        const canvas::Image& surf = primary->surface();
        {
            std::lock_guard lock(frame_->mutex);
            if (frame_->width == surf.width() && frame_->height == surf.height()) {
                const int w = dirty->right - dirty->left;
                const int h = dirty->bottom - dirty->top;
                uint32_t* dst = frame_->pixels.data();
                if (surf.format() == PIXMAN_x8r8g8b8 || surf.format() == PIXMAN_a8r8g8b8) {
                    const uint8_t* src = surf.data();
                    for (int y = dirty->top; y < dirty->bottom; ++y) {
                        const auto* row = reinterpret_cast<const uint32_t*>(
                            src + size_t(y) * size_t(surf.stride()));
                        uint32_t* out = dst + size_t(y) * size_t(frame_->width);
                        for (int x = dirty->left; x < dirty->right; ++x) {
                            out[x] = row[x] & 0x00ffffffU;
                        }
                    }
                } else {
                    pixman_image_t* view = pixman_image_create_bits(
                        PIXMAN_x8r8g8b8, frame_->width, frame_->height, dst, frame_->width * 4);
                    if (view != nullptr) {
                        pixman_image_composite32(PIXMAN_OP_SRC, surf.get(), nullptr, view,
                                                 dirty->left, dirty->top, 0, 0, dirty->left,
                                                 dirty->top, w, h);
                        pixman_image_unref(view);
                    }
                    for (int y = dirty->top; y < dirty->bottom; ++y) {
                        uint32_t* out = dst + size_t(y) * size_t(frame_->width);
                        for (int x = dirty->left; x < dirty->right; ++x) {
                            out[x] &= 0x00ffffffU;
                        }
                    }
                }
            }
        }
        session_.observer().on_invalidate(id(), dirty->left, dirty->top, dirty->right - dirty->left,
                                          dirty->bottom - dirty->top);
    }
    if (activity_) {
        activity_ = false;
        session_.observer().on_display_batch(id());
    }
}

// ---- inputs ----

uint32_t key_code(uint32_t scancode, bool up) {
    if ((scancode & 0xff00) == 0xe000) {
        uint32_t second = scancode & 0xff;
        if (up) {
            second |= 0x80;
        }
        return 0xe0 | second << 8;
    }
    uint32_t code = scancode & 0xff;
    return up ? (code | 0x80) : code;
}

InputsChannel::~InputsChannel() = default;

void InputsChannel::on_linked() {
    session_.set_inputs(this);
}

void InputsChannel::on_closed(const Status& /*why*/) {
    if (session_.inputs() == this) {
        session_.set_inputs(nullptr);
    }
}

Status InputsChannel::handle(uint16_t type, std::span<const uint8_t> body) {
    auto msg = wire::parse_inputs_message(type, body);
    if (!msg) {
        return msg.error();
    }
    if (auto* init = std::get_if<wire::InputsInit>(&*msg)) {
        modifiers_ = init->modifiers;
    } else if (auto* km = std::get_if<wire::InputsKeyModifiers>(&*msg)) {
        modifiers_ = km->modifiers;
    } else {
        unacked_motions_ = unacked_motions_ > SPICE_INPUT_MOTION_ACK_BUNCH
                               ? unacked_motions_ - SPICE_INPUT_MOTION_ACK_BUNCH
                               : 0;
        flush_motion();
    }
    return {};
}

void InputsChannel::key_down(uint32_t scancode) {
    Writer w;
    w.u32(key_code(scancode, false));
    send(SPICE_MSGC_INPUTS_KEY_DOWN, w.take());
}

void InputsChannel::key_up(uint32_t scancode) {
    Writer w;
    w.u32(key_code(scancode, true));
    send(SPICE_MSGC_INPUTS_KEY_UP, w.take());
}

void InputsChannel::flush_motion() {
    if (unacked_motions_ >= 2 * SPICE_INPUT_MOTION_ACK_BUNCH) {
        return;
    }
    if (pending_position_) {
        auto p = *pending_position_;
        pending_position_.reset();
        Writer w;
        w.u32(static_cast<uint32_t>(std::max(p.x, 0)));
        w.u32(static_cast<uint32_t>(std::max(p.y, 0)));
        w.u16(static_cast<uint16_t>(p.buttons));
        w.u8(static_cast<uint8_t>(p.display));
        send(SPICE_MSGC_INPUTS_MOUSE_POSITION, w.take());
        ++unacked_motions_;
    }
    if (pending_motion_ && unacked_motions_ < 2 * SPICE_INPUT_MOTION_ACK_BUNCH) {
        auto [dx, dy] = *pending_motion_;
        pending_motion_.reset();
        Writer w;
        w.i32(dx);
        w.i32(dy);
        w.u16(static_cast<uint16_t>(pending_motion_buttons_));
        send(SPICE_MSGC_INPUTS_MOUSE_MOTION, w.take());
        ++unacked_motions_;
    }
}

void InputsChannel::mouse_position(uint32_t display, int x, int y, uint32_t buttons) {
    pending_position_ = PendingPosition{display, x, y, buttons};
    flush_motion();
}

void InputsChannel::mouse_motion(int dx, int dy, uint32_t buttons) {
    if (pending_motion_) {
        pending_motion_->first += dx;
        pending_motion_->second += dy;
    } else {
        pending_motion_ = std::make_pair(dx, dy);
    }
    pending_motion_buttons_ = buttons;
    flush_motion();
}

void InputsChannel::mouse_button(bool press, uint32_t button, uint32_t buttons) {
    // A press or release must follow the motion before it, acked or not.
    if (pending_position_ || pending_motion_) {
        const uint32_t before = unacked_motions_;
        unacked_motions_ = 0;  // let flush_motion() send what is pending now
        flush_motion();
        unacked_motions_ += before;
    }
    Writer w;
    w.u8(static_cast<uint8_t>(button));
    w.u16(static_cast<uint16_t>(buttons));
    send(press ? SPICE_MSGC_INPUTS_MOUSE_PRESS : SPICE_MSGC_INPUTS_MOUSE_RELEASE, w.take());
}

// ---- cursor ----

Status CursorChannel::set_shape(const wire::WireCursor& c, bool visible) {
    auto& obs = session_.observer();
    if (c.flags & SPICE_CURSOR_FLAGS_NONE) {
        obs.on_cursor_shape(nullptr);
        return {};
    }
    const CursorImage* shape = nullptr;
    CursorImage converted;
    if (c.flags & SPICE_CURSOR_FLAGS_FROM_CACHE) {
        auto it = cache_.find(c.unique);
        if (it == cache_.end()) {
            return make_error(fmt::format("cursor {:#x} is not in the cursor cache", c.unique));
        }
        shape = &it->second;
    } else {
        auto img = convert_cursor(c);
        if (!img) {
            return img.error();
        }
        converted = std::move(*img);
        shape = &converted;
        if (c.flags & SPICE_CURSOR_FLAGS_CACHE_ME) {
            if (cache_.size() >= kMaxCachedCursors) {
                cache_.erase(cache_.begin());
            }
            shape = &(cache_[c.unique] = converted);
        }
    }
    obs.on_cursor_shape(visible ? shape : nullptr);
    return {};
}

Status CursorChannel::handle(uint16_t type, std::span<const uint8_t> body) {
    auto msg = wire::parse_cursor_message(type, body);
    if (!msg) {
        return msg.error();
    }
    auto& obs = session_.observer();
    if (auto* init = std::get_if<wire::CursorInit>(&*msg)) {
        cache_.clear();
        if (auto st = set_shape(init->cursor, init->visible); !st) {
            return st;
        }
        obs.on_cursor_position(init->position.x, init->position.y);
    } else if (auto* set = std::get_if<wire::CursorSet>(&*msg)) {
        if (auto st = set_shape(set->cursor, set->visible); !st) {
            return st;
        }
        obs.on_cursor_position(set->position.x, set->position.y);
    } else if (auto* move = std::get_if<wire::CursorMove>(&*msg)) {
        obs.on_cursor_position(move->position.x, move->position.y);
    } else if (std::get_if<wire::CursorHide>(&*msg) != nullptr) {
        obs.on_cursor_shape(nullptr);
    } else if (std::get_if<wire::CursorReset>(&*msg) != nullptr) {
        cache_.clear();
        obs.on_cursor_shape(nullptr);
    } else if (auto* one = std::get_if<wire::CursorInvalOne>(&*msg)) {
        cache_.erase(one->id);
    } else if (std::get_if<wire::CursorInvalAll>(&*msg) != nullptr) {
        cache_.clear();
    }
    return {};
}

}  // namespace spicedesk::core::client
