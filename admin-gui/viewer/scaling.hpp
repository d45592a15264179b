#pragma once

// Where a guest head is drawn in a widget: scaled to fit keeping its aspect ratio (up or down)
// or 1:1, centred; and the way back from a widget position to guest coordinates. No GUI here:
// unit-tested in tests/unit/viewer.

#include <optional>

namespace spicedesk::gui {

struct Placement {
    double scale = 1.0;
    double offset_x = 0.0;  // widget position of the head's top-left corner
    double offset_y = 0.0;
};

struct GuestPoint {
    int x = 0;
    int y = 0;
};

// The head is head_width × head_height guest pixels; the widget widget_width × widget_height.
Placement place_head(int widget_width, int widget_height, int head_width, int head_height,
                     bool fit);

// The guest pixel (relative to the head's top-left) under widget position (x, y); nullopt
// outside the head.
std::optional<GuestPoint> widget_to_head(const Placement& placement, double x, double y,
                                         int head_width, int head_height);

// The same, clamped onto the head: a pointer that leaves the picture while a button is held
// still reaches the guest at the edge.
GuestPoint widget_to_head_clamped(const Placement& placement, double x, double y, int head_width,
                                  int head_height);

}  // namespace spicedesk::gui
