#pragma once

// Small conversions the QXL parsers share (qxl_parse, qxl_image, qxl_commands); internal.

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "spice-core/canvas/types.hpp"
#include "spice-core/server/qxl/qxl_parse_context.hpp"

namespace spicedesk::core::qxl::detail {

inline Error wrap(std::string_view what, const std::string& why) {
    return make_error(fmt::format("{}: {}", what, why));
}

inline canvas::Rect to_rect(const QXLRect& r) {
    return canvas::Rect{r.left, r.top, r.right, r.bottom};
}

// |stride| without overflow (INT32_MIN included).
inline uint64_t abs_stride(int32_t stride) {
    return stride < 0 ? uint64_t{0} - static_cast<uint64_t>(static_cast<int64_t>(stride))
                      : static_cast<uint64_t>(stride);
}

inline canvas::Point to_point(const QXLPoint& p) {
    return canvas::Point{p.x, p.y};
}

inline uint32_t le32(const uint8_t* p) {
    return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) |
           (static_cast<uint32_t>(p[2]) << 16) | (static_cast<uint32_t>(p[3]) << 24);
}

inline bool valid_surface(const ParseContext& ctx, int64_t id) {
    return id >= 0 && id < static_cast<int64_t>(ctx.n_surfaces);
}

}  // namespace spicedesk::core::qxl::detail
