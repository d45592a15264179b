#pragma once

// Where a display channel takes its picture from: surfaces, heads and draw commands, plus
// update_area to read back pixels for a full refresh. The test server's synthetic source
// and the QXL worker (server/qxl) implement it.
//
// Every event carries a sequence number, increasing by one per event, and update_area
// reports the sequence its pixels include; a channel doing a full refresh drops the events
// that the refresh already contains.

#include <cstdint>
#include <memory>
#include <variant>
#include <vector>

#include "common/result.hpp"
#include "spice-core/protocol/caps.hpp"
#include "spice-core/protocol/display.hpp"
#include "spice-core/protocol/spice_headers.hpp"

namespace spicedesk::core {

struct SurfaceDesc {
    uint32_t id = 0;
    uint32_t width = 0;
    uint32_t height = 0;
    uint32_t format = SPICE_SURFACE_FMT_32_xRGB;
    bool primary = false;
};

struct SurfaceCreateEvent {
    SurfaceDesc surface;
};
struct SurfaceDestroyEvent {
    uint32_t surface_id = 0;
};
struct MonitorsEvent {
    std::vector<WireHead> heads;
};
// clip (every draw event): empty = the whole box, else only inside the union of these rects.
struct FillEvent {
    uint32_t surface_id = 0;
    WireRect box;
    uint32_t color = 0;  // xRGB
    std::vector<WireRect> clip;
    uint16_t rop_descriptor = SPICE_ROPD_OP_PUT;
};
// Copies box-sized pixels (rows top-down, stride = box width) onto box; or, when encoded is
// set, that box-sized image as its source compressed it (a guest's QUIC or LZ_RGB image, passed
// on unchanged; pixels may then be null).
struct CopyEvent {
    uint32_t surface_id = 0;
    WireRect box;
    std::shared_ptr<const std::vector<uint32_t>> pixels;
    std::vector<WireRect> clip;
    std::shared_ptr<const EncodedImage> encoded;
};
// Moves the pixels at (src_x, src_y) of box's size onto box, on the same surface.
struct CopyBitsEvent {
    uint32_t surface_id = 0;
    WireRect box;
    int32_t src_x = 0;
    int32_t src_y = 0;
    std::vector<WireRect> clip;
};
using DisplayEvent = std::variant<SurfaceCreateEvent, SurfaceDestroyEvent, MonitorsEvent, FillEvent,
                                  CopyEvent, CopyBitsEvent>;

struct DisplayUpdate {
    uint64_t seq = 0;
    DisplayEvent event;
};

struct DisplaySnapshot {
    uint64_t seq = 0;
    std::vector<SurfaceDesc> surfaces;
    std::vector<WireHead> heads;
};

struct AreaPixels {
    uint64_t seq = 0;  // last event included
    uint32_t width = 0;
    uint32_t height = 0;
    std::vector<uint32_t> pixels;  // rows top-down, stride = width
};

// Receives updates; called from the source's own thread, must not block.
class DisplaySink {
  public:
    virtual ~DisplaySink() = default;
    virtual void on_display_update(DisplayUpdate update) = 0;
};

// Thread-safe: called from the server thread while the source runs its own.
class DisplaySource {
  public:
    virtual ~DisplaySource() = default;
    virtual DisplaySnapshot snapshot() = 0;
    virtual Result<AreaPixels> update_area(uint32_t surface_id, const WireRect& area) = 0;
    virtual void subscribe(DisplaySink* sink) = 0;
    virtual void unsubscribe(DisplaySink* sink) = 0;
    // The display channel's client linked (present, with the display channel caps it
    // advertised) or left (not present, caps empty). A QXL source tells its device, as
    // libspice-server calls QXLInterface.set_client_capabilities; others need not care.
    virtual void set_client(bool /*present*/, const Caps& /*display_caps*/) {}
};

}  // namespace spicedesk::core
