#include "spice-core/codec/lz.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "spice-core/codec/lz_internal.hpp"

namespace spicedesk::core {

namespace {

using lz_detail::ByteInput;

// Far references: an offset byte of 255 with all five high bits set announces a 16-bit distance
// beyond this.
constexpr uint32_t kMaxNearDistance = 8191;

// One LZ pass: fills `out` (units: palette bytes, alpha bytes, x555 words or xRGB pixels) from
// the control stream. A control byte below 32 starts a run of ctrl + 1 literal units; above,
// its top three bits are a length (7 = extended by following bytes while they are 255) and its
// low five bits the high bits of a distance back into this pass's own output.
// len_bias: what the format adds to a match length (2 for byte units, 1 for x555, 0 for RGB).
template <typename Unit, typename ReadLiteral>
Status lz_pass(ByteInput& in, std::span<Unit> out, uint32_t len_bias, ReadLiteral read_literal) {
    const size_t size = out.size();
    size_t op = 0;
    while (op < size) {
        uint32_t ctrl = in.next();
        if (ctrl >= 32) {
            uint64_t len = ctrl >> 5;
            if (len == 7) {
                uint8_t code = 0;
                do {
                    code = in.next();
                    len += code;
                } while (code == 255 && !in.failed());
            }
            uint32_t code = in.next();
            uint64_t ofs = ((ctrl & 31) << 8) + code;
            if (code == 255 && (ctrl & 31) == 31) {
                ofs = (static_cast<uint32_t>(in.next()) << 8);
                ofs += in.next();
                ofs += kMaxNearDistance;
            }
            ofs += 1;
            len += len_bias;
            if (in.failed()) {
                break;
            }
            if (ofs > op) {
                return make_error(
                    fmt::format("reference {} units back at unit {} (before the image)", ofs, op));
            }
            if (len > size - op) {
                return make_error(
                    fmt::format("match of {} units at unit {} overruns the image", len, op));
            }
            // Forward, element by element: overlapping matches repeat their start (runs).
            size_t ref = op - static_cast<size_t>(ofs);
            for (uint64_t i = 0; i < len; ++i) {
                out[op++] = out[ref++];
            }
        } else {
            uint32_t count = ctrl + 1;
            if (count > size - op) {
                return make_error(fmt::format(
                    "literal run of {} units at unit {} overruns the image", count, op));
            }
            for (uint32_t i = 0; i < count; ++i) {
                out[op++] = read_literal(in);
            }
            if (in.failed()) {
                break;
            }
        }
    }
    if (in.failed()) {
        return make_error(fmt::format("data ends after {} of {} units", op, size));
    }
    return {};
}

uint8_t read_byte(ByteInput& in) {
    return in.next();
}
uint16_t read_x555(ByteInput& in) {
    uint16_t hi = in.next();
    return static_cast<uint16_t>((hi << 8) | in.next());
}
uint32_t read_bgr(ByteInput& in) {
    uint32_t b = in.next();
    uint32_t g = in.next();
    uint32_t r = in.next();
    return (r << 16) | (g << 8) | b;
}

bool is_palette_type(LzImageType t) {
    return t >= LzImageType::kPlt1Le && t <= LzImageType::kPlt8;
}

uint32_t bits_per_index(LzImageType t) {
    switch (t) {
        case LzImageType::kPlt1Le:
        case LzImageType::kPlt1Be:
            return 1;
        case LzImageType::kPlt4Le:
        case LzImageType::kPlt4Be:
            return 4;
        default:
            return 8;
    }
}

uint32_t bytes_per_pixel(LzImageType t) {
    switch (t) {
        case LzImageType::kRgb16:
            return 2;
        case LzImageType::kRgb24:
            return 3;
        case LzImageType::kRgb32:
        case LzImageType::kRgba:
        case LzImageType::kXxxa:  // XXXA: the alpha bytes of 32-bit pixels
            return 4;
        default:
            return 1;
    }
}

// The palette index of pixel x in a row of packed indices.
uint32_t palette_index(LzImageType t, const uint8_t* row, uint32_t x) {
    switch (t) {
        case LzImageType::kPlt1Le:
            return (row[x / 8] >> (x % 8)) & 1;
        case LzImageType::kPlt1Be:
            return (row[x / 8] >> (7 - x % 8)) & 1;
        case LzImageType::kPlt4Le:
            return (row[x / 2] >> ((x % 2) * 4)) & 0xf;
        case LzImageType::kPlt4Be:
            return (row[x / 2] >> ((1 - x % 2) * 4)) & 0xf;
        default:
            return row[x];
    }
}

}  // namespace

Result<DecodedImage> decode_lz_with_header(std::span<const uint8_t> data,
                                           std::span<const uint32_t> palette, LzHeader& header) {
    ByteInput in(data);
    const uint32_t magic = in.be32();
    const uint32_t version = in.be32();
    const uint32_t type = in.be32();
    const uint32_t width = in.be32();
    const uint32_t height = in.be32();
    const uint32_t stride = in.be32();
    const uint32_t top_down = in.be32();
    if (in.failed()) {
        return make_error(fmt::format("LZ image: header truncated ({} bytes)", data.size()));
    }
    if (magic != lz_detail::kLzMagic) {
        return make_error(fmt::format("LZ image: bad magic {:#010x}", magic));
    }
    if (version != lz_detail::kLzVersion) {
        return make_error(fmt::format("LZ image: unsupported version {:#x}", version));
    }
    if (type == 0 || type > static_cast<uint32_t>(LzImageType::kA8)) {
        return make_error(fmt::format("LZ image: invalid image type {}", type));
    }
    const auto t = static_cast<LzImageType>(type);
    header = LzHeader{t, width, height, stride, top_down != 0};
    const uint64_t pixels = uint64_t{width} * height;
    if (width == 0 || height == 0 || pixels > kMaxDecodedPixels) {
        return make_error(fmt::format("LZ image: invalid size {}x{}", width, height));
    }

    DecodedImage image;
    image.width = width;
    image.height = height;
    const bool palette_type = is_palette_type(t);
    uint64_t units = pixels;
    if (palette_type) {
        const uint64_t row_bytes = (uint64_t{width} * bits_per_index(t) + 7) / 8;
        if (stride != row_bytes) {
            return make_error(fmt::format("LZ image: palette stride {} for width {} (expected {})",
                                          stride, width, row_bytes));
        }
        units = row_bytes * height;
        if (palette.empty()) {
            return make_error("LZ image: palette image without a palette");
        }
    } else if (uint64_t{stride} != uint64_t{width} * bytes_per_pixel(t)) {
        return make_error(
            fmt::format("LZ image: stride {} is not width {} times the pixel size", stride, width));
    }
    const uint64_t passes = t == LzImageType::kRgba ? 2 : 1;
    if (units * passes > in.remaining() * lz_detail::kMaxUnitsPerByte + 64) {
        return make_error(fmt::format("LZ image: {} bytes cannot hold a {}x{} image", data.size(),
                                      width, height));
    }

    // Decode in stream order, then place rows top-down.
    std::vector<uint32_t> stream_pixels;
    std::vector<uint8_t> bytes;
    Status s;
    switch (t) {
        case LzImageType::kPlt1Le:
        case LzImageType::kPlt1Be:
        case LzImageType::kPlt4Le:
        case LzImageType::kPlt4Be:
        case LzImageType::kPlt8:
            bytes.resize(units);
            s = lz_pass(in, std::span<uint8_t>(bytes), 2, read_byte);
            break;
        case LzImageType::kXxxa:
        case LzImageType::kA8:
            bytes.resize(units);
            s = lz_pass(in, std::span<uint8_t>(bytes), 2, read_byte);
            image.has_alpha = true;
            break;
        case LzImageType::kRgb16: {
            std::vector<uint16_t> words(units);
            s = lz_pass(in, std::span<uint16_t>(words), 1, read_x555);
            if (s) {
                stream_pixels.resize(units);
                for (size_t i = 0; i < words.size(); ++i) {
                    stream_pixels[i] = lz_detail::expand_x555(words[i]);
                }
            }
            break;
        }
        case LzImageType::kRgb24:
        case LzImageType::kRgb32:
            stream_pixels.resize(units);
            s = lz_pass(in, std::span<uint32_t>(stream_pixels), 0, read_bgr);
            break;
        case LzImageType::kRgba:
            stream_pixels.resize(units);
            s = lz_pass(in, std::span<uint32_t>(stream_pixels), 0, read_bgr);
            if (s) {
                bytes.resize(units);
                s = lz_pass(in, std::span<uint8_t>(bytes), 2, read_byte);
                for (size_t i = 0; s && i < bytes.size(); ++i) {
                    stream_pixels[i] |= static_cast<uint32_t>(bytes[i]) << 24;
                }
            }
            image.has_alpha = true;
            break;
        case LzImageType::kInvalid:
            break;
    }
    if (!s) {
        return make_error(fmt::format("LZ image ({}x{}): {}", width, height, s.message()));
    }

    image.pixels.resize(pixels);
    for (uint32_t y = 0; y < height; ++y) {
        const uint32_t src_row = top_down ? y : height - 1 - y;
        uint32_t* out = image.pixels.data() + size_t{y} * width;
        if (palette_type) {
            const uint8_t* row = bytes.data() + size_t{src_row} * stride;
            for (uint32_t x = 0; x < width; ++x) {
                const uint32_t index = palette_index(t, row, x);
                if (index >= palette.size()) {
                    return make_error(fmt::format(
                        "LZ image: palette index {} at ({}, {}) beyond the {}-entry palette", index,
                        x, y, palette.size()));
                }
                out[x] = palette[index] & 0x00ffffff;
            }
        } else if (t == LzImageType::kXxxa || t == LzImageType::kA8) {
            const uint8_t* row = bytes.data() + size_t{src_row} * width;
            for (uint32_t x = 0; x < width; ++x) {
                out[x] = static_cast<uint32_t>(row[x]) << 24;
            }
        } else {
            const uint32_t* row = stream_pixels.data() + size_t{src_row} * width;
            std::copy(row, row + width, out);
        }
    }
    return image;
}

Result<DecodedImage> decode_lz(std::span<const uint8_t> data, std::span<const uint32_t> palette) {
    LzHeader header;
    return decode_lz_with_header(data, palette, header);
}

}  // namespace spicedesk::core
