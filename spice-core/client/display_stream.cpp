// MJPEG video streams for DisplayState: one STREAM_DATA frame decoded and drawn (scaled into
// the stream's destination, through its clip) on its surface. Stream creation, clips and
// destruction are display messages (display_state.cpp).

#include <fmt/format.h>

#include <algorithm>

#include "spice-core/client/display_state.hpp"
#include "spice-core/codec/jpeg.hpp"

namespace spicedesk::core::client {

Status DisplayState::stream_frame(const wire::StreamData& m) {
    auto it = streams_.find(m.id);
    if (it == streams_.end()) {
        return make_error(fmt::format("STREAM_DATA for unknown stream {}", m.id));
    }
    Stream& s = it->second;
    if (m.sized) {
        s.dest = m.dest;
    }
    auto decoded = decode_jpeg(m.data);
    if (!decoded) {
        return make_error(fmt::format("stream {} frame: {}", m.id, decoded.message()));
    }
    auto& frame = *decoded;
    if (!(s.flags & SPICE_STREAM_FLAGS_TOP_DOWN)) {
        for (uint32_t y = 0; y < frame.height / 2; ++y) {
            std::swap_ranges(frame.pixels.begin() + ptrdiff_t{y} * frame.width,
                             frame.pixels.begin() + ptrdiff_t{y + 1} * frame.width,
                             frame.pixels.begin() + ptrdiff_t{frame.height - 1 - y} * frame.width);
        }
    }
    uint32_t w = frame.width, h = frame.height;
    auto img = image_from_pixels(std::move(frame.pixels), w, h, false);
    if (!img) {
        return img.error();
    }
    ++frames_decoded_;
    ++s.frames;
    auto surf = surface(s.surface_id);
    if (!surf) {
        return surf.error();
    }
    canvas::Copy copy;
    copy.src = std::move(*img);
    copy.src_area = canvas::Rect{0, 0, static_cast<int32_t>(w), static_cast<int32_t>(h)};
    copy.scale_mode = SPICE_IMAGE_SCALE_MODE_INTERPOLATE;
    canvas::Clip clip = s.clip.type == SPICE_CLIP_TYPE_RECTS ? s.clip : canvas::Clip::none();
    if (auto st = (*surf)->draw_copy(s.dest, clip, copy); !st) {
        return make_error(fmt::format("stream {} frame: {}", m.id, st.message()));
    }
    touched(s.surface_id, s.dest);
    return {};
}

}  // namespace spicedesk::core::client
