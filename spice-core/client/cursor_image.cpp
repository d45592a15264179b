#include "spice-core/client/cursor_image.hpp"

#include <fmt/format.h>

namespace spicedesk::core::client {

namespace {

bool bit_msb(std::span<const uint8_t> plane, size_t index) {
    return (plane[index >> 3] >> (7 - (index & 7))) & 1U;
}

Result<std::span<const uint8_t>> take(std::span<const uint8_t>& data, size_t n, const char* what) {
    if (data.size() < n) {
        return make_error(fmt::format("cursor {} needs {} bytes, {} left", what, n, data.size()));
    }
    auto out = data.first(n);
    data = data.subspan(n);
    return out;
}

uint32_t le32(const uint8_t* p) {
    return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

}  // namespace

Result<CursorImage> convert_cursor(const wire::WireCursor& c) {
    if (c.width == 0 || c.height == 0 || c.width > kMaxCursorSide || c.height > kMaxCursorSide) {
        return make_error(
            fmt::format("cursor of {}x{} (limit {})", c.width, c.height, kMaxCursorSide));
    }
    CursorImage img;
    img.width = c.width;
    img.height = c.height;
    img.hot_x = c.hot_x;
    img.hot_y = c.hot_y;
    const size_t n = size_t{c.width} * c.height;
    img.argb.resize(n);
    auto data = c.data;
    // The colour types: pixels (as raw xRGB) then the AND mask.
    auto finish_with_mask = [&](const std::vector<uint32_t>& rgb) -> Status {
        auto mask = take(data, (n + 7) / 8, "AND mask");
        if (!mask) {
            return mask.error();
        }
        for (size_t i = 0; i < n; ++i) {
            uint32_t pix = rgb[i] & 0xffffff;
            bool transparent = bit_msb(*mask, i);
            if (transparent && pix == 0xffffff) {
                img.argb[i] = 0xff000000;  // inverting pixel: black
            } else {
                img.argb[i] = pix | (transparent ? 0 : 0xff000000);
            }
        }
        return {};
    };
    std::vector<uint32_t> rgb(n);
    switch (c.type) {
        case SPICE_CURSOR_TYPE_ALPHA: {
            auto px = take(data, n * 4, "ALPHA pixels");
            if (!px) {
                return px.error();
            }
            for (size_t i = 0; i < n; ++i) {
                img.argb[i] = le32(px->data() + i * 4);
            }
            return img;
        }
        case SPICE_CURSOR_TYPE_MONO: {
            const size_t bpl = (size_t{c.width} + 7) / 8;
            auto and_plane = take(data, bpl * c.height, "MONO AND plane");
            if (!and_plane) {
                return and_plane.error();
            }
            auto xor_plane = take(data, bpl * c.height, "MONO XOR plane");
            if (!xor_plane) {
                return xor_plane.error();
            }
            for (size_t y = 0; y < c.height; ++y) {
                for (size_t x = 0; x < c.width; ++x) {
                    size_t bit = y * bpl * 8 + x;
                    bool a = bit_msb(*and_plane, bit);
                    bool xo = bit_msb(*xor_plane, bit);
                    uint32_t& out = img.argb[y * c.width + x];
                    if (!a) {
                        out = xo ? 0xffffffff : 0xff000000;
                    } else {
                        out = xo ? 0xff000000 : 0;  // invert: black; else transparent
                    }
                }
            }
            return img;
        }
        case SPICE_CURSOR_TYPE_COLOR4: {
            const size_t bpl = (size_t{c.width} + 1) / 2;
            auto px = take(data, bpl * c.height, "COLOR4 pixels");
            if (!px) {
                return px.error();
            }
            auto pal = take(data, 16 * 4, "COLOR4 palette");
            if (!pal) {
                return pal.error();
            }
            for (size_t y = 0; y < c.height; ++y) {
                for (size_t x = 0; x < c.width; ++x) {
                    uint8_t b = (*px)[y * bpl + x / 2];
                    unsigned idx = (x & 1) ? (b & 0x0f) : (b >> 4);
                    rgb[y * c.width + x] = le32(pal->data() + idx * 4);
                }
            }
            break;
        }
        case SPICE_CURSOR_TYPE_COLOR8: {
            auto px = take(data, n, "COLOR8 pixels");
            if (!px) {
                return px.error();
            }
            auto pal = take(data, 256 * 4, "COLOR8 palette");
            if (!pal) {
                return pal.error();
            }
            for (size_t i = 0; i < n; ++i) {
                rgb[i] = le32(pal->data() + size_t{(*px)[i]} * 4);
            }
            break;
        }
        case SPICE_CURSOR_TYPE_COLOR16: {
            auto px = take(data, n * 2, "COLOR16 pixels");
            if (!px) {
                return px.error();
            }
            for (size_t i = 0; i < n; ++i) {
                uint32_t v = uint32_t{(*px)[i * 2]} | uint32_t{(*px)[i * 2 + 1]} << 8;
                uint32_t r5 = (v >> 10) & 0x1f, g5 = (v >> 5) & 0x1f, b5 = v & 0x1f;
                rgb[i] = (r5 << 3 | r5 >> 2) << 16 | (g5 << 3 | g5 >> 2) << 8 | (b5 << 3 | b5 >> 2);
            }
            break;
        }
        case SPICE_CURSOR_TYPE_COLOR24: {
            auto px = take(data, n * 3, "COLOR24 pixels");
            if (!px) {
                return px.error();
            }
            for (size_t i = 0; i < n; ++i) {
                const uint8_t* p = px->data() + i * 3;
                rgb[i] = uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16;
            }
            break;
        }
        case SPICE_CURSOR_TYPE_COLOR32: {
            auto px = take(data, n * 4, "COLOR32 pixels");
            if (!px) {
                return px.error();
            }
            for (size_t i = 0; i < n; ++i) {
                rgb[i] = le32(px->data() + i * 4);
            }
            break;
        }
        default:
            return make_error(fmt::format("unknown cursor type {}", c.type));
    }
    if (auto st = finish_with_mask(rgb); !st) {
        return st.error();
    }
    return img;
}

}  // namespace spicedesk::core::client
