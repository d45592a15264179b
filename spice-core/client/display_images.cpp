// Image resolution for DisplayState: an image descriptor to pixels (decoded through
// spice-core/codec, consulting and filling the pixmap and palette caches and the GLZ window),
// and the brushes and masks made of them. Split from display_state.cpp (draws and surfaces) and
// display_stream.cpp (video streams); one class, one job per file.

#include <fmt/format.h>

#include "spice-core/client/display_state.hpp"
#include "spice-core/codec/bitmap_decode.hpp"
#include "spice-core/codec/glz.hpp"
#include "spice-core/codec/jpeg.hpp"
#include "spice-core/codec/lz.hpp"
#include "spice-core/codec/lz4.hpp"
#include "spice-core/codec/lz4_image.hpp"
#include "spice-core/codec/quic.hpp"
#include "spice-core/codec/zlib_glz.hpp"

namespace spicedesk::core::client {

namespace {

constexpr uint64_t kMaxImagePixels = uint64_t{64} * 1024 * 1024;

void free_pixels(pixman_image_t* /*image*/, void* data) {
    delete static_cast<std::vector<uint32_t>*>(data);
}

Error unsupported(uint8_t type) {
    return make_error(fmt::format("unsupported image type {} (its decoder is not built)", type));
}

}  // namespace

Result<canvas::Image> image_from_pixels(std::vector<uint32_t>&& pixels, uint32_t width,
                                        uint32_t height, bool has_alpha) {
    if (width == 0 || height == 0 || uint64_t{width} * height > kMaxImagePixels ||
        pixels.size() != size_t{width} * height) {
        return make_error(
            fmt::format("decoded image {}x{} with {} pixels", width, height, pixels.size()));
    }
    auto* owned = new std::vector<uint32_t>(std::move(pixels));
    pixman_image_t* img = pixman_image_create_bits(
        has_alpha ? PIXMAN_a8r8g8b8 : PIXMAN_x8r8g8b8, static_cast<int>(width),
        static_cast<int>(height), owned->data(), static_cast<int>(width * 4));
    if (img == nullptr) {
        delete owned;
        return make_error(fmt::format("pixman refused a {}x{} image", width, height));
    }
    pixman_image_set_destroy_function(img, free_pixels, owned);
    return canvas::Image::adopt(img);
}

Result<canvas::Image> DisplayState::resolve_image(const wire::ImageDesc& d) {
    if (d.type == SPICE_IMAGE_TYPE_FROM_CACHE || d.type == SPICE_IMAGE_TYPE_FROM_CACHE_LOSSLESS) {
        const auto* e = pixmaps_.get(d.id);
        if (e == nullptr) {
            return make_error(fmt::format("image {:#x} is not in the pixmap cache", d.id));
        }
        if (d.type == SPICE_IMAGE_TYPE_FROM_CACHE_LOSSLESS && e->lossy) {
            return make_error(fmt::format("image {:#x} is cached lossy, asked lossless", d.id));
        }
        return e->image;
    }
    if (d.type == SPICE_IMAGE_TYPE_SURFACE) {
        auto it = surfaces_.find(d.surface_id);
        if (it == surfaces_.end()) {
            return make_error(fmt::format("image of unknown surface {}", d.surface_id));
        }
        return it->second.surface();
    }
    if (uint64_t{d.width} * d.height > limits_.max_image_pixels) {
        return make_error(fmt::format("image {:#x} of {}x{} is larger than {} pixels", d.id,
                                      d.width, d.height, limits_.max_image_pixels));
    }
    // The palette of BITMAP / LZ_PLT.
    std::vector<uint32_t> palette;
    if (d.type == SPICE_IMAGE_TYPE_BITMAP || d.type == SPICE_IMAGE_TYPE_LZ_PLT) {
        if (d.bitmap_flags & SPICE_BITMAP_FLAGS_PAL_FROM_CACHE) {
            const auto* p = palettes_.get(d.palette_id);
            if (p == nullptr) {
                return make_error(fmt::format("palette {:#x} is not cached", d.palette_id));
            }
            palette = *p;
        } else if (d.palette) {
            palette = d.palette->entries;
            if (d.bitmap_flags & SPICE_BITMAP_FLAGS_PAL_CACHE_ME) {
                palettes_.put(d.palette->unique, palette);
            }
        }
    }
    Result<canvas::Image> image = make_error("no decoder");
    bool lossy = false;
    auto from_decoded = [](auto&& decoded) -> Result<canvas::Image> {
        if (!decoded) {
            return decoded.error();
        }
        auto& di = *decoded;
        return image_from_pixels(std::move(di.pixels), di.width, di.height, di.has_alpha);
    };
    switch (d.type) {
        case SPICE_IMAGE_TYPE_BITMAP:
            image =
                from_decoded(decode_bitmap(d.data, d.bitmap_format, d.width, d.height, d.stride,
                                           d.bitmap_flags & SPICE_BITMAP_FLAGS_TOP_DOWN, palette));
            break;
        case SPICE_IMAGE_TYPE_LZ4: {
            if (uint64_t{d.width} * d.height > kMaxImagePixels) {
                return make_error(fmt::format("LZ4 image of {}x{}", d.width, d.height));
            }
            image = from_decoded(decode_lz4_image(d.data, d.width, d.height));
            break;
        }
        case SPICE_IMAGE_TYPE_QUIC:
            image = from_decoded(decode_quic(d.data));
            break;
        case SPICE_IMAGE_TYPE_LZ_RGB:
        case SPICE_IMAGE_TYPE_LZ_PLT:
            image = from_decoded(decode_lz(d.data, palette));
            break;
        case SPICE_IMAGE_TYPE_GLZ_RGB:
            image = from_decoded(decode_glz(d.data, *glz_));
            break;
        case SPICE_IMAGE_TYPE_ZLIB_GLZ_RGB:
            image = from_decoded(decode_zlib_glz(d.data, d.glz_data_size, *glz_));
            break;
        case SPICE_IMAGE_TYPE_JPEG:
            lossy = true;
            image = from_decoded(decode_jpeg(d.data));
            break;
        case SPICE_IMAGE_TYPE_JPEG_ALPHA:
            lossy = true;
            image = from_decoded(decode_jpeg_alpha(d.data, d.jpeg_size, d.jpeg_alpha_flags));
            break;
        default:
            return unsupported(d.type);
    }
    if (!image) {
        return make_error(fmt::format("image {:#x} (type {}): {}", d.id, d.type, image.message()));
    }
    if (d.flags & (SPICE_IMAGE_FLAGS_CACHE_ME | SPICE_IMAGE_FLAGS_CACHE_REPLACE_ME)) {
        pixmaps_.put(d.id, *image, lossy);
    }
    return image;
}

Result<canvas::Brush> DisplayState::brush(const wire::Brush& b) {
    switch (b.type) {
        case SPICE_BRUSH_TYPE_SOLID:
            return canvas::Brush::solid(b.color);
        case SPICE_BRUSH_TYPE_PATTERN: {
            auto img = resolve_image(*b.pattern);
            if (!img) {
                return make_error("pattern brush: " + img.message());
            }
            return canvas::Brush::tiled(std::move(*img), b.pos);
        }
        default:
            return canvas::Brush::none();
    }
}

Result<canvas::QMask> DisplayState::mask(const wire::Mask& m) {
    canvas::QMask q;
    q.flags = m.flags;
    q.pos = m.pos;
    if (m.bitmap) {
        auto img = resolve_image(*m.bitmap);
        if (!img) {
            return make_error("mask: " + img.message());
        }
        q.bitmap = std::move(*img);
    }
    return q;
}

}  // namespace spicedesk::core::client
