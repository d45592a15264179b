#include "spice-core/canvas/stroke.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

namespace spicedesk::core::canvas {

namespace {

// Octant bits of a line, as X11 numbers them.
constexpr unsigned kXDecreasing = 4;
constexpr unsigned kYDecreasing = 2;
constexpr unsigned kYMajor = 1;
// X11's default zero-line bias: octants 2, 3, 4 and 5 prefer an axial step on a tie.
constexpr unsigned kDefaultBias = (1U << (kYDecreasing | kYMajor)) |
                                  (1U << (kXDecreasing | kYDecreasing | kYMajor)) |
                                  (1U << (kXDecreasing | kYDecreasing)) | (1U << kXDecreasing);
constexpr int kMaxBezierDepth = 10;
// Lines per stroke after flattening: beyond, the path is refused (a guest could otherwise make a
// few bytes of bezier cost millions of lines).
constexpr size_t kMaxPathPoints = size_t{1} << 18;
constexpr int64_t kFlatness = 8;  // half a pixel in 28.4

struct IntPoint {
    int64_t x;
    int64_t y;
};

// On/off dash state along one polyline; every pixel of the major axis advances it by one.
class Dasher {
  public:
    explicit Dasher(const LineAttr& attr) {
        if ((attr.flags & SPICE_LINE_FLAGS_STYLED) == 0) {
            return;
        }
        for (int32_t style : attr.style) {
            dashes_.push_back(std::max<int64_t>(0, fix_to_int(style)));
        }
        const bool any =
            std::any_of(dashes_.begin(), dashes_.end(), [](int64_t d) { return d > 0; });
        if (!any) {
            dashes_.clear();  // no drawable dash: a solid line
        }
        start_on_ = (attr.flags & SPICE_LINE_FLAGS_START_WITH_GAP) == 0;
        reset();
    }

    void reset() {
        index_ = 0;
        on_ = start_on_;
        left_ = dashes_.empty() ? 0 : dashes_[0];
        skip_empty();
    }

    // Whether the current pixel is drawn; then moves on by one pixel.
    bool step() {
        if (dashes_.empty()) {
            return true;
        }
        const bool draw = on_;
        --left_;
        skip_empty();
        return draw;
    }

    // Moves on by n pixels at once (clipped parts of a line), in time bounded by the list size.
    void advance(int64_t n) {
        if (dashes_.empty() || n <= 0) {
            return;
        }
        int64_t period = 0;
        for (int64_t d : dashes_) {
            period += d;
        }
        n %= 2 * period;  // twice: an odd list swaps on and off each pass
        while (n > 0) {
            const int64_t take = std::min(n, left_);
            left_ -= take;
            n -= take;
            skip_empty();
        }
    }

  private:
    void skip_empty() {
        // At most one pass over the list: at least one dash is positive.
        while (!dashes_.empty() && left_ <= 0) {
            index_ = (index_ + 1) % dashes_.size();
            on_ = !on_;
            left_ = dashes_[index_];
        }
    }

    std::vector<int64_t> dashes_;
    size_t index_ = 0;
    bool on_ = true;
    bool start_on_ = true;
    int64_t left_ = 0;
};

// One zero-width line from a (drawn) to b (not drawn).
void zero_line(IntPoint a, IntPoint b, const Box64& bounds, Dasher& dasher,
               const std::function<void(int, int)>& plot) {
    const int64_t adx = std::llabs(b.x - a.x);
    const int64_t ady = std::llabs(b.y - a.y);
    const int64_t sx = b.x < a.x ? -1 : 1;
    const int64_t sy = b.y < a.y ? -1 : 1;
    unsigned octant = (b.x < a.x ? kXDecreasing : 0U) | (b.y < a.y ? kYDecreasing : 0U);
    const bool x_major = adx > ady;
    if (!x_major) {
        octant |= kYMajor;
    }
    const int64_t bias = (kDefaultBias >> octant) & 1U;
    const int64_t length = x_major ? adx : ady;
    const int64_t major_delta = x_major ? adx : ady;
    const int64_t minor_delta = x_major ? ady : adx;
    const int64_t major_start = x_major ? a.x : a.y;
    const int64_t minor_start = x_major ? a.y : a.x;
    const int64_t major_sign = x_major ? sx : sy;
    const int64_t minor_sign = x_major ? sy : sx;
    const int64_t major_lo = x_major ? bounds.x1 : bounds.y1;
    const int64_t major_hi = x_major ? bounds.x2 : bounds.y2;
    const int64_t minor_lo = x_major ? bounds.y1 : bounds.x1;
    const int64_t minor_hi = x_major ? bounds.y2 : bounds.x2;
    if (length == 0) {
        return;
    }
    // Steps whose major coordinate lies on the surface.
    int64_t first = 0;
    int64_t last = length;  // exclusive
    if (major_sign > 0) {
        first = std::max<int64_t>(first, major_lo - major_start);
        last = std::min<int64_t>(last, major_hi - major_start);
    } else {
        first = std::max<int64_t>(first, major_start - major_hi + 1);
        last = std::min<int64_t>(last, major_start - major_lo + 1);
    }
    // Dashes count every pixel of the line, drawn or clipped: advance over the clipped head.
    const int64_t head = std::min(first, length);
    dasher.advance(head);
    for (int64_t i = first; i < last; ++i) {
        const bool on = dasher.step();
        // Minor offset after i steps (closed form of X11's Bresenham error term).
        const int64_t k = (2 * i * minor_delta + major_delta - bias) / (2 * major_delta);
        const int64_t major = major_start + major_sign * i;
        const int64_t minor = minor_start + minor_sign * k;
        if (on && minor >= minor_lo && minor < minor_hi) {
            plot(static_cast<int>(x_major ? major : minor),
                 static_cast<int>(x_major ? minor : major));
        }
    }
    dasher.advance(length - std::max(last, head));
}

// Appends the flattened cubic p0..p3 (28.4) without p0, ends at p3.
void flatten_bezier(const PointFix& p0, const PointFix& p1, const PointFix& p2, const PointFix& p3,
                    int depth, std::vector<PointFix>& out) {
    // In doubles: 28.4 coordinates span 2^32, their squares overflow int64.
    const double cx = static_cast<double>(p3.x) - p0.x;
    const double cy = static_cast<double>(p3.y) - p0.y;
    const double chord2 = cx * cx + cy * cy;
    const double tolerance2 = static_cast<double>(kFlatness * kFlatness);
    bool flat = false;
    if (depth >= kMaxBezierDepth) {
        flat = true;
    } else if (chord2 == 0) {
        const auto near = [&](const PointFix& p) {
            const double dx = static_cast<double>(p.x) - p0.x;
            const double dy = static_cast<double>(p.y) - p0.y;
            return dx * dx + dy * dy <= tolerance2;
        };
        flat = near(p1) && near(p2);
    } else {
        // distance(p, chord) <= kFlatness  <=>  cross^2 <= kFlatness^2 * chord^2
        const auto close = [&](const PointFix& p) {
            const double c =
                (static_cast<double>(p.x) - p0.x) * cy - (static_cast<double>(p.y) - p0.y) * cx;
            return c * c <= tolerance2 * chord2;
        };
        flat = close(p1) && close(p2);
    }
    if (flat) {
        out.push_back(p3);
        return;
    }
    const auto mid = [](const PointFix& a, const PointFix& b) {
        return PointFix{static_cast<int32_t>((static_cast<int64_t>(a.x) + b.x) / 2),
                        static_cast<int32_t>((static_cast<int64_t>(a.y) + b.y) / 2)};
    };
    const PointFix p01 = mid(p0, p1);
    const PointFix p12 = mid(p1, p2);
    const PointFix p23 = mid(p2, p3);
    const PointFix p012 = mid(p01, p12);
    const PointFix p123 = mid(p12, p23);
    const PointFix p0123 = mid(p012, p123);
    flatten_bezier(p0, p01, p012, p0123, depth + 1, out);
    flatten_bezier(p0123, p123, p23, p3, depth + 1, out);
}

}  // namespace

int32_t fix_to_int(int32_t fixed) {
    const int32_t whole = fixed >> 4;  // arithmetic shift: floor
    return (fixed & 0x0f) > 8 ? whole + 1 : whole;
}

Status rasterize_stroke(const Stroke& stroke, const Box64& bounds,
                        const std::function<void(int, int)>& plot) {
    // Flatten (and validate) the whole path before drawing, so a malformed segment draws nothing.
    std::vector<std::vector<PointFix>> polylines;
    std::vector<PointFix> line;  // the current polyline, 28.4
    size_t total = 0;
    const auto finish = [&]() {
        if (line.size() > 1) {
            total += line.size();
            polylines.push_back(std::move(line));
        }
        line.clear();
    };
    for (size_t s = 0; s < stroke.path.size(); ++s) {
        const PathSegment& seg = stroke.path[s];
        size_t next = 0;
        if ((seg.flags & SPICE_PATH_BEGIN) != 0) {
            finish();
            if (seg.points.empty()) {
                return make_error(fmt::format("stroke: segment {} begins without a point", s));
            }
            line.push_back(seg.points[0]);
            next = 1;
        }
        if ((seg.flags & SPICE_PATH_BEZIER) != 0) {
            if ((seg.points.size() - next) % 3 != 0) {
                return make_error(fmt::format(
                    "stroke: bezier segment {} has {} control points, not a multiple of 3", s,
                    seg.points.size() - next));
            }
            for (; next + 2 < seg.points.size(); next += 3) {
                if (line.empty()) {
                    return make_error(fmt::format("stroke: bezier segment {} has no start", s));
                }
                const PointFix start = line.back();
                flatten_bezier(start, seg.points[next], seg.points[next + 1], seg.points[next + 2],
                               0, line);
                if (total + line.size() > kMaxPathPoints) {
                    return make_error(fmt::format("stroke: path flattens to more than {} points",
                                                  kMaxPathPoints));
                }
            }
        } else {
            line.insert(line.end(), seg.points.begin() + static_cast<ptrdiff_t>(next),
                        seg.points.end());
        }
        if (total + line.size() > kMaxPathPoints) {
            return make_error(
                fmt::format("stroke: path flattens to more than {} points", kMaxPathPoints));
        }
        if ((seg.flags & SPICE_PATH_END) != 0) {
            if ((seg.flags & SPICE_PATH_CLOSE) != 0 && !line.empty()) {
                line.push_back(line.front());
            }
            finish();
        }
    }
    finish();
    Dasher dasher(stroke.attr);
    for (const auto& points : polylines) {
        dasher.reset();
        for (size_t i = 1; i < points.size(); ++i) {
            zero_line(IntPoint{fix_to_int(points[i - 1].x), fix_to_int(points[i - 1].y)},
                      IntPoint{fix_to_int(points[i].x), fix_to_int(points[i].y)}, bounds, dasher,
                      plot);
        }
    }
    return {};
}

}  // namespace spicedesk::core::canvas
