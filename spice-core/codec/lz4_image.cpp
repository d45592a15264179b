#include "spice-core/codec/lz4_image.hpp"

#include <fmt/format.h>
#include <lz4.h>

#include <memory>
#include <vector>

#include "spice-core/codec/lz_internal.hpp"
#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

namespace {

struct DecodeDeleter {
    void operator()(LZ4_streamDecode_t* s) const { LZ4_freeStreamDecode(s); }
};

}  // namespace

Result<DecodedImage> decode_lz4_image(std::span<const uint8_t> data, uint32_t width,
                                      uint32_t height) {
    if (data.size() < 2) {
        return make_error("LZ4 image: missing header");
    }
    const bool top_down = data[0] != 0;
    const uint8_t format = data[1];
    uint32_t bpp = 0;
    switch (format) {
        case SPICE_BITMAP_FMT_16BIT:
            bpp = 2;
            break;
        case SPICE_BITMAP_FMT_24BIT:
            bpp = 3;
            break;
        case SPICE_BITMAP_FMT_32BIT:
        case SPICE_BITMAP_FMT_RGBA:
            bpp = 4;
            break;
        default:
            return make_error(fmt::format("LZ4 image: unsupported bitmap format {}", format));
    }
    const uint64_t pixels = uint64_t{width} * height;
    if (width == 0 || height == 0 || pixels > kMaxDecodedPixels) {
        return make_error(fmt::format("LZ4 image: invalid size {}x{}", width, height));
    }
    const uint64_t total = pixels * bpp;
    // LZ4 expands at most 255:1; refuse sizes the data cannot reach before allocating.
    if (total > uint64_t{data.size()} * 256 + 64) {
        return make_error(fmt::format("LZ4 image: {} bytes cannot hold a {}x{} image", data.size(),
                                      width, height));
    }
    std::vector<uint8_t> raw(total);
    std::unique_ptr<LZ4_streamDecode_t, DecodeDeleter> stream(LZ4_createStreamDecode());
    if (!stream) {
        return make_error("LZ4 image: out of memory");
    }
    size_t pos = 2;
    size_t produced = 0;
    while (pos < data.size()) {
        if (data.size() - pos < 4) {
            return make_error(fmt::format("LZ4 image: block size truncated at byte {}", pos));
        }
        const uint32_t size = (uint32_t{data[pos]} << 24) | (uint32_t{data[pos + 1]} << 16) |
                              (uint32_t{data[pos + 2]} << 8) | uint32_t{data[pos + 3]};
        pos += 4;
        if (size > data.size() - pos || size > static_cast<uint32_t>(INT32_MAX)) {
            return make_error(fmt::format(
                "LZ4 image: block of {} bytes at byte {} overruns the data", size, pos));
        }
        if (produced == total) {
            return make_error("LZ4 image: data beyond the image");
        }
        const int n = LZ4_decompress_safe_continue(
            stream.get(), reinterpret_cast<const char*>(data.data() + pos),
            reinterpret_cast<char*>(raw.data() + produced), static_cast<int>(size),
            static_cast<int>(std::min<uint64_t>(total - produced, INT32_MAX)));
        if (n <= 0) {
            return make_error(fmt::format("LZ4 image: corrupt block at byte {}", pos));
        }
        produced += static_cast<size_t>(n);
        pos += size;
    }
    if (produced != total) {
        return make_error(fmt::format("LZ4 image: {} bytes decoded, {} expected", produced, total));
    }
    DecodedImage image;
    image.width = width;
    image.height = height;
    image.has_alpha = format == SPICE_BITMAP_FMT_RGBA;
    image.pixels.resize(pixels);
    const size_t row_bytes = size_t{width} * bpp;
    for (uint32_t y = 0; y < height; ++y) {
        const uint32_t src_row = top_down ? y : height - 1 - y;
        const uint8_t* in = raw.data() + size_t{src_row} * row_bytes;
        uint32_t* out = image.pixels.data() + size_t{y} * width;
        for (size_t x = 0; x < width; ++x) {
            switch (bpp) {
                case 2:
                    out[x] = lz_detail::expand_x555(uint32_t{in[2 * x]} |
                                                    (uint32_t{in[2 * x + 1]} << 8));
                    break;
                case 3:
                    out[x] = uint32_t{in[3 * x]} | (uint32_t{in[3 * x + 1]} << 8) |
                             (uint32_t{in[3 * x + 2]} << 16);
                    break;
                default: {
                    const uint8_t* p = in + 4 * x;
                    uint32_t v = uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) |
                                 (uint32_t{p[3]} << 24);
                    out[x] = image.has_alpha ? v : (v & 0x00ffffff);
                }
            }
        }
    }
    return image;
}

}  // namespace spicedesk::core
