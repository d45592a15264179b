#include "spice-core/client/wire/common.hpp"

#include <fmt/format.h>

namespace spicedesk::core::client::wire {

Error wire_error(std::string_view what, std::string_view reason) {
    return make_error(fmt::format("{}: {}", what, reason));
}

canvas::Rect read_rect(Reader& r) {
    canvas::Rect rect;
    rect.top = r.i32("rect.top");
    rect.left = r.i32("rect.left");
    rect.bottom = r.i32("rect.bottom");
    rect.right = r.i32("rect.right");
    return rect;
}

canvas::Point read_point(Reader& r) {
    canvas::Point p;
    p.x = r.i32("point.x");
    p.y = r.i32("point.y");
    return p;
}

canvas::Point16 read_point16(Reader& r) {
    canvas::Point16 p;
    p.x = r.i16("point.x");
    p.y = r.i16("point.y");
    return p;
}

canvas::Clip read_clip(Reader& r) {
    canvas::Clip clip;
    clip.type = r.u8("clip.type");
    if (clip.type == SPICE_CLIP_TYPE_NONE) {
        return clip;
    }
    if (clip.type != SPICE_CLIP_TYPE_RECTS) {
        r.fail(fmt::format("unknown clip type {}", clip.type));
        return clip;
    }
    uint32_t n = r.u32("clip.num_rects");
    if (n > kMaxClipRects || uint64_t{n} * 16 > r.remaining()) {
        r.fail(fmt::format("clip of {} rects does not fit in the message", n));
        return clip;
    }
    clip.rects.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
        clip.rects.push_back(read_rect(r));
    }
    return clip;
}

namespace {

Result<Palette> read_palette_at(const Reader& msg, uint32_t offset) {
    Reader r = msg.at(offset, "palette pointer");
    Palette p;
    p.unique = r.u64("palette.unique");
    uint16_t n = r.u16("palette.num_ents");
    if (uint64_t{n} * 4 > r.remaining()) {
        return wire_error("palette", fmt::format("{} entries do not fit in the message", n));
    }
    p.entries.resize(n);
    for (auto& e : p.entries) {
        e = r.u32("palette entry");
    }
    if (!r.ok()) {
        return wire_error("palette", r.error());
    }
    return p;
}

// The palette part of BitmapData / LZPLTData.
Status read_palette_part(Reader& r, ImageDesc& img, bool nonnull) {
    if (img.bitmap_flags & SPICE_BITMAP_FLAGS_PAL_FROM_CACHE) {
        img.palette_id = r.u64("palette_id");
        return {};
    }
    uint32_t ptr = r.u32("palette pointer");
    if (!r.ok()) {
        return wire_error("image", r.error());
    }
    if (ptr == 0) {
        if (nonnull) {
            return wire_error("LZ_PLT image", "null palette");
        }
        return {};
    }
    auto pal = read_palette_at(r, ptr);
    if (!pal) {
        return pal.error();
    }
    img.palette = std::move(*pal);
    return {};
}

}  // namespace

Result<ImageDesc> read_image_at(const Reader& msg, uint32_t offset) {
    if (offset == 0) {
        return wire_error("image", "null image pointer");
    }
    Reader r = msg.at(offset, "image pointer");
    ImageDesc img;
    img.id = r.u64("image.id");
    img.type = r.u8("image.type");
    img.flags = r.u8("image.flags");
    img.width = r.u32("image.width");
    img.height = r.u32("image.height");
    switch (img.type) {
        case SPICE_IMAGE_TYPE_BITMAP: {
            img.bitmap_format = r.u8("bitmap.format");
            img.bitmap_flags = r.u8("bitmap.flags");
            uint32_t x = r.u32("bitmap.x");
            uint32_t y = r.u32("bitmap.y");
            img.stride = r.u32("bitmap.stride");
            if (auto st = read_palette_part(r, img, false); !st) {
                return st.error();
            }
            if (r.ok() && (x != img.width || y != img.height)) {
                // spice-server always sends the same size twice; the bitmap's own counts.
                img.width = x;
                img.height = y;
            }
            uint64_t size = uint64_t{img.stride} * img.height;
            if (size > r.remaining()) {
                return wire_error("bitmap",
                                  fmt::format("{}x{} stride {} needs {} bytes, {} left", img.width,
                                              img.height, img.stride, size, r.remaining()));
            }
            img.data = r.bytes(static_cast<size_t>(size), "bitmap.data");
            break;
        }
        case SPICE_IMAGE_TYPE_QUIC:
        case SPICE_IMAGE_TYPE_LZ_RGB:
        case SPICE_IMAGE_TYPE_GLZ_RGB:
        case SPICE_IMAGE_TYPE_JPEG:
        case SPICE_IMAGE_TYPE_LZ4: {
            uint32_t size = r.u32("image.data_size");
            img.data = r.bytes(size, "image.data");
            break;
        }
        case SPICE_IMAGE_TYPE_LZ_PLT: {
            img.bitmap_flags = r.u8("lz_plt.flags");
            uint32_t size = r.u32("lz_plt.data_size");
            if (auto st = read_palette_part(r, img, true); !st) {
                return st.error();
            }
            img.data = r.bytes(size, "lz_plt.data");
            break;
        }
        case SPICE_IMAGE_TYPE_ZLIB_GLZ_RGB: {
            img.glz_data_size = r.u32("zlib_glz.glz_data_size");
            uint32_t size = r.u32("zlib_glz.data_size");
            img.data = r.bytes(size, "zlib_glz.data");
            break;
        }
        case SPICE_IMAGE_TYPE_JPEG_ALPHA: {
            img.jpeg_alpha_flags = r.u8("jpeg_alpha.flags");
            img.jpeg_size = r.u32("jpeg_alpha.jpeg_size");
            uint32_t size = r.u32("jpeg_alpha.data_size");
            img.data = r.bytes(size, "jpeg_alpha.data");
            break;
        }
        case SPICE_IMAGE_TYPE_SURFACE:
            img.surface_id = r.u32("surface_id");
            break;
        case SPICE_IMAGE_TYPE_FROM_CACHE:
        case SPICE_IMAGE_TYPE_FROM_CACHE_LOSSLESS:
            break;
        default:
            return wire_error("image", fmt::format("unknown image type {}", img.type));
    }
    if (!r.ok()) {
        return wire_error("image", r.error());
    }
    return img;
}

Result<std::optional<ImageDesc>> read_optional_image(Reader& r) {
    uint32_t ptr = r.u32("image pointer");
    if (!r.ok()) {
        return wire_error("image pointer", r.error());
    }
    if (ptr == 0) {
        return std::optional<ImageDesc>{};
    }
    auto img = read_image_at(r, ptr);
    if (!img) {
        return img.error();
    }
    return std::optional<ImageDesc>(std::move(*img));
}

Result<ImageDesc> read_image_ptr(Reader& r) {
    uint32_t ptr = r.u32("image pointer");
    if (!r.ok()) {
        return wire_error("image pointer", r.error());
    }
    return read_image_at(r, ptr);
}

Result<Brush> read_brush(Reader& r) {
    Brush b;
    b.type = r.u8("brush.type");
    switch (b.type) {
        case SPICE_BRUSH_TYPE_NONE:
            break;
        case SPICE_BRUSH_TYPE_SOLID:
            b.color = r.u32("brush.color");
            break;
        case SPICE_BRUSH_TYPE_PATTERN: {
            auto img = read_image_ptr(r);
            if (!img) {
                return wire_error("pattern brush", img.message());
            }
            b.pattern = std::move(*img);
            b.pos = read_point(r);
            break;
        }
        default:
            return wire_error("brush", fmt::format("unknown brush type {}", b.type));
    }
    if (!r.ok()) {
        return wire_error("brush", r.error());
    }
    return b;
}

Result<Mask> read_mask(Reader& r) {
    Mask m;
    m.flags = r.u8("mask.flags");
    m.pos = read_point(r);
    auto img = read_optional_image(r);
    if (!img) {
        return wire_error("mask", img.message());
    }
    m.bitmap = std::move(*img);
    return m;
}

}  // namespace spicedesk::core::client::wire
