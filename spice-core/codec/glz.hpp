#pragma once

// SPICE_IMAGE_TYPE_GLZ_RGB (SpiceLZRGBData's data): spice-common's global LZ — LZ whose back
// references may point into earlier images of the same display channel ("the dictionary"), named
// by their distance in image ids and a pixel offset. The header (big-endian: magic "  ZL", version,
// type, width, height, stride, id, win_head_dist) tells which earlier images the server may still
// reference; the GlzWindow keeps exactly those (bounded), releasing older ones as the server's
// window moves. Types: RGB16, RGB24, RGB32, RGBA (RGB32 part then alpha, has_alpha).
// A reference to an unknown or evicted image, or corrupt data, is an error for that image only:
// the window stays usable for the next.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "common/result.hpp"
#include "spice-core/codec/decoded_image.hpp"

namespace spicedesk::core {

// The dictionary size our client asks for in DISPLAY_INIT (glz_dictionary_window_size, pixels),
// spice-gtk's default.
inline constexpr uint32_t kGlzDefaultWindowPixels = 16 * 1024 * 1024;

// The client side of one GLZ dictionary: the decoded images the server may still reference.
// The server keeps one dictionary per client *and glz_dictionary_id* (DISPLAY_INIT): display
// channels that send the same id share it, and an image on one channel may then reference an
// image sent on another. So give each display channel its own glz_dictionary_id (e.g. its
// channel id) and its own GlzWindow, or share one GlzWindow among the channels that share an id
// (all on the session's thread). The caller owns it; not thread-safe. Memory is bounded by
// max_pixels (images the server's window still covers are kept up to that bound; beyond it the
// oldest are dropped, and references to them fail).
class GlzWindow {
  public:
    explicit GlzWindow(uint64_t max_pixels = uint64_t{2} * kGlzDefaultWindowPixels);
    ~GlzWindow();
    GlzWindow(GlzWindow&&) noexcept;
    GlzWindow& operator=(GlzWindow&&) noexcept;
    GlzWindow(const GlzWindow&) = delete;
    GlzWindow& operator=(const GlzWindow&) = delete;

    // Forgets every image (DISPLAY_INVAL_ALL_PIXMAPS / a new dictionary, reconnect).
    void clear();
    size_t image_count() const;
    uint64_t pixel_count() const;

    // Used by decode_glz.
    struct Impl;
    Impl& impl() { return *impl_; }

  private:
    std::unique_ptr<Impl> impl_;
};

// Decodes one GLZ image and adds it to the window (also when its pixels are its own only).
Result<DecodedImage> decode_glz(std::span<const uint8_t> data, GlzWindow& window);

}  // namespace spicedesk::core
