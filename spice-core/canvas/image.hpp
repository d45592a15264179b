#pragma once

// RAII handles for pixman: Image (a counted reference to a pixman_image_t) and Region (an owned
// pixman_region32_t). No raw pixman_image_unref / pixman_region32_fini elsewhere in the canvas.

#include <pixman.h>

#include <cstdint>
#include <utility>

#include "common/result.hpp"

namespace spicedesk::core::canvas {

// A counted reference to a pixman image; copying takes another reference (pixman images are
// reference-counted, so sharing a source between a cache and a draw is cheap). Thread: pixman's
// reference count is not atomic, so all the Images referring to one pixman image must be copied
// and destroyed on one thread at a time (hand an image over between threads, do not share it);
// and one image must not be drawn on from two threads at once.
class Image {
  public:
    Image() = default;
    // Takes over the caller's reference (e.g. a fresh pixman_image_create_bits result).
    static Image adopt(pixman_image_t* image) { return Image(image); }
    // Takes a new reference; the caller keeps its own.
    static Image ref(pixman_image_t* image) {
        return Image(image != nullptr ? pixman_image_ref(image) : nullptr);
    }

    Image(const Image& other) : image_(other.image_) {
        if (image_ != nullptr) {
            pixman_image_ref(image_);
        }
    }
    Image(Image&& other) noexcept : image_(std::exchange(other.image_, nullptr)) {}
    Image& operator=(Image other) noexcept {
        std::swap(image_, other.image_);
        return *this;
    }
    ~Image() {
        if (image_ != nullptr) {
            pixman_image_unref(image_);
        }
    }

    pixman_image_t* get() const { return image_; }
    explicit operator bool() const { return image_ != nullptr; }

    int width() const { return pixman_image_get_width(image_); }
    int height() const { return pixman_image_get_height(image_); }
    int stride() const { return pixman_image_get_stride(image_); }
    pixman_format_code_t format() const { return pixman_image_get_format(image_); }
    int bpp() const { return static_cast<int>(PIXMAN_FORMAT_BPP(format())); }
    uint8_t* data() const { return reinterpret_cast<uint8_t*>(pixman_image_get_data(image_)); }

  private:
    explicit Image(pixman_image_t* image) : image_(image) {}
    pixman_image_t* image_ = nullptr;
};

// Creates a zero-filled image that owns its pixels; fails on sizes pixman refuses (negative,
// or a row/total size that overflows).
Result<Image> create_image(pixman_format_code_t format, int width, int height);

// The pixman format of a SPICE surface format (SPICE_SURFACE_FMT_*), or an error naming it.
Result<pixman_format_code_t> pixman_format_for(uint32_t spice_surface_format);

// The SPICE surface format (SPICE_SURFACE_FMT_*) of a canvas format, or
// SPICE_SURFACE_FMT_INVALID.
uint32_t spice_format_for(pixman_format_code_t format);

// True for the destination formats the canvas draws on: a1, a8, x1r5g5b5, r5g6b5, x8r8g8b8,
// a8r8g8b8 (the surface formats SPICE defines).
bool is_canvas_format(pixman_format_code_t format);

// An owned pixman_region32_t.
class Region {
  public:
    Region() { pixman_region32_init(&region_); }
    Region(int x, int y, unsigned width, unsigned height) {
        pixman_region32_init_rect(&region_, x, y, width, height);
    }
    Region(const Region& other) {
        pixman_region32_init(&region_);
        pixman_region32_copy(&region_, &other.region_);
    }
    Region& operator=(const Region& other) {
        if (this != &other) {
            pixman_region32_copy(&region_, &other.region_);
        }
        return *this;
    }
    ~Region() { pixman_region32_fini(&region_); }

    pixman_region32_t* get() { return &region_; }
    const pixman_region32_t* get() const { return &region_; }
    bool empty() const { return pixman_region32_not_empty(&region_) == 0; }
    pixman_box32_t extents() const { return *pixman_region32_extents(&region_); }
    void intersect(const Region& other) {
        pixman_region32_intersect(&region_, &region_, &other.region_);
    }
    void intersect_rect(int x, int y, unsigned width, unsigned height) {
        pixman_region32_intersect_rect(&region_, &region_, x, y, width, height);
    }
    // The boxes of the region, y-x banded, valid until the region changes.
    const pixman_box32_t* boxes(int* count) const {
        return pixman_region32_rectangles(&region_, count);
    }
    bool contains(int x, int y) const {
        return pixman_region32_contains_point(&region_, x, y, nullptr) != 0;
    }

  private:
    pixman_region32_t region_;
};

// A second pixman image over the same pixels, read as `format` (same bits per pixel), so that
// transforms, filters and alpha reinterpretation never touch a shared source's own state. The
// view must not outlive `image`'s pixels (keep `image` alive while using it).
Result<Image> bits_view(const Image& image, pixman_format_code_t format);

}  // namespace spicedesk::core::canvas
