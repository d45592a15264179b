#pragma once

// The state of one display channel on the client: its surfaces (canvas::Canvas each, the
// primary among them), pixmap and palette caches, GLZ dictionary and video streams. handle()
// applies one server message (already framed; base messages excluded). No networking: the
// channel feeds it, unit tests and the fuzzer feed it bytes directly.
//
// Thread: the display channel's (the session thread).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "common/result.hpp"
#include "spice-core/canvas/canvas.hpp"
#include "spice-core/client/image_cache.hpp"
#include "spice-core/client/session.hpp"
#include "spice-core/client/wire/display.hpp"

namespace spicedesk::core {
class GlzWindow;
}

namespace spicedesk::core::client {

struct DisplayEvents {
    std::function<void(int width, int height)> primary_created;
    std::function<void()> primary_destroyed;
    std::function<void()> mark;
    std::function<void()> reset;
    std::function<void(const std::vector<Head>&)> monitors;
};

// Bounds on what a server may make us allocate.
struct DisplayLimits {
    uint32_t max_surface_side = 16384;
    uint64_t max_surface_pixels = uint64_t{256} * 1024 * 1024;  // all surfaces together
    uint64_t max_image_pixels = uint64_t{64} * 1024 * 1024;     // one decoded image
};

class DisplayState {
  public:
    // Pixmap cache bound in pixels (what we announce; we keep up to twice as much).
    static constexpr int64_t kPixmapCachePixels = int64_t{32} * 1024 * 1024;
    static constexpr uint32_t kMaxSurfaces = 10000;
    static constexpr uint32_t kMaxStreams = 64;

    explicit DisplayState(DisplayEvents events = {}, DisplayLimits limits = {});
    ~DisplayState();
    DisplayState(const DisplayState&) = delete;
    DisplayState& operator=(const DisplayState&) = delete;

    // Applies one display message. An error means the server sent something malformed or
    // undrawable: the caller closes the channel.
    Status handle(uint16_t type, std::span<const uint8_t> body);
    Status apply(const wire::DisplayMessage& msg);

    // The primary surface (nullptr when none).
    const canvas::Canvas* primary() const;
    std::optional<uint32_t> primary_id() const { return primary_id_; }
    // The area of the primary surface drawn since the last call (nullopt: nothing).
    std::optional<canvas::Rect> take_dirty();

    const PixmapCache& pixmap_cache() const { return pixmaps_; }
    const PaletteCache& palette_cache() const { return palettes_; }
    size_t surface_count() const { return surfaces_.size(); }
    size_t stream_count() const { return streams_.size(); }
    uint64_t frames_decoded() const { return frames_decoded_; }

    // Resolves an image descriptor to pixels (decodes, consults and fills the caches).
    Result<canvas::Image> resolve_image(const wire::ImageDesc& desc);

  private:
    struct Stream {
        uint32_t surface_id = 0;
        uint8_t flags = 0;
        uint8_t codec = 0;
        uint32_t src_width = 0;
        uint32_t src_height = 0;
        canvas::Rect dest;
        canvas::Clip clip;
        uint64_t frames = 0;
    };

    Result<canvas::Canvas*> surface(uint32_t id);
    Result<canvas::Brush> brush(const wire::Brush& b);
    Result<canvas::QMask> mask(const wire::Mask& m);
    void touched(uint32_t surface_id, const canvas::Rect& box);
    Status stream_frame(const wire::StreamData& data);

    DisplayEvents events_;
    DisplayLimits limits_;
    uint64_t surface_pixels_ = 0;
    std::map<uint32_t, canvas::Canvas> surfaces_;
    std::optional<uint32_t> primary_id_;
    std::optional<canvas::Rect> dirty_;
    PixmapCache pixmaps_;
    PaletteCache palettes_;
    std::unique_ptr<GlzWindow> glz_;
    std::map<uint32_t, Stream> streams_;
    uint64_t frames_decoded_ = 0;
};

// Decoded pixels (0xAARRGGBB, stride == width, top-down) as a pixman image (a8r8g8b8 when they
// have alpha, else x8r8g8b8) that owns them without copying.
Result<canvas::Image> image_from_pixels(std::vector<uint32_t>&& pixels, uint32_t width,
                                        uint32_t height, bool has_alpha);

}  // namespace spicedesk::core::client
