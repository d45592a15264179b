#pragma once

// A headless screenshot: connect, wait for the first MARK on a display channel, then for quiet
// (no display message for quiet_ms), and return that channel's primary surface. Used by
// `spicedesk-viewer --screenshot` and the interop tests.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "spice-core/client/session.hpp"

namespace spicedesk::core::client {

struct ScreenshotOptions {
    uint32_t channel_id = 0;  // display channel
    // Quiet period after the first MARK: no display message for this long.
    std::chrono::milliseconds quiet{300};
    // Give up waiting for quiet this long after the MARK and take the picture as it is (a
    // blinking text cursor never lets a screen go quiet).
    std::chrono::milliseconds settle_limit{3000};
    // Overall limit from the start to the MARK.
    std::chrono::milliseconds timeout{20000};
};

struct Screenshot {
    int width = 0;
    int height = 0;
    std::vector<uint32_t> pixels;  // xRGB32 (0x00RRGGBB), stride == width, top-down
};

Result<Screenshot> take_screenshot(const ConnectOptions& options,
                                   const ScreenshotOptions& shot = {});

// Binary PPM (P6) of a screenshot.
Status write_ppm(const Screenshot& shot, const std::string& path);

}  // namespace spicedesk::core::client
