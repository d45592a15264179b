#pragma once

// Pixel-level work on regions that geometry.hpp has already clamped to the destination: raw
// pixel access, solid and tiled fills, blits with a ROP, color-keyed blits and source preparation
// (conversion to the destination's format, copies of sources that alias the destination).

#include <bit>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "common/result.hpp"
#include "spice-core/canvas/geometry.hpp"
#include "spice-core/canvas/image.hpp"
#include "spice-core/canvas/rop.hpp"
#include "spice-core/canvas/types.hpp"

namespace spicedesk::core::canvas {

// Raw pixel value at (x, y); the caller guarantees 0 <= x < width, 0 <= y < height.
inline uint32_t load_pixel(const uint8_t* row, int x, int bpp) {
    switch (bpp) {
        case 32: {
            uint32_t v;
            std::memcpy(&v, row + static_cast<size_t>(x) * 4, 4);
            return v;
        }
        case 16: {
            uint16_t v;
            std::memcpy(&v, row + static_cast<size_t>(x) * 2, 2);
            return v;
        }
        case 8:
            return row[x];
        default: {  // 1 bpp: pixman keeps 32-bit words, bit 0 leftmost on little-endian hosts
            uint32_t word;
            std::memcpy(&word, row + static_cast<size_t>(x >> 5) * 4, 4);
            const unsigned bit = std::endian::native == std::endian::little
                                     ? static_cast<unsigned>(x & 31)
                                     : 31U - static_cast<unsigned>(x & 31);
            return (word >> bit) & 1U;
        }
    }
}

inline void store_pixel(uint8_t* row, int x, int bpp, uint32_t value) {
    switch (bpp) {
        case 32:
            std::memcpy(row + static_cast<size_t>(x) * 4, &value, 4);
            return;
        case 16: {
            const auto v = static_cast<uint16_t>(value);
            std::memcpy(row + static_cast<size_t>(x) * 2, &v, 2);
            return;
        }
        case 8:
            row[x] = static_cast<uint8_t>(value);
            return;
        default: {
            uint32_t word;
            uint8_t* at = row + static_cast<size_t>(x >> 5) * 4;
            std::memcpy(&word, at, 4);
            const unsigned bit = std::endian::native == std::endian::little
                                     ? static_cast<unsigned>(x & 31)
                                     : 31U - static_cast<unsigned>(x & 31);
            word = (word & ~(1U << bit)) | ((value & 1U) << bit);
            std::memcpy(at, &word, 4);
            return;
        }
    }
}

inline uint8_t* row_at(const Image& image, int y) {
    return image.data() + static_cast<ptrdiff_t>(y) * image.stride();
}

// A source placed for a draw: the destination pixel (x, y) reads image pixel
// (x + dx, y + dy).
struct PlacedSource {
    Image image;
    int64_t dx = 0;
    int64_t dy = 0;
};

// Restricts region to the destination pixels whose source pixel lies inside src.image.
void restrict_to_source(Region& region, const PlacedSource& src);

// Makes src readable as raw pixels of dest's format over region (which must already be restricted
// to the source): converts through pixman when the formats differ (xRGB and ARGB share their raw
// bits), and copies when the source memory overlaps dest's.
Result<PlacedSource> prepare_source(const PlacedSource& src, const Image& dest,
                                    const Region& region);

// Fills region with the brush combined with the destination by rop (the brush is the ROP's s).
// A pattern is converted to dest's format first; a NONE brush is the color 0.
Status fill_region(const Image& dest, const Region& region, const Brush& brush, Rop rop);

// dest = src ROP dest over region; src must come from prepare_source.
void blit_region(const Image& dest, const Region& region, const PlacedSource& src, Rop rop);

// dest = src over region where the source pixel differs from key (32 bpp: RGB bits only); src
// must come from prepare_source.
void colorkey_region(const Image& dest, const Region& region, const PlacedSource& src,
                     uint32_t key);

// A brush ready to sample: a solid color (NONE: 0) or a tile already in the destination's format.
class BrushSource {
  public:
    static Result<BrushSource> make(const Brush& brush, const Image& dest);
    // The brush's raw pixel for destination pixel (x, y).
    uint32_t at(int x, int y) const;
    bool solid() const { return !tile_; }
    uint32_t color() const { return color_; }
    const Image& tile() const { return tile_; }
    Point pos() const { return pos_; }

  private:
    Image tile_;
    Point pos_;
    uint32_t color_ = 0;
    int bpp_ = 32;
};

// src itself, or a raw copy of it when its pixels overlap dest's (a surface drawn onto itself).
Result<Image> detach_if_aliasing(const Image& src, const Image& dest);

// On xRGB surfaces pixman may leave alpha in the unused byte; clears it over region.
void clear_unused_byte(const Image& dest, const Region& region);

// Moves region by the source offset (dx, dy) within one image: the destination pixel (x, y) takes
// pixel (x + dx, y + dy) as it was before the move, whatever the overlap. region must already be
// restricted to where the source lies inside the image.
void move_region(const Image& image, const Region& region, int dx, int dy);

// Calls f with std::integral_constant<int, bpp> so per-pixel loops compile for one depth.
template <typename F>
void with_bpp(int bpp, F&& f) {
    switch (bpp) {
        case 32:
            f(std::integral_constant<int, 32>{});
            break;
        case 16:
            f(std::integral_constant<int, 16>{});
            break;
        case 8:
            f(std::integral_constant<int, 8>{});
            break;
        default:
            f(std::integral_constant<int, 1>{});
            break;
    }
}

// Calls f with std::integral_constant<Rop, rop> so per-pixel loops compile for one ROP.
template <typename F>
void with_rop(Rop rop, F&& f) {
    switch (rop) {
#define SPICEDESK_CANVAS_ROP_CASE(r)              \
    case Rop::r:                                  \
        f(std::integral_constant<Rop, Rop::r>{}); \
        break;
        SPICEDESK_CANVAS_ROP_CASE(kClear)
        SPICEDESK_CANVAS_ROP_CASE(kAnd)
        SPICEDESK_CANVAS_ROP_CASE(kAndReverse)
        SPICEDESK_CANVAS_ROP_CASE(kCopy)
        SPICEDESK_CANVAS_ROP_CASE(kAndInverted)
        SPICEDESK_CANVAS_ROP_CASE(kNoop)
        SPICEDESK_CANVAS_ROP_CASE(kXor)
        SPICEDESK_CANVAS_ROP_CASE(kOr)
        SPICEDESK_CANVAS_ROP_CASE(kNor)
        SPICEDESK_CANVAS_ROP_CASE(kEquiv)
        SPICEDESK_CANVAS_ROP_CASE(kInvert)
        SPICEDESK_CANVAS_ROP_CASE(kOrReverse)
        SPICEDESK_CANVAS_ROP_CASE(kCopyInverted)
        SPICEDESK_CANVAS_ROP_CASE(kOrInverted)
        SPICEDESK_CANVAS_ROP_CASE(kNand)
        SPICEDESK_CANVAS_ROP_CASE(kSet)
#undef SPICEDESK_CANVAS_ROP_CASE
    }
}

// The mask of the bits a pixel of this format holds (e.g. 0xffff for 16 bpp).
inline uint32_t pixel_mask(int bpp) {
    return bpp >= 32 ? 0xffffffffU : ((1U << bpp) - 1U);
}

}  // namespace spicedesk::core::canvas
