#include "admin-gui/viewer/headless_screenshot.hpp"

#include <cairomm/surface.h>
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "admin-gui/support/i18n.hpp"

namespace spicedesk::gui {

Status save_xrgb_image(const std::string& path, const uint32_t* pixels, int width, int height,
                       int stride_pixels) {
    const bool ppm = path.size() >= 4 && (path.compare(path.size() - 4, 4, ".ppm") == 0 ||
                                          path.compare(path.size() - 4, 4, ".PPM") == 0);
    if (ppm) {
        std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "wb"), &std::fclose);
        if (!file) {
            return make_error(fmt::format("{}: {}", path, std::strerror(errno)));
        }
        std::string header = fmt::format("P6\n{} {}\n255\n", width, height);
        std::vector<unsigned char> row(static_cast<size_t>(width) * 3);
        bool ok = std::fwrite(header.data(), 1, header.size(), file.get()) == header.size();
        for (int y = 0; ok && y < height; ++y) {
            const uint32_t* src = pixels + static_cast<size_t>(y) * stride_pixels;
            for (size_t x = 0; x < static_cast<size_t>(width); ++x) {
                row[3 * x] = static_cast<unsigned char>(src[x] >> 16);
                row[3 * x + 1] = static_cast<unsigned char>(src[x] >> 8);
                row[3 * x + 2] = static_cast<unsigned char>(src[x]);
            }
            ok = std::fwrite(row.data(), 1, row.size(), file.get()) == row.size();
        }
        if (!ok || std::fflush(file.get()) != 0) {
            return make_error(fmt::format("{}: {}", path, std::strerror(errno)));
        }
        return {};
    }
    auto surface = Cairo::ImageSurface::create(Cairo::Surface::Format::RGB24, width, height);
    surface->flush();
    unsigned char* data = surface->get_data();
    const int stride = surface->get_stride();
    for (int y = 0; y < height; ++y) {
        std::memcpy(data + static_cast<size_t>(y) * stride,
                    pixels + static_cast<size_t>(y) * stride_pixels,
                    static_cast<size_t>(width) * 4);
    }
    surface->mark_dirty();
    try {
        surface->write_to_png(path);
    } catch (const std::exception& e) {
        return make_error(fmt::format("{}: {}", path, e.what()));
    }
    return {};
}

Status take_headless_screenshot(const core::client::ConnectOptions& options,
                                const std::string& path, ScreenshotTiming timing) {
    core::client::ScreenshotOptions shot_options;
    shot_options.channel_id = 0;
    shot_options.quiet = timing.quiet;
    shot_options.settle_limit = timing.max_wait;
    shot_options.timeout = timing.timeout;
    auto shot = core::client::take_screenshot(options, shot_options);
    if (!shot) {
        return shot.error();
    }
    if (shot->pixels.empty()) {
        return make_error(_("the display has no picture"));
    }
    return save_xrgb_image(path, shot->pixels.data(), shot->width, shot->height, shot->width);
}

}  // namespace spicedesk::gui
