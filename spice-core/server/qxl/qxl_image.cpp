#include "spice-core/server/qxl/qxl_image.hpp"

#include <fmt/format.h>

#include <bit>
#include <cstddef>
#include <cstring>

#include "spice-core/server/qxl/qxl_compressed_image.hpp"
#include "spice-core/server/qxl/qxl_parse_helpers.hpp"

namespace spicedesk::core::qxl {

using detail::le32;
using detail::valid_surface;
using detail::wrap;

namespace {

// Bitmaps are little endian, as pixman's 32-bit pixels are on this host.
static_assert(std::endian::native == std::endian::little);

uint64_t row_bytes(uint8_t format, uint64_t width) {
    switch (format) {
        case SPICE_BITMAP_FMT_1BIT_LE:
        case SPICE_BITMAP_FMT_1BIT_BE:
            return (width + 7) / 8;
        case SPICE_BITMAP_FMT_4BIT_LE:
        case SPICE_BITMAP_FMT_4BIT_BE:
            return (width + 1) / 2;
        case SPICE_BITMAP_FMT_8BIT:
        case SPICE_BITMAP_FMT_8BIT_A:
            return width;
        case SPICE_BITMAP_FMT_16BIT:
            return width * 2;
        case SPICE_BITMAP_FMT_24BIT:
            return width * 3;
        case SPICE_BITMAP_FMT_32BIT:
        case SPICE_BITMAP_FMT_RGBA:
            return width * 4;
        default:
            return 0;
    }
}

Result<std::vector<uint32_t>> read_palette(const ParseContext& ctx, uint64_t addr) {
    auto header = ctx.slots.translate(ctx.group_id, addr, sizeof(QXLPalette));
    if (!header) {
        return wrap("palette", header.message());
    }
    QXLPalette pal;
    std::memcpy(&pal, header->data(), sizeof(QXLPalette));
    auto ents =
        ctx.slots.translate(ctx.group_id, addr + sizeof(QXLPalette), uint64_t{pal.num_ents} * 4);
    if (!ents) {
        return wrap("palette entries", ents.message());
    }
    std::vector<uint32_t> out(pal.num_ents);
    for (size_t i = 0; i < out.size(); ++i) {
        out[i] = le32(ents->data() + i * 4);
    }
    return out;
}

Result<canvas::Image> decode_bitmap(const QXLBitmap& bm, std::span<const uint8_t> data,
                                    std::span<const uint32_t> palette, bool as_mask) {
    const uint32_t w = bm.x;
    const uint32_t h = bm.y;
    const uint64_t stride = bm.stride;
    const bool top_down = (bm.flags & QXL_BITMAP_TOP_DOWN) != 0;
    const uint8_t fmt = bm.format;
    const bool one_bit = fmt == SPICE_BITMAP_FMT_1BIT_LE || fmt == SPICE_BITMAP_FMT_1BIT_BE;
    const bool palette_fmt = one_bit || fmt == SPICE_BITMAP_FMT_4BIT_LE ||
                             fmt == SPICE_BITMAP_FMT_4BIT_BE || fmt == SPICE_BITMAP_FMT_8BIT;
    pixman_format_code_t out_format = PIXMAN_x8r8g8b8;
    if (as_mask && one_bit) {
        out_format = PIXMAN_a1;
    } else if (fmt == SPICE_BITMAP_FMT_RGBA) {
        out_format = PIXMAN_a8r8g8b8;
    } else if (fmt == SPICE_BITMAP_FMT_8BIT_A) {
        out_format = PIXMAN_a8;
    } else if (palette_fmt && palette.empty()) {
        if (!one_bit) {
            return make_error(fmt::format("bitmap format {} without a palette", fmt));
        }
        out_format = PIXMAN_a1;  // a palette-less 1-bit bitmap is a mask
    }
    auto image = canvas::create_image(out_format, static_cast<int>(w), static_cast<int>(h));
    if (!image) {
        return image.error();
    }
    uint8_t* dst = image->data();
    const auto dst_stride = static_cast<size_t>(image->stride());
    auto pal = [&](uint32_t index) -> Result<uint32_t> {
        if (index >= palette.size()) {
            return make_error(
                fmt::format("palette index {} beyond {} entries", index, palette.size()));
        }
        return palette[index] & 0xffffffU;
    };
    for (uint32_t y = 0; y < h; ++y) {
        const uint8_t* src = data.data() + (top_down ? y : h - 1 - y) * stride;
        uint8_t* row = dst + y * dst_stride;
        auto* row32 = reinterpret_cast<uint32_t*>(row);
        if (fmt == SPICE_BITMAP_FMT_32BIT || fmt == SPICE_BITMAP_FMT_RGBA) {
            std::memcpy(row, src, static_cast<size_t>(w) * 4);  // already pixman's layout (LE)
            continue;
        }
        if (out_format == PIXMAN_a1) {
            for (uint32_t x = 0; x < w; ++x) {
                const uint8_t byte = src[x / 8];
                const bool bit = fmt == SPICE_BITMAP_FMT_1BIT_LE ? ((byte >> (x % 8)) & 1) != 0
                                                                 : ((byte >> (7 - x % 8)) & 1) != 0;
                if (bit) {
                    row32[x / 32] |= uint32_t{1} << (x % 32);  // pixman a1: LSB first (LE host)
                }
            }
            continue;
        }
        for (uint32_t x = 0; x < w; ++x) {
            uint32_t pixel = 0;
            switch (fmt) {
                case SPICE_BITMAP_FMT_1BIT_LE:
                case SPICE_BITMAP_FMT_1BIT_BE: {
                    const uint8_t byte = src[x / 8];
                    const uint32_t bit = fmt == SPICE_BITMAP_FMT_1BIT_LE
                                             ? (byte >> (x % 8)) & 1
                                             : (byte >> (7 - x % 8)) & 1;
                    auto p = pal(bit);
                    if (!p) {
                        return p.error();
                    }
                    pixel = *p;
                    break;
                }
                case SPICE_BITMAP_FMT_4BIT_LE:
                case SPICE_BITMAP_FMT_4BIT_BE: {
                    const uint8_t byte = src[x / 2];
                    const bool low_first = fmt == SPICE_BITMAP_FMT_4BIT_LE;
                    const uint32_t nib = ((x % 2 == 0) == low_first) ? byte & 0xfU : byte >> 4U;
                    auto p = pal(nib);
                    if (!p) {
                        return p.error();
                    }
                    pixel = *p;
                    break;
                }
                case SPICE_BITMAP_FMT_8BIT: {
                    auto p = pal(src[x]);
                    if (!p) {
                        return p.error();
                    }
                    pixel = *p;
                    break;
                }
                case SPICE_BITMAP_FMT_8BIT_A:
                    row[x] = src[x];
                    continue;
                case SPICE_BITMAP_FMT_16BIT: {
                    const uint32_t v = static_cast<uint32_t>(src[size_t{x} * 2]) |
                                       (static_cast<uint32_t>(src[size_t{x} * 2 + 1]) << 8);
                    const uint32_t r = (v >> 10) & 0x1f;
                    const uint32_t g = (v >> 5) & 0x1f;
                    const uint32_t b = v & 0x1f;
                    pixel =
                        ((r << 3 | r >> 2) << 16) | ((g << 3 | g >> 2) << 8) | (b << 3 | b >> 2);
                    break;
                }
                case SPICE_BITMAP_FMT_24BIT:
                    pixel = static_cast<uint32_t>(src[size_t{x} * 3]) |
                            (static_cast<uint32_t>(src[size_t{x} * 3 + 1]) << 8) |
                            (static_cast<uint32_t>(src[size_t{x} * 3 + 2]) << 16);
                    break;
                default:  // 32BIT, RGBA
                    pixel = le32(src + static_cast<size_t>(x) * 4);
                    break;
            }
            row32[x] = pixel;
        }
    }
    return std::move(*image);
}
}  // namespace

Result<std::vector<uint8_t>> read_chunks(const ParseContext& ctx, uint64_t chunk_addr,
                                         uint64_t max_bytes, std::string_view what) {
    std::vector<uint8_t> out;
    uint64_t addr = chunk_addr;
    uint32_t chunks = 0;
    while (true) {
        if (++chunks > ctx.limits.max_chunks) {
            return make_error(
                fmt::format("{}: more than {} data chunks (a loop?)", what, ctx.limits.max_chunks));
        }
        auto head = ctx.slots.read<QXLDataChunk>(ctx.group_id, addr, what);
        if (!head) {
            return head.error();
        }
        const uint32_t size = head->data_size;
        if (size > max_bytes - out.size()) {
            return make_error(
                fmt::format("{}: data chunks hold more than {} bytes", what, max_bytes));
        }
        auto data = ctx.slots.translate(ctx.group_id, addr + sizeof(QXLDataChunk), size);
        if (!data) {
            return wrap(what, data.message());
        }
        out.insert(out.end(), data->begin(), data->end());
        if (head->next_chunk == 0) {
            break;
        }
        addr = head->next_chunk;
    }
    return out;
}

Result<ParsedImage> parse_image(const ParseContext& ctx, uint64_t addr, bool as_mask) {
    auto desc = ctx.slots.read<QXLImageDescriptor>(ctx.group_id, addr, "image");
    if (!desc) {
        return desc.error();
    }
    const uint64_t body = addr + sizeof(QXLImageDescriptor);
    if (desc->type == SPICE_IMAGE_TYPE_SURFACE) {
        auto sid = ctx.slots.read<QXLSurfaceId>(ctx.group_id, body, "surface image");
        if (!sid) {
            return sid.error();
        }
        if (!valid_surface(ctx, sid->surface_id) || !ctx.surface_image) {
            return make_error(fmt::format("surface image: no surface {}", +sid->surface_id));
        }
        auto image = ctx.surface_image(sid->surface_id);
        if (!image) {
            return wrap("surface image", image.message());
        }
        return ParsedImage{std::move(*image), true, sid->surface_id, nullptr};
    }
    if (desc->type == SPICE_IMAGE_TYPE_QUIC || desc->type == SPICE_IMAGE_TYPE_LZ_RGB) {
        if (as_mask) {
            return make_error(fmt::format("mask: compressed image type {}", +desc->type));
        }
        auto image = parse_compressed_image(ctx, *desc, body);
        if (!image) {
            return image.error();
        }
        ParsedImage out{std::move(image->image), false, 0, nullptr};
        if (!image->has_alpha) {
            out.encoded = std::move(image->encoded);
        }
        return out;
    }
    if (desc->type != SPICE_IMAGE_TYPE_BITMAP) {
        return make_error(fmt::format(
            "image type {} not supported (BITMAP, SURFACE, QUIC and LZ_RGB are)", +desc->type));
    }
    auto bm = ctx.slots.read<QXLBitmap>(ctx.group_id, body, "bitmap");
    if (!bm) {
        return bm.error();
    }
    if (bm->x == 0 || bm->y == 0 || bm->x > ctx.limits.max_image_side ||
        bm->y > ctx.limits.max_image_side) {
        return make_error(fmt::format("bitmap {}x{}: empty or larger than {} a side", +bm->x,
                                      +bm->y, ctx.limits.max_image_side));
    }
    const uint64_t row = row_bytes(bm->format, bm->x);
    if (row == 0) {
        return make_error(fmt::format("bitmap format {} unknown", +bm->format));
    }
    if (bm->stride < row) {
        return make_error(
            fmt::format("bitmap stride {} shorter than a row ({})", +bm->stride, row));
    }
    const uint64_t size = uint64_t{bm->stride} * bm->y;
    if (size > ctx.limits.max_image_bytes) {
        return make_error(
            fmt::format("bitmap of {} bytes (at most {})", size, ctx.limits.max_image_bytes));
    }
    std::vector<uint32_t> palette;
    if (bm->palette != 0) {
        auto pal = read_palette(ctx, bm->palette);
        if (!pal) {
            return pal.error();
        }
        palette = std::move(*pal);
    }
    std::vector<uint8_t> chunked;
    std::span<const uint8_t> data;
    if ((bm->flags & QXL_BITMAP_DIRECT) != 0) {
        auto direct = ctx.slots.translate(ctx.group_id, bm->data, size);
        if (!direct) {
            return wrap("bitmap data", direct.message());
        }
        data = *direct;
    } else {
        auto chunks = read_chunks(ctx, bm->data, size, "bitmap data");
        if (!chunks) {
            return chunks.error();
        }
        if (chunks->size() < size) {
            return make_error(
                fmt::format("bitmap data: {} bytes in chunks, {} needed", chunks->size(), size));
        }
        chunked = std::move(*chunks);
        data = chunked;
    }
    auto image = decode_bitmap(*bm, data, palette, as_mask);
    if (!image) {
        return wrap("bitmap", image.message());
    }
    return ParsedImage{std::move(*image), false, 0, nullptr};
}

}  // namespace spicedesk::core::qxl
