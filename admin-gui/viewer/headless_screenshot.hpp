#pragma once

// spicedesk-viewer --screenshot: no window and no display needed. Connects, waits for the first
// MARK of display channel 0 and then for the picture to stay quiet (the client's
// take_screenshot), saves it (PNG, or binary PPM when the file name ends in .ppm) and returns. The
// error says what failed: the connection, the password, or no picture in time.

#include <chrono>
#include <string>

#include "common/result.hpp"
#include "spice-core/client/screenshot.hpp"
#include "spice-core/client/session.hpp"

namespace spicedesk::gui {

struct ScreenshotTiming {
    std::chrono::milliseconds quiet{300};      // no damage for this long after MARK
    std::chrono::milliseconds max_wait{3000};  // after MARK, save even if it never goes quiet
    std::chrono::milliseconds timeout{20000};  // for the connection and the first MARK
};

Status take_headless_screenshot(const core::client::ConnectOptions& options,
                                const std::string& path, ScreenshotTiming timing = {});

// Writes xRGB32 pixels (0x00RRGGBB) as PNG or, for a .ppm name, binary PPM (P6).
Status save_xrgb_image(const std::string& path, const uint32_t* pixels, int width, int height,
                       int stride_pixels);

}  // namespace spicedesk::gui
