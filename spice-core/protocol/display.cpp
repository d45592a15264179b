#include "spice-core/protocol/display.hpp"

#include <fmt/format.h>

#include "spice-core/protocol/reader.hpp"
#include "spice-core/protocol/writer.hpp"

namespace spicedesk::core {

OutMessage make_surface_create(uint32_t surface_id, uint32_t width, uint32_t height,
                               uint32_t format, uint32_t flags) {
    Writer w(20);
    w.u32(surface_id);
    w.u32(width);
    w.u32(height);
    w.u32(format);
    w.u32(flags);
    return {SPICE_MSG_DISPLAY_SURFACE_CREATE, w.take()};
}

OutMessage make_surface_destroy(uint32_t surface_id) {
    Writer w(4);
    w.u32(surface_id);
    return {SPICE_MSG_DISPLAY_SURFACE_DESTROY, w.take()};
}

OutMessage make_monitors_config(std::span<const WireHead> heads, uint16_t max_allowed) {
    Writer w(4 + 28 * heads.size());
    w.u16(static_cast<uint16_t>(heads.size()));
    w.u16(max_allowed);
    for (const auto& h : heads) {
        w.u32(h.monitor_id);
        w.u32(h.surface_id);
        w.u32(h.width);
        w.u32(h.height);
        w.u32(h.x);
        w.u32(h.y);
        w.u32(h.flags);
    }
    return {SPICE_MSG_DISPLAY_MONITORS_CONFIG, w.take()};
}

OutMessage make_mark() {
    return {SPICE_MSG_DISPLAY_MARK, {}};
}
OutMessage make_display_reset() {
    return {SPICE_MSG_DISPLAY_RESET, {}};
}

Result<DisplayClientMessage> parse_display_client_message(const InMessage& msg) {
    Reader r(msg.body);
    auto done = [&](const char* what, DisplayClientMessage m) -> Result<DisplayClientMessage> {
        if (auto st = r.finish_exact(what); !st) {
            return st.error();
        }
        return m;
    };
    switch (msg.type) {
        case SPICE_MSGC_DISPLAY_INIT: {
            DisplayInit m;
            m.pixmap_cache_id = r.u8("pixmap_cache_id");
            m.pixmap_cache_size = r.i64("pixmap_cache_size");
            m.glz_dictionary_id = r.u8("glz_dictionary_id");
            m.glz_dictionary_window_size = r.i32("glz_dictionary_window_size");
            return done("DISPLAY_INIT", m);
        }
        case SPICE_MSGC_DISPLAY_PREFERRED_COMPRESSION: {
            PreferredCompression m{r.u8("image_compression")};
            if (r.ok() && (m.compression == SPICE_IMAGE_COMPRESSION_INVALID ||
                           m.compression >= SPICE_IMAGE_COMPRESSION_ENUM_END)) {
                r.fail(fmt::format("image_compression {} out of range", m.compression));
            }
            return done("PREFERRED_COMPRESSION", m);
        }
        case SPICE_MSGC_DISPLAY_STREAM_REPORT: {
            StreamReport m;
            m.stream_id = r.u32("stream_id");
            m.unique_id = r.u32("unique_id");
            m.start_frame_mm_time = r.u32("start_frame_mm_time");
            m.end_frame_mm_time = r.u32("end_frame_mm_time");
            m.num_frames = r.u32("num_frames");
            m.num_drops = r.u32("num_drops");
            m.last_frame_delay = r.i32("last_frame_delay");
            m.audio_delay = r.u32("audio_delay");
            return done("STREAM_REPORT", m);
        }
        case SPICE_MSGC_DISPLAY_PREFERRED_VIDEO_CODEC_TYPE: {
            PreferredVideoCodecs m;
            uint8_t n = r.u8("num_of_codecs");
            auto codecs = r.bytes(n, "codecs");
            m.codecs.assign(codecs.begin(), codecs.end());
            return done("PREFERRED_VIDEO_CODEC_TYPE", m);
        }
        case SPICE_MSGC_DISPLAY_GL_DRAW_DONE:
            return done("GL_DRAW_DONE", GlDrawDone{});
        default:
            return make_error(fmt::format("unknown display channel message type {}", msg.type));
    }
}

OutMessage make_display_init(const DisplayInit& init) {
    Writer w(14);
    w.u8(init.pixmap_cache_id);
    w.i64(init.pixmap_cache_size);
    w.u8(init.glz_dictionary_id);
    w.i32(init.glz_dictionary_window_size);
    return {SPICE_MSGC_DISPLAY_INIT, w.take()};
}

OutMessage make_preferred_compression(uint8_t compression) {
    Writer w(1);
    w.u8(compression);
    return {SPICE_MSGC_DISPLAY_PREFERRED_COMPRESSION, w.take()};
}

}  // namespace spicedesk::core
