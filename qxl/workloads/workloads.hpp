#pragma once

// Deterministic demo workloads, drawn through the guest driver as a guest would: a still
// BIOS-style text screen, moving overlapping windows, a scrolling terminal drawn the qxl-DRM way
// (one whole-screen DRAW_COPY per update) and the smart way (COPY_BITS plus the new strip), a
// video-like photo region, cursor shapes and movement, one picture per head, and keyboard echo.
// Every picture depends only on the frame number (and, for echo, the keys typed).

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "qxl/guest/driver.hpp"

namespace spicedesk::qxl {

struct Screen {
    uint32_t head_width = 1024;
    uint32_t head_height = 768;
    uint32_t heads = 1;
    uint32_t width() const { return head_width * heads; }
    uint32_t height() const { return head_height; }
};

class Workload {
  public:
    virtual ~Workload() = default;
    // The first picture.
    virtual void setup(Driver& driver) = 0;
    // Frame n (1, 2, ...); false once the workload is finished (its screen stays as it is).
    virtual bool frame(Driver& driver, uint64_t n) = 0;
    // A key pressed on the SPICE client (PC XT set 1 scancode, press only).
    virtual void key(Driver& /*driver*/, uint32_t /*scancode*/) {}
    virtual double fps() const { return 25; }
};

struct WorkloadInfo {
    std::string_view name;
    std::string_view description;
    bool finishes;  // reaches a still picture on its own
};
const std::vector<WorkloadInfo>& workload_list();

// frames: stop after this many frames (0: the workload's own length; video and echo never stop).
std::unique_ptr<Workload> make_workload(std::string_view name, const Screen& screen,
                                        uint64_t frames = 0);

// Our 8x16 glyphs (a procedural font: every printable character its own pattern).
std::vector<GuestGlyph> glyphs_for(std::string_view text, int32_t x, int32_t y);
inline constexpr int32_t kCellWidth = 8;
inline constexpr int32_t kCellHeight = 16;

// ASCII of a PC XT set 1 make code (letters, digits, space, enter, a little punctuation);
// 0 for anything else.
char scancode_to_ascii(uint32_t scancode);

}  // namespace spicedesk::qxl
