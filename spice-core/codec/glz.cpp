#include "spice-core/codec/glz.hpp"

#include <fmt/format.h>

#include <map>
#include <vector>

#include "spice-core/codec/lz.hpp"
#include "spice-core/codec/lz_internal.hpp"

namespace spicedesk::core {

// Decoded images by GLZ id, each in stream order (the order pixel offsets count in), 32-bit
// xRGB/ARGB as decoded.
struct GlzWindow::Impl {
    uint64_t max_pixels = 0;
    std::map<uint64_t, std::vector<uint32_t>> images;
    uint64_t pixels = 0;

    void erase(std::map<uint64_t, std::vector<uint32_t>>::iterator it) {
        pixels -= it->second.size();
        images.erase(it);
    }
    // Drops the images the server no longer references (ids below oldest), then the oldest
    // others while the window holds more than max_pixels (keeping `keep`).
    void release(uint64_t oldest, uint64_t keep) {
        while (!images.empty() && images.begin()->first < oldest) {
            erase(images.begin());
        }
        while (pixels > max_pixels && images.size() > 1) {
            auto it = images.begin();
            if (it->first == keep) {
                ++it;
            }
            erase(it);
        }
    }
};

GlzWindow::GlzWindow(uint64_t max_pixels) : impl_(std::make_unique<Impl>()) {
    impl_->max_pixels = max_pixels;
}
GlzWindow::~GlzWindow() = default;
GlzWindow::GlzWindow(GlzWindow&&) noexcept = default;
GlzWindow& GlzWindow::operator=(GlzWindow&&) noexcept = default;

void GlzWindow::clear() {
    impl_->images.clear();
    impl_->pixels = 0;
}
size_t GlzWindow::image_count() const {
    return impl_->images.size();
}
uint64_t GlzWindow::pixel_count() const {
    return impl_->pixels;
}

namespace {

using lz_detail::ByteInput;

enum class Pass { kRgb32, kRgb16, kAlpha };

// One GLZ pass over `out` (the image's pixels in stream order). Like LZ, a control byte below 32
// starts ctrl + 1 literals; above, bits 7..5 are a length (7 = extended while bytes are 255),
// bit 4 selects the long pixel-offset form and bits 3..0 start the pixel offset; then come the
// offset's next 8 bits and a byte whose top two bits count the image-distance bytes that follow
// (short form: its low 6 bits start the distance; long form: bit 5 announces one more offset
// byte, bits 4..0 continue the offset). Distance 0 is a reference into this image (offset biased
// by 1, counted back from the current pixel); otherwise into image id - distance of the window,
// at that absolute pixel offset. The alpha pass copies and writes only the top byte.
Status glz_pass(ByteInput& in, std::span<uint32_t> out, Pass pass, uint64_t id,
                const GlzWindow::Impl& window) {
    const uint32_t len_bias = pass == Pass::kAlpha ? 2 : pass == Pass::kRgb16 ? 1 : 0;
    const size_t size = out.size();
    size_t op = 0;
    while (op < size) {
        uint32_t ctrl = in.next();
        if (ctrl >= 32) {
            uint64_t len = ctrl >> 5;
            bool long_offset = ((ctrl >> 4) & 1) != 0;
            uint64_t pixel_ofs = ctrl & 0x0f;
            if (len == 7) {
                uint8_t code = 0;
                do {
                    code = in.next();
                    len += code;
                } while (code == 255 && !in.failed());
            }
            pixel_ofs += uint64_t{in.next()} << 4;
            uint32_t code = in.next();
            const uint32_t dist_bytes = (code >> 6) & 3;
            uint64_t image_dist = 0;
            if (!long_offset) {
                image_dist = code & 0x3f;
                for (uint32_t i = 0; i < dist_bytes; ++i) {
                    image_dist += uint64_t{in.next()} << (6 + 8 * i);
                }
            } else {
                const bool very_long = ((code >> 5) & 1) != 0;
                pixel_ofs += uint64_t{code & 0x1f} << 12;
                for (uint32_t i = 0; i < dist_bytes; ++i) {
                    image_dist += uint64_t{in.next()} << (8 * i);
                }
                if (very_long) {
                    pixel_ofs += uint64_t{in.next()} << 17;
                }
            }
            len += len_bias;
            if (in.failed()) {
                break;
            }
            if (len > size - op) {
                return make_error(
                    fmt::format("match of {} pixels at pixel {} overruns the image", len, op));
            }
            const uint32_t* src = nullptr;
            if (image_dist == 0) {
                pixel_ofs += 1;
                if (pixel_ofs > op) {
                    return make_error(
                        fmt::format("reference {} pixels back at pixel {}", pixel_ofs, op));
                }
                src = out.data() + (op - pixel_ofs);
            } else {
                if (image_dist > id) {
                    return make_error(
                        fmt::format("reference to image {} back from image {}", image_dist, id));
                }
                auto it = window.images.find(id - image_dist);
                if (it == window.images.end()) {
                    return make_error(fmt::format(
                        "reference to image {}, which is not in the window", id - image_dist));
                }
                if (pixel_ofs > it->second.size() || len > it->second.size() - pixel_ofs) {
                    return make_error(
                        fmt::format("reference to pixels {}..{} of image {} ({} pixels)", pixel_ofs,
                                    pixel_ofs + len, id - image_dist, it->second.size()));
                }
                src = it->second.data() + pixel_ofs;
            }
            // Element by element: an overlapping reference into this image repeats (a run).
            uint32_t* dst = out.data() + op;
            if (pass == Pass::kAlpha) {
                for (uint64_t i = 0; i < len; ++i) {
                    dst[i] = (dst[i] & 0x00ffffff) | (src[i] & 0xff000000);
                }
            } else {
                for (uint64_t i = 0; i < len; ++i) {
                    dst[i] = src[i];
                }
            }
            op += len;
        } else {
            const uint32_t count = ctrl + 1;
            if (count > size - op) {
                return make_error(
                    fmt::format("literal run of {} at pixel {} overruns the image", count, op));
            }
            for (uint32_t i = 0; i < count; ++i, ++op) {
                switch (pass) {
                    case Pass::kRgb32: {
                        uint32_t b = in.next();
                        uint32_t g = in.next();
                        uint32_t r = in.next();
                        out[op] = (r << 16) | (g << 8) | b;
                        break;
                    }
                    case Pass::kRgb16: {
                        uint32_t hi = in.next();
                        out[op] = lz_detail::expand_x555((hi << 8) | in.next());
                        break;
                    }
                    case Pass::kAlpha:
                        out[op] = (out[op] & 0x00ffffff) | (uint32_t{in.next()} << 24);
                        break;
                }
            }
            if (in.failed()) {
                break;
            }
        }
    }
    if (in.failed()) {
        return make_error(fmt::format("data ends after {} of {} pixels", op, size));
    }
    return {};
}

}  // namespace

Result<DecodedImage> decode_glz(std::span<const uint8_t> data, GlzWindow& window) {
    GlzWindow::Impl& w = window.impl();
    ByteInput in(data);
    const uint32_t magic = in.be32();
    const uint32_t version = in.be32();
    const uint8_t type_byte = in.next();
    const uint32_t width = in.be32();
    const uint32_t height = in.be32();
    (void)in.be32();  // stride: width * bytes per pixel for the RGB types, not needed
    const uint64_t id = in.be64();
    const uint32_t win_head_dist = in.be32();
    if (in.failed()) {
        return make_error(fmt::format("GLZ image: header truncated ({} bytes)", data.size()));
    }
    if (magic != lz_detail::kLzMagic) {
        return make_error(fmt::format("GLZ image: bad magic {:#010x}", magic));
    }
    if (version != lz_detail::kLzVersion) {
        return make_error(fmt::format("GLZ image: unsupported version {:#x}", version));
    }
    const auto type = static_cast<LzImageType>(type_byte & 0x0f);
    const bool top_down = (type_byte >> 4) != 0;
    // The server's window moved: what lies before it will not be referenced again.
    const uint64_t oldest = win_head_dist <= id ? id - win_head_dist : 0;
    w.release(oldest, id);

    if (type != LzImageType::kRgb16 && type != LzImageType::kRgb24 && type != LzImageType::kRgb32 &&
        type != LzImageType::kRgba) {
        return make_error(
            fmt::format("GLZ image {}: unsupported LZ image type {}", id, static_cast<int>(type)));
    }
    const uint64_t pixels = uint64_t{width} * height;
    if (width == 0 || height == 0 || pixels > kMaxDecodedPixels) {
        return make_error(fmt::format("GLZ image {}: invalid size {}x{}", id, width, height));
    }
    const uint64_t passes = type == LzImageType::kRgba ? 2 : 1;
    if (pixels * passes > in.remaining() * lz_detail::kMaxUnitsPerByte + 64) {
        return make_error(fmt::format("GLZ image {}: {} bytes cannot hold a {}x{} image", id,
                                      data.size(), width, height));
    }

    std::vector<uint32_t> stream(pixels);
    Status s =
        glz_pass(in, stream, type == LzImageType::kRgb16 ? Pass::kRgb16 : Pass::kRgb32, id, w);
    if (s && type == LzImageType::kRgba) {
        s = glz_pass(in, stream, Pass::kAlpha, id, w);
    }
    if (!s) {
        return make_error(fmt::format("GLZ image {} ({}x{}): {}", id, width, height, s.message()));
    }

    DecodedImage image;
    image.width = width;
    image.height = height;
    image.has_alpha = type == LzImageType::kRgba;
    image.pixels.resize(pixels);
    const uint32_t mask = image.has_alpha ? 0xffffffff : 0x00ffffff;
    for (uint32_t y = 0; y < height; ++y) {
        const uint32_t src_row = top_down ? y : height - 1 - y;
        const uint32_t* src = stream.data() + size_t{src_row} * width;
        uint32_t* dst = image.pixels.data() + size_t{y} * width;
        for (uint32_t x = 0; x < width; ++x) {
            dst[x] = src[x] & mask;
        }
    }

    auto [it, inserted] = w.images.try_emplace(id);
    if (!inserted) {
        w.pixels -= it->second.size();
    }
    w.pixels += stream.size();
    it->second = std::move(stream);
    w.release(oldest, id);
    return image;
}

}  // namespace spicedesk::core
