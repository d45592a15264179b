#include "spice-core/protocol/draw.hpp"

#include "spice-core/protocol/writer.hpp"

namespace spicedesk::core {

namespace {

void write_rect(Writer& w, const WireRect& r) {  // wire order: top, left, bottom, right
    w.i32(r.top);
    w.i32(r.left);
    w.i32(r.bottom);
    w.i32(r.right);
}

void write_base(Writer& w, uint32_t surface_id, const WireRect& box,
                std::span<const WireRect> clip) {
    w.u32(surface_id);
    write_rect(w, box);
    if (clip.empty()) {
        w.u8(SPICE_CLIP_TYPE_NONE);
        return;
    }
    w.u8(SPICE_CLIP_TYPE_RECTS);
    w.u32(static_cast<uint32_t>(clip.size()));
    for (const auto& r : clip) {
        write_rect(w, r);
    }
}

void write_no_mask(Writer& w) {
    w.u8(0);   // flags
    w.i32(0);  // pos.x
    w.i32(0);  // pos.y
    w.u32(0);  // bitmap: null pointer
}

void write_image(Writer& w, const EncodedImage& image) {
    w.u64(image.id);
    w.u8(image.type);
    w.u8(0);  // image flags: not cached
    w.u32(image.width);
    w.u32(image.height);
    if (image.type == SPICE_IMAGE_TYPE_BITMAP) {
        w.u8(image.bitmap_format);
        w.u8(image.bitmap_flags);
        w.u32(image.width);
        w.u32(image.height);
        w.u32(image.stride);
        w.u32(0);  // palette: null pointer
        w.bytes(image.data);
    } else {
        w.u32(static_cast<uint32_t>(image.data.size()));
        w.bytes(image.data);
    }
}

}  // namespace

OutMessage make_draw_fill_clipped(uint32_t surface_id, const WireRect& box,
                                  std::span<const WireRect> clip, uint32_t color,
                                  uint16_t rop_descriptor) {
    Writer w(48 + 16 * clip.size());
    write_base(w, surface_id, box, clip);
    w.u8(SPICE_BRUSH_TYPE_SOLID);
    w.u32(color);
    w.u16(rop_descriptor);
    write_no_mask(w);
    return {SPICE_MSG_DISPLAY_DRAW_FILL, w.take()};
}

OutMessage make_draw_copy_clipped(uint32_t surface_id, const WireRect& box,
                                  std::span<const WireRect> clip, const EncodedImage& image) {
    Writer w(96 + 16 * clip.size() + image.data.size());
    write_base(w, surface_id, box, clip);
    size_t image_ptr = w.size();
    w.u32(0);  // src_bitmap, patched below
    write_rect(
        w, WireRect{0, 0, static_cast<int32_t>(image.width), static_cast<int32_t>(image.height)});
    w.u16(SPICE_ROPD_OP_PUT);
    w.u8(SPICE_IMAGE_SCALE_MODE_NEAREST);
    write_no_mask(w);
    w.patch_u32(image_ptr, static_cast<uint32_t>(w.size()));
    write_image(w, image);
    return {SPICE_MSG_DISPLAY_DRAW_COPY, w.take()};
}

OutMessage make_copy_bits_clipped(uint32_t surface_id, const WireRect& box,
                                  std::span<const WireRect> clip, int32_t src_x, int32_t src_y) {
    Writer w(32 + 16 * clip.size());
    write_base(w, surface_id, box, clip);
    w.i32(src_x);
    w.i32(src_y);
    return {SPICE_MSG_DISPLAY_COPY_BITS, w.take()};
}

OutMessage make_draw_fill(uint32_t surface_id, const WireRect& box, uint32_t color) {
    return make_draw_fill_clipped(surface_id, box, {}, color, SPICE_ROPD_OP_PUT);
}

OutMessage make_draw_copy(uint32_t surface_id, const WireRect& box, const EncodedImage& image) {
    return make_draw_copy_clipped(surface_id, box, {}, image);
}

OutMessage make_copy_bits(uint32_t surface_id, const WireRect& box, int32_t src_x, int32_t src_y) {
    return make_copy_bits_clipped(surface_id, box, {}, src_x, src_y);
}

}  // namespace spicedesk::core
