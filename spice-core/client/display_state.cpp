// DisplayState: surfaces, the dirty area and every display message but the image resolution
// (display_images.cpp) and stream frames (display_stream.cpp).

#include "spice-core/client/display_state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "common/log.hpp"
#include "spice-core/codec/glz.hpp"

namespace spicedesk::core::client {

namespace {

canvas::Rect clamp_rect(const canvas::Rect& r, int w, int h) {
    canvas::Rect out;
    out.left = std::clamp(r.left, 0, w);
    out.right = std::clamp(r.right, 0, w);
    out.top = std::clamp(r.top, 0, h);
    out.bottom = std::clamp(r.bottom, 0, h);
    return out;
}

}  // namespace

DisplayState::DisplayState(DisplayEvents events, DisplayLimits limits)
    : events_(std::move(events)),
      limits_(limits),
      pixmaps_(2 * kPixmapCachePixels),
      glz_(std::make_unique<GlzWindow>()) {}

DisplayState::~DisplayState() = default;

const canvas::Canvas* DisplayState::primary() const {
    if (!primary_id_) {
        return nullptr;
    }
    auto it = surfaces_.find(*primary_id_);
    return it == surfaces_.end() ? nullptr : &it->second;
}

std::optional<canvas::Rect> DisplayState::take_dirty() {
    return std::exchange(dirty_, std::nullopt);
}

Result<canvas::Canvas*> DisplayState::surface(uint32_t id) {
    auto it = surfaces_.find(id);
    if (it == surfaces_.end()) {
        return make_error(fmt::format("draw on unknown surface {}", id));
    }
    return &it->second;
}

void DisplayState::touched(uint32_t surface_id, const canvas::Rect& box) {
    if (!primary_id_ || surface_id != *primary_id_) {
        return;
    }
    const canvas::Canvas* p = primary();
    canvas::Rect r = clamp_rect(box, p->width(), p->height());
    if (r.right <= r.left || r.bottom <= r.top) {
        return;
    }
    if (!dirty_) {
        dirty_ = r;
    } else {
        dirty_->left = std::min(dirty_->left, r.left);
        dirty_->top = std::min(dirty_->top, r.top);
        dirty_->right = std::max(dirty_->right, r.right);
        dirty_->bottom = std::max(dirty_->bottom, r.bottom);
    }
}

Status DisplayState::handle(uint16_t type, std::span<const uint8_t> body) {
    auto msg = wire::parse_display_message(type, body);
    if (!msg) {
        return msg.error();
    }
    return apply(*msg);
}

namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

#define TRY_SET(lhs, expr)        \
    do {                          \
        auto tmp_ = (expr);       \
        if (!tmp_) {              \
            return tmp_.error();  \
        }                         \
        (lhs) = std::move(*tmp_); \
    } while (0)

Status DisplayState::apply(const wire::DisplayMessage& message) {
    // Draws: find the surface, convert, draw, note the damage.
    auto draw = [&](const wire::DisplayBase& base, auto&& fn) -> Status {
        auto s = surface(base.surface_id);
        if (!s) {
            return s.error();
        }
        Status st = fn(**s);
        if (!st) {
            return st;
        }
        touched(base.surface_id, base.box);
        return {};
    };
    return std::visit(
        Overloaded{
            [&](const wire::DisplayMode&) -> Status { return {}; },
            [&](const wire::Mark&) -> Status {
                if (events_.mark) {
                    events_.mark();
                }
                return {};
            },
            [&](const wire::Reset&) -> Status {
                // The server forgets our surfaces and caches state; so do we, keeping the
                // primary (it is destroyed explicitly).
                palettes_.clear();
                streams_.clear();
                if (events_.reset) {
                    events_.reset();
                }
                return {};
            },
            [&](const wire::CopyBits& m) -> Status {
                return draw(m.base, [&](canvas::Canvas& c) {
                    return c.copy_bits(m.base.box, m.base.clip, m.src_pos);
                });
            },
            [&](const wire::InvalList& m) -> Status {
                for (const auto& r : m.resources) {
                    if (r.type == SPICE_RES_TYPE_PIXMAP) {
                        pixmaps_.remove(r.id);
                    }
                }
                return {};
            },
            [&](const wire::InvalAllPixmaps&) -> Status {
                // The wait list names messages of other channels sharing this cache; each of
                // our display channels has its own cache and dictionary, and one channel's
                // messages are applied in order, so there is nothing to wait for.
                pixmaps_.clear();
                return {};
            },
            [&](const wire::InvalPalette& m) -> Status {
                palettes_.remove(m.id);
                return {};
            },
            [&](const wire::InvalAllPalettes&) -> Status {
                palettes_.clear();
                return {};
            },
            [&](const wire::StreamCreate& m) -> Status {
                if (m.codec_type != SPICE_VIDEO_CODEC_TYPE_MJPEG) {
                    return make_error(
                        fmt::format("STREAM_CREATE with unsupported codec {}", m.codec_type));
                }
                if (streams_.size() >= kMaxStreams && streams_.count(m.id) == 0) {
                    return make_error(fmt::format("more than {} streams", kMaxStreams));
                }
                if (surfaces_.count(m.surface_id) == 0) {
                    return make_error(
                        fmt::format("STREAM_CREATE on unknown surface {}", m.surface_id));
                }
                log::info("spice-client", "stream {} created: MJPEG {}x{} onto ({},{})-({},{})",
                          m.id, m.src_width, m.src_height, m.dest.left, m.dest.top, m.dest.right,
                          m.dest.bottom);
                Stream s;
                s.surface_id = m.surface_id;
                s.flags = m.flags;
                s.codec = m.codec_type;
                s.src_width = m.src_width;
                s.src_height = m.src_height;
                s.dest = m.dest;
                s.clip = m.clip;
                streams_[m.id] = std::move(s);
                return {};
            },
            [&](const wire::StreamData& m) -> Status { return stream_frame(m); },
            [&](const wire::StreamClip& m) -> Status {
                auto it = streams_.find(m.id);
                if (it == streams_.end()) {
                    return make_error(fmt::format("STREAM_CLIP for unknown stream {}", m.id));
                }
                it->second.clip = m.clip;
                return {};
            },
            [&](const wire::StreamDestroy& m) -> Status {
                if (auto it = streams_.find(m.id); it != streams_.end()) {
                    log::info("spice-client", "stream {} destroyed after {} frames", m.id,
                              it->second.frames);
                }
                streams_.erase(m.id);
                return {};
            },
            [&](const wire::StreamDestroyAll&) -> Status {
                streams_.clear();
                return {};
            },
            [&](const wire::StreamActivateReport&) -> Status { return {}; },
            [&](const wire::DrawFill& m) -> Status {
                canvas::Fill f;
                TRY_SET(f.brush, brush(m.brush));
                f.rop_descriptor = m.rop_descriptor;
                TRY_SET(f.mask, mask(m.mask));
                return draw(m.base, [&](canvas::Canvas& c) {
                    return c.draw_fill(m.base.box, m.base.clip, f);
                });
            },
            [&](const wire::DrawOpaque& m) -> Status {
                canvas::Opaque o;
                TRY_SET(o.src, resolve_image(m.src));
                o.src_area = m.src_area;
                TRY_SET(o.brush, brush(m.brush));
                o.rop_descriptor = m.rop_descriptor;
                o.scale_mode = m.scale_mode;
                TRY_SET(o.mask, mask(m.mask));
                return draw(m.base, [&](canvas::Canvas& c) {
                    return c.draw_opaque(m.base.box, m.base.clip, o);
                });
            },
            [&](const wire::DrawCopy& m) -> Status {
                canvas::Copy o;
                TRY_SET(o.src, resolve_image(m.src));
                o.src_area = m.src_area;
                o.rop_descriptor = m.rop_descriptor;
                o.scale_mode = m.scale_mode;
                TRY_SET(o.mask, mask(m.mask));
                return draw(m.base, [&](canvas::Canvas& c) {
                    return m.blend ? c.draw_blend(m.base.box, m.base.clip, o)
                                   : c.draw_copy(m.base.box, m.base.clip, o);
                });
            },
            [&](const wire::DrawMaskOnly& m) -> Status {
                canvas::MaskOnly o;
                TRY_SET(o.mask, mask(m.mask));
                return draw(m.base, [&](canvas::Canvas& c) {
                    switch (m.type) {
                        case SPICE_MSG_DISPLAY_DRAW_BLACKNESS:
                            return c.draw_blackness(m.base.box, m.base.clip, o);
                        case SPICE_MSG_DISPLAY_DRAW_WHITENESS:
                            return c.draw_whiteness(m.base.box, m.base.clip, o);
                        default:
                            return c.draw_invers(m.base.box, m.base.clip, o);
                    }
                });
            },
            [&](const wire::DrawRop3& m) -> Status {
                canvas::Rop3 o;
                TRY_SET(o.src, resolve_image(m.src));
                o.src_area = m.src_area;
                TRY_SET(o.brush, brush(m.brush));
                o.rop3 = m.rop3;
                o.scale_mode = m.scale_mode;
                TRY_SET(o.mask, mask(m.mask));
                return draw(m.base, [&](canvas::Canvas& c) {
                    return c.draw_rop3(m.base.box, m.base.clip, o);
                });
            },
            [&](const wire::DrawStroke& m) -> Status {
                canvas::Stroke o;
                o.path = m.path;
                o.attr = m.attr;
                TRY_SET(o.brush, brush(m.brush));
                o.fore_mode = m.fore_mode;
                o.back_mode = m.back_mode;
                return draw(m.base, [&](canvas::Canvas& c) {
                    return c.draw_stroke(m.base.box, m.base.clip, o);
                });
            },
            [&](const wire::DrawText& m) -> Status {
                canvas::Text o;
                o.str = m.str;
                o.back_area = m.back_area;
                TRY_SET(o.fore_brush, brush(m.fore_brush));
                TRY_SET(o.back_brush, brush(m.back_brush));
                o.fore_mode = m.fore_mode;
                o.back_mode = m.back_mode;
                return draw(m.base, [&](canvas::Canvas& c) {
                    return c.draw_text(m.base.box, m.base.clip, o);
                });
            },
            [&](const wire::DrawTransparent& m) -> Status {
                canvas::Transparent o;
                TRY_SET(o.src, resolve_image(m.src));
                o.src_area = m.src_area;
                o.src_color = m.src_color;
                o.true_color = m.true_color;
                return draw(m.base, [&](canvas::Canvas& c) {
                    return c.draw_transparent(m.base.box, m.base.clip, o);
                });
            },
            [&](const wire::DrawAlphaBlend& m) -> Status {
                canvas::AlphaBlend o;
                o.alpha_flags = m.alpha_flags;
                o.alpha = m.alpha;
                TRY_SET(o.src, resolve_image(m.src));
                o.src_area = m.src_area;
                return draw(m.base, [&](canvas::Canvas& c) {
                    return c.draw_alpha_blend(m.base.box, m.base.clip, o);
                });
            },
            [&](const wire::DrawComposite& m) -> Status {
                canvas::Composite o;
                o.flags = m.flags;
                TRY_SET(o.src, resolve_image(m.src));
                if (m.mask) {
                    TRY_SET(o.mask, resolve_image(*m.mask));
                }
                o.src_transform = m.src_transform;
                o.mask_transform = m.mask_transform;
                o.src_origin = m.src_origin;
                o.mask_origin = m.mask_origin;
                return draw(m.base, [&](canvas::Canvas& c) {
                    return c.draw_composite(m.base.box, m.base.clip, o);
                });
            },
            [&](const wire::SurfaceCreate& m) -> Status {
                if (m.width == 0 || m.height == 0 || m.width > limits_.max_surface_side ||
                    m.height > limits_.max_surface_side) {
                    return make_error(
                        fmt::format("SURFACE_CREATE {} of {}x{}", m.surface_id, m.width, m.height));
                }
                uint64_t old_pixels = 0;
                if (auto old = surfaces_.find(m.surface_id); old != surfaces_.end()) {
                    old_pixels = uint64_t(old->second.width()) * uint64_t(old->second.height());
                }
                uint64_t pixels = uint64_t{m.width} * m.height;
                if (surface_pixels_ - old_pixels + pixels > limits_.max_surface_pixels) {
                    return make_error(
                        fmt::format("SURFACE_CREATE {} of {}x{}: surfaces would exceed {} pixels",
                                    m.surface_id, m.width, m.height, limits_.max_surface_pixels));
                }
                if (surfaces_.size() >= kMaxSurfaces && surfaces_.count(m.surface_id) == 0) {
                    return make_error(fmt::format("more than {} surfaces", kMaxSurfaces));
                }
                auto c = canvas::Canvas::create(m.format, static_cast<int>(m.width),
                                                static_cast<int>(m.height));
                if (!c) {
                    return make_error(
                        fmt::format("SURFACE_CREATE {}: {}", m.surface_id, c.message()));
                }
                surfaces_.erase(m.surface_id);
                surfaces_.emplace(m.surface_id, std::move(*c));
                surface_pixels_ = surface_pixels_ - old_pixels + pixels;
                if (m.flags & SPICE_SURFACE_FLAGS_PRIMARY) {
                    primary_id_ = m.surface_id;
                    dirty_ = canvas::Rect{0, 0, static_cast<int32_t>(m.width),
                                          static_cast<int32_t>(m.height)};
                    if (events_.primary_created) {
                        events_.primary_created(static_cast<int>(m.width),
                                                static_cast<int>(m.height));
                    }
                }
                return {};
            },
            [&](const wire::SurfaceDestroy& m) -> Status {
                if (auto old = surfaces_.find(m.surface_id); old != surfaces_.end()) {
                    surface_pixels_ -=
                        uint64_t(old->second.width()) * uint64_t(old->second.height());
                    surfaces_.erase(old);
                }
                for (auto it = streams_.begin(); it != streams_.end();) {
                    it = it->second.surface_id == m.surface_id ? streams_.erase(it) : std::next(it);
                }
                if (primary_id_ && *primary_id_ == m.surface_id) {
                    primary_id_.reset();
                    dirty_.reset();
                    if (events_.primary_destroyed) {
                        events_.primary_destroyed();
                    }
                }
                return {};
            },
            [&](const wire::MonitorsConfig& m) -> Status {
                std::vector<Head> heads;
                for (const auto& h : m.heads) {
                    heads.push_back(Head{h.monitor_id, static_cast<int>(h.x), static_cast<int>(h.y),
                                         static_cast<int>(h.width), static_cast<int>(h.height)});
                }
                if (events_.monitors) {
                    events_.monitors(heads);
                }
                return {};
            },
            [&](const wire::DisplayIgnored&) -> Status { return {}; },
        },
        message);
}

}  // namespace spicedesk::core::client
