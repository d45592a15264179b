// Recorded display channel streams from QEMU's SeaBIOS screen (tests/fixtures/spice-streams:
// QUIC, LZ, GLZ, ZLIB_GLZ and LZ4 images) replayed through a DisplayState: every message applies
// and the final primary surface equals QEMU's screendump recorded with it, but for the blinking
// text cursor (differences confined to one 16x16 box) and the first text row: the recordings
// start during SeaBIOS' mode sets, and after the last SURFACE_DESTROY/CREATE QEMU's server
// redraws only the part of that row that changed (spice-gtk, which also starts a re-created
// primary blank, would show the same). Skipped when the fixtures are absent.

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "spice-core/client/display_state.hpp"

namespace spicedesk::core::client {
namespace {

const std::filesystem::path kDir = SPICEDESK_FIXTURES_DIR "/spice-streams";

std::vector<uint8_t> read_file(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::vector<uint8_t> gunzip(const std::filesystem::path& p) {
    std::vector<uint8_t> out;
    gzFile f = gzopen(p.c_str(), "rb");
    if (f == nullptr) {
        return out;
    }
    uint8_t buf[65536];
    int n = 0;
    while ((n = gzread(f, buf, sizeof buf)) > 0) {
        out.insert(out.end(), buf, buf + n);
    }
    gzclose(f);
    return out;
}

struct Ppm {
    int width = 0, height = 0;
    std::vector<uint8_t> rgb;
};

Ppm parse_ppm(const std::vector<uint8_t>& data) {
    Ppm p;
    std::string fields[4];
    size_t pos = 0;
    for (auto& field : fields) {
        while (pos < data.size() && std::isspace(data[pos])) {
            ++pos;
        }
        while (pos < data.size() && !std::isspace(data[pos])) {
            field += static_cast<char>(data[pos++]);
        }
    }
    ++pos;
    p.width = std::stoi(fields[1]);
    p.height = std::stoi(fields[2]);
    p.rgb.assign(data.begin() + static_cast<ptrdiff_t>(pos), data.end());
    return p;
}

class Replay : public ::testing::TestWithParam<std::string> {};

TEST_P(Replay, EqualsQemuScreendump) {
    auto rec_path = kDir / (GetParam() + ".spicerec");
    auto ppm_path = kDir / (GetParam() + ".ppm.gz");
    ASSERT_TRUE(std::filesystem::exists(rec_path) && std::filesystem::exists(ppm_path))
        << "missing fixture " << rec_path;
    auto rec = read_file(rec_path);
    ASSERT_GE(rec.size(), 8U);
    ASSERT_EQ(std::memcmp(rec.data(), "SPDREC1\n", 8), 0);
    DisplayState state;
    size_t pos = 8, count = 0;
    while (rec.size() - pos >= 6) {
        uint16_t type = static_cast<uint16_t>(rec[pos] | rec[pos + 1] << 8);
        uint32_t size = uint32_t{rec[pos + 2]} | uint32_t{rec[pos + 3]} << 8 |
                        uint32_t{rec[pos + 4]} << 16 | uint32_t{rec[pos + 5]} << 24;
        pos += 6;
        ASSERT_LE(size, rec.size() - pos);
        if (type >= 101) {
            auto st = state.handle(type, std::span<const uint8_t>(rec.data() + pos, size));
            ASSERT_TRUE(st.ok()) << "message " << count << " (type " << type
                                 << "): " << st.message();
        }
        pos += size;
        ++count;
    }
    ASSERT_NE(state.primary(), nullptr);
    Ppm want = parse_ppm(gunzip(ppm_path));
    const auto& surf = state.primary()->surface();
    ASSERT_EQ(surf.width(), want.width);
    ASSERT_EQ(surf.height(), want.height);
    int x0 = want.width, y0 = want.height, x1 = -1, y1 = -1;
    constexpr int kFirstTextRow = 16;
    for (int y = kFirstTextRow; y < want.height; ++y) {
        const auto* row =
            reinterpret_cast<const uint32_t*>(surf.data() + size_t(y) * surf.stride());
        for (int x = 0; x < want.width; ++x) {
            const uint8_t* p = want.rgb.data() + (size_t(y) * want.width + x) * 3;
            uint32_t w = uint32_t{p[0]} << 16 | uint32_t{p[1]} << 8 | p[2];
            if ((row[x] & 0xffffff) != w) {
                x0 = std::min(x0, x);
                y0 = std::min(y0, y);
                x1 = std::max(x1, x);
                y1 = std::max(y1, y);
            }
        }
    }
    if (const char* dir = std::getenv("SPICEDESK_REPLAY_DUMP"); dir != nullptr) {
        std::ofstream f(std::filesystem::path(dir) / (GetParam() + ".ppm"), std::ios::binary);
        f << "P6\n" << want.width << " " << want.height << "\n255\n";
        for (int y = 0; y < want.height; ++y) {
            const auto* row =
                reinterpret_cast<const uint32_t*>(surf.data() + size_t(y) * surf.stride());
            for (int x = 0; x < want.width; ++x) {
                f.put(static_cast<char>(row[x] >> 16)).put(static_cast<char>(row[x] >> 8));
                f.put(static_cast<char>(row[x]));
            }
        }
    }
    if (x1 >= 0) {
        EXPECT_LE(x1 - x0, 16) << "differences from " << x0 << "," << y0 << " to " << x1 << ","
                               << y1;
        EXPECT_LE(y1 - y0, 16) << "differences from " << x0 << "," << y0 << " to " << x1 << ","
                               << y1;
    }
}

INSTANTIATE_TEST_SUITE_P(Seabios, Replay,
                         ::testing::Values("seabios-quic", "seabios-lz", "seabios-glz",
                                           "seabios-zlib_glz", "seabios-lz4"));

}  // namespace
}  // namespace spicedesk::core::client
