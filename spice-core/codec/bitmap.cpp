#include "spice-core/codec/bitmap.hpp"

#include <cstring>

namespace spicedesk::core {

EncodedImage encode_bitmap(const PixelView& view, uint64_t id) {
    EncodedImage image;
    image.id = id;
    image.type = SPICE_IMAGE_TYPE_BITMAP;
    image.width = view.width;
    image.height = view.height;
    image.bitmap_format = SPICE_BITMAP_FMT_32BIT;
    image.bitmap_flags = SPICE_BITMAP_FLAGS_TOP_DOWN;
    image.stride = view.width * 4;
    image.data.resize(static_cast<size_t>(image.stride) * view.height);
    for (uint32_t y = 0; y < view.height; ++y) {
        const uint32_t* row = view.pixels.data() + static_cast<size_t>(y) * view.stride;
        uint8_t* out = image.data.data() + static_cast<size_t>(y) * image.stride;
        for (uint32_t x = 0; x < view.width; ++x) {  // explicit little endian
            uint32_t p = row[x];
            out[4 * x] = static_cast<uint8_t>(p);
            out[4 * x + 1] = static_cast<uint8_t>(p >> 8);
            out[4 * x + 2] = static_cast<uint8_t>(p >> 16);
            out[4 * x + 3] = static_cast<uint8_t>(p >> 24);
        }
    }
    return image;
}

}  // namespace spicedesk::core
