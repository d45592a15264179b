#include "spice-core/server/qxl/qxl_commands.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <cstring>

#include "spice-core/server/qxl/qxl_image.hpp"
#include "spice-core/server/qxl/qxl_parse_helpers.hpp"

namespace spicedesk::core::qxl {

using detail::abs_stride;
using detail::to_rect;
using detail::valid_surface;
using detail::wrap;

uint32_t surface_format_bits(uint32_t format) {
    switch (format) {
        case SPICE_SURFACE_FMT_1_A:
            return 1;
        case SPICE_SURFACE_FMT_8_A:
            return 8;
        case SPICE_SURFACE_FMT_16_555:
        case SPICE_SURFACE_FMT_16_565:
            return 16;
        case SPICE_SURFACE_FMT_32_xRGB:
        case SPICE_SURFACE_FMT_32_ARGB:
            return 32;
        default:
            return 0;
    }
}

Result<ReleaseInfo> read_release_info(const ParseContext& ctx, uint64_t addr) {
    auto info = ctx.slots.read<QXLReleaseInfo>(ctx.group_id, addr, "release info");
    if (!info) {
        return info.error();
    }
    return ReleaseInfo{info->id, addr, ctx.group_id};
}

Result<SurfaceCommand> parse_surface_command(const ParseContext& ctx, uint64_t addr) {
    auto c = ctx.slots.read<QXLSurfaceCmd>(ctx.group_id, addr, "surface command");
    if (!c) {
        return c.error();
    }
    SurfaceCommand out;
    out.release = ReleaseInfo{c->release_info.id, addr, ctx.group_id};
    out.surface_id = c->surface_id;
    out.type = c->type;
    out.flags = c->flags;
    if (!valid_surface(ctx, c->surface_id)) {
        return make_error(fmt::format("surface command: surface {} out of range ({} surfaces)",
                                      +c->surface_id, ctx.n_surfaces));
    }
    if (c->type == QXL_SURFACE_CMD_DESTROY) {
        return out;
    }
    if (c->type != QXL_SURFACE_CMD_CREATE) {
        return make_error(fmt::format("surface command type {} unknown", +c->type));
    }
    const QXLSurface& s = c->u.surface_create;
    const uint32_t bits = surface_format_bits(s.format);
    if (bits == 0) {
        return make_error(fmt::format("surface {}: format {} unknown", +c->surface_id, +s.format));
    }
    if (s.width == 0 || s.height == 0 || s.width > ctx.limits.max_image_side ||
        s.height > ctx.limits.max_image_side) {
        return make_error(fmt::format("surface {}: size {}x{} out of range", +c->surface_id,
                                      +s.width, +s.height));
    }
    const uint64_t astride = abs_stride(s.stride);
    if (astride < (uint64_t{s.width} * bits + 7) / 8) {
        return make_error(fmt::format("surface {}: stride {} shorter than a row of {} pixels",
                                      +c->surface_id, +s.stride, +s.width));
    }
    if (auto mem = ctx.slots.translate(ctx.group_id, s.data, astride * s.height); !mem) {
        return wrap(fmt::format("surface {} memory", +c->surface_id), mem.message());
    }
    out.format = s.format;
    out.width = s.width;
    out.height = s.height;
    out.stride = s.stride;
    out.data = s.data;
    return out;
}

Result<UpdateCommand> parse_update_command(const ParseContext& ctx, uint64_t addr) {
    auto c = ctx.slots.read<QXLUpdateCmd>(ctx.group_id, addr, "update command");
    if (!c) {
        return c.error();
    }
    if (!valid_surface(ctx, c->surface_id)) {
        return make_error(fmt::format("update command: surface {} out of range", +c->surface_id));
    }
    return UpdateCommand{ReleaseInfo{c->release_info.id, addr, ctx.group_id}, to_rect(c->area),
                         c->update_id, c->surface_id};
}

Result<CursorCommand> parse_cursor_command(const ParseContext& ctx, uint64_t addr) {
    auto c = ctx.slots.read<QXLCursorCmd>(ctx.group_id, addr, "cursor command");
    if (!c) {
        return c.error();
    }
    CursorCommand out;
    out.release = ReleaseInfo{c->release_info.id, addr, ctx.group_id};
    out.type = c->type;
    switch (c->type) {
        case QXL_CURSOR_MOVE:
            out.x = c->u.position.x;
            out.y = c->u.position.y;
            return out;
        case QXL_CURSOR_HIDE:
            return out;
        case QXL_CURSOR_TRAIL:
            out.trail_length = c->u.trail.length;
            out.trail_frequency = c->u.trail.frequency;
            return out;
        case QXL_CURSOR_SET:
            break;
        default:
            return make_error(fmt::format("cursor command type {} unknown", +c->type));
    }
    out.x = c->u.set.position.x;
    out.y = c->u.set.position.y;
    out.visible = c->u.set.visible != 0;
    const uint64_t shape_addr = c->u.set.shape;
    auto cur = ctx.slots.read<QXLCursor>(ctx.group_id, shape_addr, "cursor shape");
    if (!cur) {
        return cur.error();
    }
    const QXLCursorHeader h = cur->header;
    if (h.width > ctx.limits.max_cursor_side || h.height > ctx.limits.max_cursor_side) {
        return make_error(fmt::format("cursor {}x{} larger than {} a side", +h.width, +h.height,
                                      ctx.limits.max_cursor_side));
    }
    const uint64_t pixels = uint64_t{h.width} * h.height;
    const uint64_t mask_bytes = (uint64_t{h.width} + 7) / 8 * h.height;
    uint64_t expected = 0;
    switch (h.type) {
        case SPICE_CURSOR_TYPE_ALPHA:
            expected = pixels * 4;
            break;
        case SPICE_CURSOR_TYPE_MONO:
            expected = mask_bytes * 2;
            break;
        case SPICE_CURSOR_TYPE_COLOR32:
            expected = pixels * 4 + mask_bytes;
            break;
        default:
            return make_error(fmt::format("cursor type {} not supported", +h.type));
    }
    if (h.hot_spot_x > h.width || h.hot_spot_y > h.height) {
        return make_error("cursor hot spot outside the cursor");
    }
    auto data = read_chunks(ctx, shape_addr + offsetof(QXLCursor, chunk), expected, "cursor data");
    if (!data) {
        return data.error();
    }
    if (data->size() != expected || cur->data_size != expected) {
        return make_error(fmt::format("cursor data: {} bytes (data_size {}), {} expected",
                                      data->size(), +cur->data_size, expected));
    }
    auto shape = std::make_shared<CursorShape>();
    shape->unique = h.unique;
    shape->type = static_cast<uint8_t>(h.type);
    shape->width = h.width;
    shape->height = h.height;
    shape->hot_x = h.hot_spot_x;
    shape->hot_y = h.hot_spot_y;
    shape->data = std::move(*data);
    out.shape = std::move(shape);
    return out;
}

Result<MessageCommand> parse_message_command(const ParseContext& ctx, uint64_t addr) {
    auto info = read_release_info(ctx, addr);
    if (!info) {
        return info.error();
    }
    MessageCommand out;
    out.release = *info;
    // The text is NUL-terminated; read byte by byte up to 1 KiB, staying inside the slot.
    const uint64_t text = addr + sizeof(QXLReleaseInfo);
    for (uint64_t i = 0; i < 1024; ++i) {
        auto byte = ctx.slots.translate(ctx.group_id, text + i, 1);
        if (!byte || (*byte)[0] == 0) {
            break;
        }
        const auto ch = static_cast<char>((*byte)[0]);
        out.text.push_back(ch >= 0x20 && ch < 0x7f ? ch : '?');
    }
    return out;
}

}  // namespace spicedesk::core::qxl
