#include "spice-core/codec/bitmap_decode.hpp"

#include <fmt/format.h>

#include "spice-core/codec/lz_internal.hpp"
#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

namespace {

uint32_t bits_per_pixel(uint8_t format) {
    switch (format) {
        case SPICE_BITMAP_FMT_1BIT_LE:
        case SPICE_BITMAP_FMT_1BIT_BE:
            return 1;
        case SPICE_BITMAP_FMT_4BIT_LE:
        case SPICE_BITMAP_FMT_4BIT_BE:
            return 4;
        case SPICE_BITMAP_FMT_8BIT:
        case SPICE_BITMAP_FMT_8BIT_A:
            return 8;
        case SPICE_BITMAP_FMT_16BIT:
            return 16;
        case SPICE_BITMAP_FMT_24BIT:
            return 24;
        case SPICE_BITMAP_FMT_32BIT:
        case SPICE_BITMAP_FMT_RGBA:
            return 32;
        default:
            return 0;
    }
}

uint32_t le32(const uint8_t* p) {
    return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

}  // namespace

Result<DecodedImage> decode_bitmap(std::span<const uint8_t> data, uint8_t format, uint32_t width,
                                   uint32_t height, uint32_t stride, bool top_down,
                                   std::span<const uint32_t> palette) {
    const uint32_t bpp = bits_per_pixel(format);
    if (bpp == 0) {
        return make_error(fmt::format("BITMAP image: unknown bitmap format {}", format));
    }
    const uint64_t pixels = uint64_t{width} * height;
    if (width == 0 || height == 0 || pixels > kMaxDecodedPixels) {
        return make_error(fmt::format("BITMAP image: invalid size {}x{}", width, height));
    }
    const uint64_t row_bytes = (uint64_t{width} * bpp + 7) / 8;
    if (stride < row_bytes) {
        return make_error(fmt::format("BITMAP image: stride {} shorter than a {}-pixel row ({})",
                                      stride, width, row_bytes));
    }
    const uint64_t needed = uint64_t{stride} * (height - 1) + row_bytes;
    if (data.size() < needed) {
        return make_error(fmt::format("BITMAP image: {} bytes for {}x{} at stride {} (needs {})",
                                      data.size(), width, height, stride, needed));
    }
    const bool indexed =
        format == SPICE_BITMAP_FMT_4BIT_LE || format == SPICE_BITMAP_FMT_4BIT_BE ||
        format == SPICE_BITMAP_FMT_8BIT ||
        ((format == SPICE_BITMAP_FMT_1BIT_LE || format == SPICE_BITMAP_FMT_1BIT_BE) &&
         !palette.empty());
    if (indexed && palette.empty()) {
        return make_error(fmt::format("BITMAP image: format {} without a palette", format));
    }

    DecodedImage image;
    image.width = width;
    image.height = height;
    image.has_alpha = format == SPICE_BITMAP_FMT_RGBA || format == SPICE_BITMAP_FMT_8BIT_A ||
                      ((format == SPICE_BITMAP_FMT_1BIT_LE || format == SPICE_BITMAP_FMT_1BIT_BE) &&
                       palette.empty());
    image.pixels.resize(pixels);
    for (uint32_t y = 0; y < height; ++y) {
        const uint32_t src_row = top_down ? y : height - 1 - y;
        const uint8_t* row = data.data() + uint64_t{src_row} * stride;
        uint32_t* out = image.pixels.data() + size_t{y} * width;
        for (size_t x = 0; x < width; ++x) {
            uint32_t index = 0;
            switch (format) {
                case SPICE_BITMAP_FMT_1BIT_LE:
                    index = (row[x / 8] >> (x % 8)) & 1;
                    break;
                case SPICE_BITMAP_FMT_1BIT_BE:
                    index = (row[x / 8] >> (7 - x % 8)) & 1;
                    break;
                case SPICE_BITMAP_FMT_4BIT_LE:
                    index = (row[x / 2] >> ((x % 2) * 4)) & 0xf;
                    break;
                case SPICE_BITMAP_FMT_4BIT_BE:
                    index = (row[x / 2] >> ((1 - x % 2) * 4)) & 0xf;
                    break;
                case SPICE_BITMAP_FMT_8BIT:
                    index = row[x];
                    break;
                case SPICE_BITMAP_FMT_8BIT_A:
                    out[x] = uint32_t{row[x]} << 24;
                    continue;
                case SPICE_BITMAP_FMT_16BIT:
                    out[x] = lz_detail::expand_x555(uint32_t{row[2 * x]} |
                                                    (uint32_t{row[2 * x + 1]} << 8));
                    continue;
                case SPICE_BITMAP_FMT_24BIT:
                    out[x] = uint32_t{row[3 * x]} | (uint32_t{row[3 * x + 1]} << 8) |
                             (uint32_t{row[3 * x + 2]} << 16);
                    continue;
                case SPICE_BITMAP_FMT_32BIT:
                    out[x] = le32(row + 4 * x) & 0x00ffffff;
                    continue;
                default:  // RGBA
                    out[x] = le32(row + 4 * x);
                    continue;
            }
            if (!indexed) {  // a 1-bit mask
                out[x] = index != 0 ? 0xffffffff : 0;
                continue;
            }
            if (index >= palette.size()) {
                return make_error(
                    fmt::format("BITMAP image: palette index {} at ({}, {}) beyond the {}-entry "
                                "palette",
                                index, x, y, palette.size()));
            }
            out[x] = palette[index] & 0x00ffffff;
        }
    }
    return image;
}

}  // namespace spicedesk::core
