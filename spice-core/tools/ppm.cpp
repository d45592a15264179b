#include "spice-core/tools/ppm.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <vector>

namespace spicedesk::core {

Status write_ppm(const std::string& path, std::span<const uint32_t> pixels, uint32_t width,
                 uint32_t height) {
    std::string tmp = path + ".tmp";
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (f == nullptr) {
        return make_error(fmt::format("cannot write {}", tmp));
    }
    fmt::print(f, "P6\n{} {}\n255\n", width, height);
    std::vector<uint8_t> row(static_cast<size_t>(width) * 3);
    bool ok = true;
    for (uint32_t y = 0; y < height && ok; ++y) {
        for (uint32_t x = 0; x < width; ++x) {
            uint32_t p = pixels[static_cast<size_t>(y) * width + x];
            row[3 * x] = static_cast<uint8_t>(p >> 16);
            row[3 * x + 1] = static_cast<uint8_t>(p >> 8);
            row[3 * x + 2] = static_cast<uint8_t>(p);
        }
        ok = std::fwrite(row.data(), 1, row.size(), f) == row.size();
    }
    ok = std::fclose(f) == 0 && ok;
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
        return make_error(fmt::format("writing {} failed", path));
    }
    return {};
}

}  // namespace spicedesk::core
