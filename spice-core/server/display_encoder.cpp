#include "spice-core/server/display_encoder.hpp"

#include <algorithm>
#include <stdexcept>

#include "spice-core/codec/bitmap.hpp"
#include "spice-core/codec/lz4.hpp"
#include "spice-core/protocol/draw.hpp"

namespace spicedesk::core {

ImageCodec choose_codec(SpiceImageCompression server_setting, std::optional<uint8_t> client_pref,
                        bool client_has_lz4) {
    uint8_t setting = client_pref.value_or(static_cast<uint8_t>(server_setting));
    if (setting == SPICE_IMAGE_COMPRESSION_OFF || setting == SPICE_IMAGE_COMPRESSION_INVALID) {
        return ImageCodec::kRaw;
    }
    return client_has_lz4 ? ImageCodec::kLz4 : ImageCodec::kRaw;
}

EncodedImage DisplayEncoder::encode_image(std::span<const uint32_t> pixels, uint32_t width,
                                          uint32_t height) {
    PixelView view{pixels, width, height, width};
    uint64_t id = next_image_id_++;
    if (codec_ == ImageCodec::kLz4) {
        if (stats_ != nullptr) {
            ++stats_->images_lz4;
        }
        return encode_lz4(view, id);
    }
    if (stats_ != nullptr) {
        ++stats_->images_bitmap;
    }
    return encode_bitmap(view, id);
}

OutMessage DisplayEncoder::full_image(uint32_t surface_id, const AreaPixels& area) {
    if (stats_ != nullptr) {
        ++stats_->full_refreshes;
        ++stats_->draw_copies;
    }
    auto image = encode_image(area.pixels, area.width, area.height);
    WireRect box{0, 0, static_cast<int32_t>(area.width), static_cast<int32_t>(area.height)};
    return make_draw_copy(surface_id, box, image);
}

OutMessage DisplayEncoder::encode(const DisplayEvent& event) {
    struct Visitor {
        DisplayEncoder& self;
        OutMessage operator()(const SurfaceCreateEvent& e) {
            return make_surface_create(e.surface.id, e.surface.width, e.surface.height,
                                       e.surface.format,
                                       e.surface.primary ? SPICE_SURFACE_FLAGS_PRIMARY : 0);
        }
        OutMessage operator()(const SurfaceDestroyEvent& e) {
            return make_surface_destroy(e.surface_id);
        }
        OutMessage operator()(const MonitorsEvent& e) {
            return make_monitors_config(e.heads, static_cast<uint16_t>(e.heads.size()));
        }
        OutMessage operator()(const FillEvent& e) {
            if (self.stats_ != nullptr) {
                ++self.stats_->draw_fills;
            }
            return make_draw_fill_clipped(e.surface_id, e.box, e.clip, e.color, e.rop_descriptor);
        }
        OutMessage operator()(const CopyEvent& e) {
            if (self.stats_ != nullptr) {
                ++self.stats_->draw_copies;
            }
            auto w = static_cast<uint32_t>(std::max(0, e.box.width()));
            auto h = static_cast<uint32_t>(std::max(0, e.box.height()));
            if (e.encoded) {
                if (e.encoded->width != w || e.encoded->height != h) {
                    throw std::logic_error("CopyEvent image does not match its box");
                }
                EncodedImage image = *e.encoded;
                image.id = self.next_image_id_++;
                return make_draw_copy_clipped(e.surface_id, e.box, e.clip, image);
            }
            if (!e.pixels || e.pixels->size() < static_cast<size_t>(w) * h) {
                // A source bug, not a peer's: never read past the pixels given.
                throw std::logic_error("CopyEvent pixels do not cover its box");
            }
            auto image = self.encode_image(*e.pixels, w, h);
            return make_draw_copy_clipped(e.surface_id, e.box, e.clip, image);
        }
        OutMessage operator()(const CopyBitsEvent& e) {
            if (self.stats_ != nullptr) {
                ++self.stats_->copy_bits;
            }
            return make_copy_bits_clipped(e.surface_id, e.box, e.clip, e.src_x, e.src_y);
        }
    };
    return std::visit(Visitor{*this}, event);
}

}  // namespace spicedesk::core
