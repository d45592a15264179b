#include "spice-core/server/qxl/qxl_compressed_image.hpp"

#include <fmt/format.h>

#include <cstring>

#include "spice-core/codec/lz.hpp"
#include "spice-core/codec/quic.hpp"
#include "spice-core/server/qxl/qxl_image.hpp"
#include "spice-core/server/qxl/qxl_parse_helpers.hpp"

namespace spicedesk::core::qxl {

using detail::le32;
using detail::wrap;

namespace {

uint32_t be32(const uint8_t* p) {
    return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16) |
           (static_cast<uint32_t>(p[2]) << 8) | static_cast<uint32_t>(p[3]);
}

// Both headers give width and height as their fourth and fifth 32-bit words (QUIC little
// endian, LZ big endian). Read before decoding, so that a hostile size is refused before the
// decoder allocates for it.
constexpr size_t kHeaderBytes = 20;

}  // namespace

Result<CompressedImage> parse_compressed_image(const ParseContext& ctx,
                                               const QXLImageDescriptor& desc, uint64_t body) {
    const bool quic = desc.type == SPICE_IMAGE_TYPE_QUIC;
    const std::string_view what = quic ? "QUIC image" : "LZ_RGB image";
    auto size = ctx.slots.read<uint32_t>(ctx.group_id, body, what);
    if (!size) {
        return size.error();
    }
    if (*size > ctx.limits.max_image_bytes) {
        return make_error(
            fmt::format("{}: {} bytes (at most {})", what, *size, ctx.limits.max_image_bytes));
    }
    if (*size < kHeaderBytes) {
        return make_error(fmt::format("{}: {} bytes, shorter than its header", what, *size));
    }
    auto data = read_chunks(ctx, body + sizeof(uint32_t), *size, what);
    if (!data) {
        return data.error();
    }
    if (data->size() != *size) {
        return make_error(
            fmt::format("{}: {} bytes in chunks, data_size says {}", what, data->size(), *size));
    }
    const uint8_t* h = data->data();
    const uint32_t width = quic ? le32(h + 12) : be32(h + 12);
    const uint32_t height = quic ? le32(h + 16) : be32(h + 16);
    if (width != desc.width || height != desc.height) {
        return make_error(fmt::format("{}: {}x{} inside, {}x{} in the descriptor", what, width,
                                      height, +desc.width, +desc.height));
    }
    if (width == 0 || height == 0 || width > ctx.limits.max_image_side ||
        height > ctx.limits.max_image_side ||
        uint64_t{width} * height * 4 > ctx.limits.max_image_bytes) {
        return make_error(fmt::format("{} {}x{}: empty or too large", what, width, height));
    }
    auto decoded = quic ? decode_quic(*data) : decode_lz(*data);
    if (!decoded) {
        return wrap(what, decoded.message());
    }
    if (decoded->width != width || decoded->height != height) {
        return make_error(fmt::format("{}: decoded {}x{}", what, decoded->width, decoded->height));
    }
    auto image = canvas::create_image(decoded->has_alpha ? PIXMAN_a8r8g8b8 : PIXMAN_x8r8g8b8,
                                      static_cast<int>(width), static_cast<int>(height));
    if (!image) {
        return wrap(what, image.message());
    }
    const auto stride = static_cast<size_t>(image->stride());
    for (uint32_t y = 0; y < height; ++y) {
        std::memcpy(image->data() + y * stride, decoded->pixels.data() + size_t{y} * width,
                    size_t{width} * 4);
    }
    auto encoded = std::make_shared<EncodedImage>();
    encoded->type = desc.type;
    encoded->width = width;
    encoded->height = height;
    encoded->data = std::move(*data);
    return CompressedImage{std::move(*image), decoded->has_alpha, std::move(encoded)};
}

}  // namespace spicedesk::core::qxl
