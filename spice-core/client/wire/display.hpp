#pragma once

// Display channel messages from the server (spice.proto "channel DisplayChannel", server part),
// parsed through the bounds-checked Reader. Images stay descriptors (ImageDesc) whose data spans
// point into the message body; the display channel resolves and decodes them.

#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "common/result.hpp"
#include "spice-core/canvas/types.hpp"
#include "spice-core/client/wire/common.hpp"

namespace spicedesk::core::client::wire {

inline constexpr uint32_t kMaxPathSegments = 1U << 16;
inline constexpr uint32_t kMaxGlyphs = 1U << 16;
inline constexpr uint32_t kMaxMonitors = 16;

struct DisplayBase {
    uint32_t surface_id = 0;
    canvas::Rect box;
    canvas::Clip clip;
};

struct DisplayMode {  // SPICE_MSG_DISPLAY_MODE (protocol 1 only; ignored)
    uint32_t x_res = 0, y_res = 0, bits = 0;
};
struct Mark {};
struct Reset {};
struct CopyBits {
    DisplayBase base;
    canvas::Point src_pos;
};
struct ResourceId {
    uint8_t type = 0;
    uint64_t id = 0;
};
struct InvalList {
    std::vector<ResourceId> resources;
};
struct WaitForChannel {
    uint8_t channel_type = 0;
    uint8_t channel_id = 0;
    uint64_t message_serial = 0;
};
struct InvalAllPixmaps {
    std::vector<WaitForChannel> wait_list;
};
struct InvalPalette {
    uint64_t id = 0;
};
struct InvalAllPalettes {};
struct StreamCreate {
    uint32_t surface_id = 0;
    uint32_t id = 0;
    uint8_t flags = 0;
    uint8_t codec_type = 0;
    uint64_t stamp = 0;
    uint32_t stream_width = 0;
    uint32_t stream_height = 0;
    uint32_t src_width = 0;
    uint32_t src_height = 0;
    canvas::Rect dest;
    canvas::Clip clip;
};
// STREAM_DATA and STREAM_DATA_SIZED (sized: width, height and dest are set).
struct StreamData {
    uint32_t id = 0;
    uint32_t multi_media_time = 0;
    bool sized = false;
    uint32_t width = 0;
    uint32_t height = 0;
    canvas::Rect dest;
    std::span<const uint8_t> data;
};
struct StreamClip {
    uint32_t id = 0;
    canvas::Clip clip;
};
struct StreamDestroy {
    uint32_t id = 0;
};
struct StreamDestroyAll {};
struct StreamActivateReport {
    uint32_t stream_id = 0;
    uint32_t unique_id = 0;
    uint32_t max_window_size = 0;
    uint32_t timeout_ms = 0;
};

struct DrawFill {
    DisplayBase base;
    Brush brush;
    uint16_t rop_descriptor = 0;
    Mask mask;
};
struct DrawOpaque {
    DisplayBase base;
    ImageDesc src;
    canvas::Rect src_area;
    Brush brush;
    uint16_t rop_descriptor = 0;
    uint8_t scale_mode = 0;
    Mask mask;
};
// DRAW_COPY and DRAW_BLEND (same layout).
struct DrawCopy {
    DisplayBase base;
    ImageDesc src;
    canvas::Rect src_area;
    uint16_t rop_descriptor = 0;
    uint8_t scale_mode = 0;
    Mask mask;
    bool blend = false;
};
// DRAW_BLACKNESS / WHITENESS / INVERS: type says which.
struct DrawMaskOnly {
    uint16_t type = 0;
    DisplayBase base;
    Mask mask;
};
struct DrawRop3 {
    DisplayBase base;
    ImageDesc src;
    canvas::Rect src_area;
    Brush brush;
    uint8_t rop3 = 0;
    uint8_t scale_mode = 0;
    Mask mask;
};
struct DrawStroke {
    DisplayBase base;
    std::vector<canvas::PathSegment> path;
    canvas::LineAttr attr;
    Brush brush;
    uint16_t fore_mode = 0;
    uint16_t back_mode = 0;
};
struct DrawText {
    DisplayBase base;
    canvas::GlyphString str;
    canvas::Rect back_area;
    Brush fore_brush;
    Brush back_brush;
    uint16_t fore_mode = 0;
    uint16_t back_mode = 0;
};
struct DrawTransparent {
    DisplayBase base;
    ImageDesc src;
    canvas::Rect src_area;
    uint32_t src_color = 0;
    uint32_t true_color = 0;
};
struct DrawAlphaBlend {
    DisplayBase base;
    uint8_t alpha_flags = 0;
    uint8_t alpha = 0;
    ImageDesc src;
    canvas::Rect src_area;
};
struct DrawComposite {
    DisplayBase base;
    uint32_t flags = 0;
    ImageDesc src;
    std::optional<ImageDesc> mask;
    canvas::Transform src_transform;
    canvas::Transform mask_transform;
    canvas::Point16 src_origin;
    canvas::Point16 mask_origin;
};
struct SurfaceCreate {
    uint32_t surface_id = 0;
    uint32_t width = 0;
    uint32_t height = 0;
    uint32_t format = 0;
    uint32_t flags = 0;
};
struct SurfaceDestroy {
    uint32_t surface_id = 0;
};
struct MonitorHead {
    uint32_t monitor_id = 0;
    uint32_t surface_id = 0;
    uint32_t width = 0;
    uint32_t height = 0;
    uint32_t x = 0;
    uint32_t y = 0;
    uint32_t flags = 0;
};
struct MonitorsConfig {
    uint16_t max_allowed = 0;
    std::vector<MonitorHead> heads;
};
// Messages we parse but do not act on (GL scanout/draw: never announced; quality indicator).
struct DisplayIgnored {
    uint16_t type = 0;
};

using DisplayMessage =
    std::variant<DisplayMode, Mark, Reset, CopyBits, InvalList, InvalAllPixmaps, InvalPalette,
                 InvalAllPalettes, StreamCreate, StreamData, StreamClip, StreamDestroy,
                 StreamDestroyAll, StreamActivateReport, DrawFill, DrawOpaque, DrawCopy,
                 DrawMaskOnly, DrawRop3, DrawStroke, DrawText, DrawTransparent, DrawAlphaBlend,
                 DrawComposite, SurfaceCreate, SurfaceDestroy, MonitorsConfig, DisplayIgnored>;

// True for the display channel's own server message types (101.., 122.., 302..).
bool is_display_message(uint16_t type);
// Parses one display message (type is not a base message). Unknown types are an error.
Result<DisplayMessage> parse_display_message(uint16_t type, std::span<const uint8_t> body);

}  // namespace spicedesk::core::client::wire
