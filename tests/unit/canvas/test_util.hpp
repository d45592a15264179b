#pragma once

// Helpers for the canvas tests: small images built from pixel lists, raw pixel reads, and
// snapshots to prove that nothing outside a draw changed. Expected values in the tests are
// worked out by hand (or by a formula independent of the canvas), never by the canvas itself.

#include <gtest/gtest.h>
#include <pixman.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "spice-core/canvas/canvas.hpp"
#include "spice-core/canvas/image.hpp"

namespace spicedesk::core::canvas::test {

inline Image make_image(pixman_format_code_t format, int width, int height) {
    auto image = create_image(format, width, height);
    EXPECT_TRUE(image.ok()) << image.message();
    return *image;
}

// Raw pixel (x, y), read independently of the canvas's own accessors.
inline uint32_t px(const Image& image, int x, int y) {
    const uint8_t* row = image.data() + static_cast<ptrdiff_t>(y) * image.stride();
    switch (image.bpp()) {
        case 32: {
            uint32_t v;
            std::memcpy(&v, row + 4 * x, 4);
            return v;
        }
        case 16: {
            uint16_t v;
            std::memcpy(&v, row + 2 * x, 2);
            return v;
        }
        case 8:
            return row[x];
        default:  // a1 on a little-endian host: byte x / 8, bit x % 8
            return (row[x / 8] >> (x % 8)) & 1U;
    }
}

inline void set_px(const Image& image, int x, int y, uint32_t value) {
    uint8_t* row = image.data() + static_cast<ptrdiff_t>(y) * image.stride();
    switch (image.bpp()) {
        case 32:
            std::memcpy(row + 4 * x, &value, 4);
            break;
        case 16: {
            const auto v = static_cast<uint16_t>(value);
            std::memcpy(row + 2 * x, &v, 2);
            break;
        }
        case 8:
            row[x] = static_cast<uint8_t>(value);
            break;
        default:
            row[x / 8] =
                static_cast<uint8_t>((row[x / 8] & ~(1U << (x % 8))) | ((value & 1U) << (x % 8)));
            break;
    }
}

// An image whose rows are given top to bottom.
inline Image image_of(pixman_format_code_t format, int width, int height,
                      const std::vector<uint32_t>& pixels) {
    Image image = make_image(format, width, height);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            set_px(image, x, y, pixels[static_cast<size_t>(y * width + x)]);
        }
    }
    return image;
}

inline std::vector<uint32_t> pixels_of(const Image& image) {
    std::vector<uint32_t> out;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            out.push_back(px(image, x, y));
        }
    }
    return out;
}

// Fills every pixel with a value that depends on its position, so moves are visible.
inline void fill_numbered(const Image& image, uint32_t base = 0x00100000U) {
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            set_px(image, x, y, base + static_cast<uint32_t>(y * 16 + x));
        }
    }
}

inline Canvas make_canvas(uint32_t spice_format, int width, int height) {
    auto canvas = Canvas::create(spice_format, width, height);
    EXPECT_TRUE(canvas.ok()) << canvas.message();
    return std::move(*canvas);
}

inline Rect rect(int32_t left, int32_t top, int32_t right, int32_t bottom) {
    return Rect{left, top, right, bottom};
}

// A 1-bit mask image from rows of '1'/'0' characters (a1, bit set = '1').
inline Image mask_of(const std::vector<const char*>& rows) {
    const int h = static_cast<int>(rows.size());
    const int w = static_cast<int>(std::strlen(rows[0]));
    Image image = make_image(PIXMAN_a1, w, h);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            set_px(image, x, y, rows[static_cast<size_t>(y)][x] == '1' ? 1U : 0U);
        }
    }
    return image;
}

}  // namespace spicedesk::core::canvas::test
