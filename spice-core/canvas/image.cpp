#include "spice-core/canvas/image.hpp"

#include <fmt/format.h>
#include <spice/enums.h>

#include <limits>

namespace spicedesk::core::canvas {

Result<Image> create_image(pixman_format_code_t format, int width, int height) {
    if (width < 0 || height < 0) {
        return make_error(fmt::format("cannot create a {}x{} image: negative size", width, height));
    }
    // pixman computes the stride in int: refuse what would overflow before asking it.
    const int64_t row_bits = static_cast<int64_t>(width) * PIXMAN_FORMAT_BPP(format);
    const int64_t stride = ((row_bits + 31) / 32) * 4;
    if (stride > std::numeric_limits<int32_t>::max() ||
        stride * static_cast<int64_t>(height) > std::numeric_limits<int32_t>::max()) {
        return make_error(fmt::format("cannot create a {}x{} image: too large", width, height));
    }
    pixman_image_t* image = pixman_image_create_bits(format, width, height, nullptr, 0);
    if (image == nullptr) {
        return make_error(
            fmt::format("cannot create a {}x{} image: pixman refused it (format {:#x})", width,
                        height, static_cast<uint32_t>(format)));
    }
    return Image::adopt(image);
}

Result<pixman_format_code_t> pixman_format_for(uint32_t spice_surface_format) {
    switch (spice_surface_format) {
        case SPICE_SURFACE_FMT_1_A:
            return PIXMAN_a1;
        case SPICE_SURFACE_FMT_8_A:
            return PIXMAN_a8;
        case SPICE_SURFACE_FMT_16_555:
            return PIXMAN_x1r5g5b5;
        case SPICE_SURFACE_FMT_16_565:
            return PIXMAN_r5g6b5;
        case SPICE_SURFACE_FMT_32_xRGB:
            return PIXMAN_x8r8g8b8;
        case SPICE_SURFACE_FMT_32_ARGB:
            return PIXMAN_a8r8g8b8;
        default:
            return make_error(fmt::format("unknown SPICE surface format {}", spice_surface_format));
    }
}

uint32_t spice_format_for(pixman_format_code_t format) {
    switch (format) {
        case PIXMAN_a1:
            return SPICE_SURFACE_FMT_1_A;
        case PIXMAN_a8:
            return SPICE_SURFACE_FMT_8_A;
        case PIXMAN_x1r5g5b5:
            return SPICE_SURFACE_FMT_16_555;
        case PIXMAN_r5g6b5:
            return SPICE_SURFACE_FMT_16_565;
        case PIXMAN_x8r8g8b8:
            return SPICE_SURFACE_FMT_32_xRGB;
        case PIXMAN_a8r8g8b8:
            return SPICE_SURFACE_FMT_32_ARGB;
        default:
            return SPICE_SURFACE_FMT_INVALID;
    }
}

bool is_canvas_format(pixman_format_code_t format) {
    return spice_format_for(format) != SPICE_SURFACE_FMT_INVALID;
}

Result<Image> bits_view(const Image& image, pixman_format_code_t format) {
    if (!image || image.data() == nullptr) {
        return make_error("image is not a bits image");
    }
    if (PIXMAN_FORMAT_BPP(format) != PIXMAN_FORMAT_BPP(image.format())) {
        return make_error(fmt::format("cannot view a {} bpp image as {} bpp", image.bpp(),
                                      PIXMAN_FORMAT_BPP(format)));
    }
    pixman_image_t* view =
        pixman_image_create_bits(format, image.width(), image.height(),
                                 reinterpret_cast<uint32_t*>(image.data()), image.stride());
    if (view == nullptr) {
        return make_error("pixman refused a view of an image");
    }
    return Image::adopt(view);
}

}  // namespace spicedesk::core::canvas
