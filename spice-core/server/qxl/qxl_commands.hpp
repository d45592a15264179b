#pragma once

// The QXL commands other than DRAW, read from guest memory into validated values: SURFACE
// create/destroy, UPDATE, CURSOR set/move/hide/trail, MESSAGE, and the QXLReleaseInfo every
// command starts with. Thread: the worker's.

#include <cstdint>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "spice-core/canvas/types.hpp"
#include "spice-core/protocol/cursor.hpp"
#include "spice-core/server/qxl/qxl_parse_context.hpp"

namespace spicedesk::core::qxl {

struct SurfaceCommand {
    ReleaseInfo release;
    uint32_t surface_id = 0;
    uint8_t type = QXL_SURFACE_CMD_CREATE;
    uint32_t flags = 0;
    uint32_t format = 0;
    uint32_t width = 0;
    uint32_t height = 0;
    int32_t stride = 0;
    uint64_t data = 0;  // guest address (checked to hold |stride| * height bytes)
};

struct UpdateCommand {
    ReleaseInfo release;
    canvas::Rect area;
    uint32_t update_id = 0;
    uint32_t surface_id = 0;
};

struct CursorCommand {
    ReleaseInfo release;
    uint8_t type = QXL_CURSOR_SET;
    int16_t x = 0;
    int16_t y = 0;
    bool visible = false;
    std::shared_ptr<const CursorShape> shape;  // SET only
    uint16_t trail_length = 0;
    uint16_t trail_frequency = 0;
};

struct MessageCommand {
    ReleaseInfo release;
    std::string text;  // printable ASCII only, at most 1 KiB
};

// The QXLReleaseInfo every command starts with (for releasing a command that failed to parse).
Result<ReleaseInfo> read_release_info(const ParseContext& ctx, uint64_t addr);

Result<SurfaceCommand> parse_surface_command(const ParseContext& ctx, uint64_t addr);
Result<UpdateCommand> parse_update_command(const ParseContext& ctx, uint64_t addr);
Result<CursorCommand> parse_cursor_command(const ParseContext& ctx, uint64_t addr);
Result<MessageCommand> parse_message_command(const ParseContext& ctx, uint64_t addr);

// Bits per pixel of a SPICE surface format (SPICE_SURFACE_FMT_*), 0 when unknown.
uint32_t surface_format_bits(uint32_t format);

}  // namespace spicedesk::core::qxl
