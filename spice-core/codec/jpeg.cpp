#include "spice-core/codec/jpeg.hpp"

#include <fmt/format.h>
#include <turbojpeg.h>

#include <bit>
#include <memory>

#include "spice-core/codec/lz.hpp"
#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

namespace {

struct TjDeleter {
    void operator()(void* handle) const { tjDestroy(handle); }
};
using TjHandle = std::unique_ptr<void, TjDeleter>;

}  // namespace

Result<DecodedImage> decode_jpeg(std::span<const uint8_t> data) {
    if (data.empty()) {
        return make_error("JPEG image: no data");
    }
    TjHandle tj(tjInitDecompress());
    if (!tj) {
        return make_error("JPEG image: turbojpeg initialisation failed");
    }
    int width = 0;
    int height = 0;
    int subsamp = 0;
    int colorspace = 0;
    if (tjDecompressHeader3(tj.get(), data.data(), static_cast<unsigned long>(data.size()), &width,
                            &height, &subsamp, &colorspace) != 0) {
        return make_error(fmt::format("JPEG image: bad header ({})", tjGetErrorStr2(tj.get())));
    }
    const uint64_t pixels = uint64_t(static_cast<uint32_t>(width)) * static_cast<uint32_t>(height);
    if (width <= 0 || height <= 0 || pixels > kMaxDecodedPixels) {
        return make_error(fmt::format("JPEG image: invalid size {}x{}", width, height));
    }
    DecodedImage image;
    image.width = static_cast<uint32_t>(width);
    image.height = static_cast<uint32_t>(height);
    image.pixels.resize(pixels);
    // BGRX bytes are native 0xXXRRGGBB on little-endian hosts (the only ones SPICE runs on).
    static_assert(std::endian::native == std::endian::little);
    if (tjDecompress2(tj.get(), data.data(), static_cast<unsigned long>(data.size()),
                      reinterpret_cast<unsigned char*>(image.pixels.data()), width, width * 4,
                      height, TJPF_BGRX, TJFLAG_STOPONWARNING) != 0) {
        return make_error(
            fmt::format("JPEG image ({}x{}): {}", width, height, tjGetErrorStr2(tj.get())));
    }
    for (auto& p : image.pixels) {
        p &= 0x00ffffff;
    }
    return image;
}

Result<DecodedImage> decode_jpeg_alpha(std::span<const uint8_t> data, uint32_t jpeg_size,
                                       uint8_t flags) {
    if (jpeg_size > data.size()) {
        return make_error(fmt::format("JPEG_ALPHA image: jpeg_size {} beyond the {} data bytes",
                                      jpeg_size, data.size()));
    }
    auto image = decode_jpeg(data.first(jpeg_size));
    if (!image) {
        return make_error("JPEG_ALPHA image: " + image.message());
    }
    LzHeader header;
    auto alpha = decode_lz_with_header(data.subspan(jpeg_size), {}, header);
    if (!alpha) {
        return make_error("JPEG_ALPHA image: alpha plane: " + alpha.message());
    }
    const bool top_down = (flags & SPICE_JPEG_ALPHA_FLAGS_TOP_DOWN) != 0;
    if (header.type != LzImageType::kXxxa) {
        return make_error(fmt::format("JPEG_ALPHA image: alpha plane has LZ type {}, not XXXA",
                                      static_cast<int>(header.type)));
    }
    if (header.top_down != top_down) {
        return make_error("JPEG_ALPHA image: alpha plane and flags disagree on top-down");
    }
    if (alpha->width != image->width || alpha->height != image->height) {
        return make_error(fmt::format("JPEG_ALPHA image: alpha plane {}x{} for a {}x{} JPEG",
                                      alpha->width, alpha->height, image->width, image->height));
    }
    // decode_lz already put the alpha rows top-down; the JPEG always is.
    for (size_t i = 0; i < image->pixels.size(); ++i) {
        image->pixels[i] = (image->pixels[i] & 0x00ffffff) | (alpha->pixels[i] & 0xff000000);
    }
    image->has_alpha = true;
    return image;
}

}  // namespace spicedesk::core
