#include "admin-gui/viewer/scaling.hpp"

#include <algorithm>
#include <cmath>

namespace spicedesk::gui {

Placement place_head(int widget_width, int widget_height, int head_width, int head_height,
                     bool fit) {
    Placement p;
    if (head_width <= 0 || head_height <= 0 || widget_width <= 0 || widget_height <= 0) {
        return p;
    }
    const double sx = static_cast<double>(widget_width) / head_width;
    const double sy = static_cast<double>(widget_height) / head_height;
    p.scale = fit ? std::min(sx, sy) : 1.0;
    p.offset_x = std::max(0.0, (widget_width - head_width * p.scale) / 2);
    p.offset_y = std::max(0.0, (widget_height - head_height * p.scale) / 2);
    if (!fit) {
        // 1:1 pixels land on whole widget pixels, or the picture is resampled.
        p.offset_x = std::floor(p.offset_x);
        p.offset_y = std::floor(p.offset_y);
    }
    return p;
}

std::optional<GuestPoint> widget_to_head(const Placement& placement, double x, double y,
                                         int head_width, int head_height) {
    if (placement.scale <= 0) {
        return std::nullopt;
    }
    const double gx = std::floor((x - placement.offset_x) / placement.scale);
    const double gy = std::floor((y - placement.offset_y) / placement.scale);
    if (gx < 0 || gy < 0 || gx >= head_width || gy >= head_height) {
        return std::nullopt;
    }
    return GuestPoint{static_cast<int>(gx), static_cast<int>(gy)};
}

GuestPoint widget_to_head_clamped(const Placement& placement, double x, double y, int head_width,
                                  int head_height) {
    const double scale = placement.scale > 0 ? placement.scale : 1.0;
    const double gx = std::floor((x - placement.offset_x) / scale);
    const double gy = std::floor((y - placement.offset_y) / scale);
    return GuestPoint{static_cast<int>(std::clamp(gx, 0.0, std::max(0.0, head_width - 1.0))),
                      static_cast<int>(std::clamp(gy, 0.0, std::max(0.0, head_height - 1.0)))};
}

}  // namespace spicedesk::gui
