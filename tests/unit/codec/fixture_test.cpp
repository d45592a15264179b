// Real data: QEMU's libspice-server (Debian 12) recorded by tests/fixtures/spice-streams/
// record_stream.py on SeaBIOS' screen (connect, reset the machine, record what SeaBIOS draws),
// one recording per compression. Every DRAW_COPY's image is decoded by our codecs and placed at
// its box on surface 0; every pixel painted since the last SURFACE_CREATE must equal QEMU's own
// screendump taken right after recording, but for the blinking text cursor (differences must fit
// in one character cell). QEMU does not repaint what its VGA mirror says is unchanged across the
// reset's mode switches (the client's surface is new and black there: spice-gtk shows the same),
// so unpainted pixels are not compared; most of the text must have been painted.

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>

#include "spice-core/codec/bitmap_decode.hpp"
#include "spice-core/codec/glz.hpp"
#include "spice-core/codec/jpeg.hpp"
#include "spice-core/codec/lz.hpp"
#include "spice-core/codec/lz4_image.hpp"
#include "spice-core/codec/quic.hpp"
#include "spice-core/codec/zlib_glz.hpp"
#include "spice-core/protocol/reader.hpp"
#include "spice-core/protocol/spice_headers.hpp"

#ifndef SPICE_STREAMS_DIR
#error SPICE_STREAMS_DIR must name tests/fixtures/spice-streams
#endif

namespace spicedesk::core {
namespace {

struct Message {
    uint16_t type = 0;
    std::vector<uint8_t> body;
};

std::vector<Message> read_recording(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::vector<uint8_t> data((std::istreambuf_iterator<char>(f)),
                              std::istreambuf_iterator<char>());
    std::vector<Message> out;
    const std::string magic = "SPDREC1\n";
    if (data.size() < magic.size() || !std::equal(magic.begin(), magic.end(), data.begin())) {
        ADD_FAILURE() << path << " is not a recording";
        return out;
    }
    Reader r(std::span<const uint8_t>(data).subspan(magic.size()));
    while (!r.at_end() && r.ok()) {
        Message m;
        m.type = r.u16();
        uint32_t size = r.u32();
        auto body = r.bytes(size);
        m.body.assign(body.begin(), body.end());
        out.push_back(std::move(m));
    }
    EXPECT_TRUE(r.ok()) << path << ": " << r.error();
    return out;
}

struct Picture {
    uint32_t width = 0;
    uint32_t height = 0;
    std::vector<uint32_t> pixels;  // 0x00RRGGBB
};

Picture read_ppm_gz(const std::string& path) {
    Picture pic;
    gzFile f = gzopen(path.c_str(), "rb");
    if (f == nullptr) {
        ADD_FAILURE() << "cannot open " << path;
        return pic;
    }
    std::vector<uint8_t> data;
    uint8_t buf[65536];
    int n = 0;
    while ((n = gzread(f, buf, sizeof buf)) > 0) {
        data.insert(data.end(), buf, buf + n);
    }
    gzclose(f);
    // "P6" w h 255, one whitespace byte, then RGB.
    size_t pos = 0;
    std::vector<std::string> fields;
    while (fields.size() < 4 && pos < data.size()) {
        while (pos < data.size() && isspace(data[pos]) != 0) {
            ++pos;
        }
        size_t start = pos;
        while (pos < data.size() && isspace(data[pos]) == 0) {
            ++pos;
        }
        fields.emplace_back(data.begin() + static_cast<std::ptrdiff_t>(start),
                            data.begin() + static_cast<std::ptrdiff_t>(pos));
    }
    ++pos;
    if (fields.size() != 4 || fields[0] != "P6" || fields[3] != "255") {
        ADD_FAILURE() << path << " is not a P6 PPM";
        return pic;
    }
    pic.width = static_cast<uint32_t>(std::stoul(fields[1]));
    pic.height = static_cast<uint32_t>(std::stoul(fields[2]));
    if (data.size() - pos != size_t{pic.width} * pic.height * 3) {
        ADD_FAILURE() << path << ": wrong pixel byte count";
        return pic;
    }
    pic.pixels.resize(size_t{pic.width} * pic.height);
    for (size_t i = 0; i < pic.pixels.size(); ++i) {
        const uint8_t* p = data.data() + pos + 3 * i;
        pic.pixels[i] = (uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | p[2];
    }
    return pic;
}

struct Rect {
    int32_t top, left, bottom, right;
};

Rect read_rect(Reader& r) {
    Rect rc{};
    rc.top = r.i32();
    rc.left = r.i32();
    rc.bottom = r.i32();
    rc.right = r.i32();
    return rc;
}

// Replays a recording's surface-0 draws through our decoders.
class Replay {
  public:
    std::set<uint8_t> image_types;
    Picture surface;
    std::vector<bool> painted;
    int draws = 0;

    void message(const Message& m) {
        switch (m.type) {
            case SPICE_MSG_DISPLAY_SURFACE_CREATE: {
                Reader r(m.body);
                uint32_t id = r.u32();
                uint32_t w = r.u32();
                uint32_t h = r.u32();
                ASSERT_TRUE(r.ok());
                if (id == 0) {
                    surface.width = w;
                    surface.height = h;
                    surface.pixels.assign(size_t{w} * h, 0);
                    painted.assign(size_t{w} * h, false);
                }
                break;
            }
            case SPICE_MSG_DISPLAY_DRAW_COPY:
                draw_copy(m.body);
                break;
            case SPICE_MSG_DISPLAY_INVAL_ALL_PIXMAPS:
                cache_.clear();
                break;
            case SPICE_MSG_DISPLAY_DRAW_FILL:
            case SPICE_MSG_DISPLAY_COPY_BITS:
            case SPICE_MSG_DISPLAY_DRAW_OPAQUE:
                FAIL() << "unexpected draw message " << m.type << " (not replayed here)";
            default:
                break;
        }
    }

  private:
    Result<DecodedImage> decode_image(std::span<const uint8_t> body, size_t offset) {
        Reader r = Reader(body).at(offset, "image");
        const uint64_t id = r.u64();
        const uint8_t type = r.u8();
        const uint8_t flags = r.u8();
        const uint32_t width = r.u32();
        const uint32_t height = r.u32();
        if (!r.ok()) {
            return make_error("image descriptor: " + r.error());
        }
        image_types.insert(type);
        std::optional<Result<DecodedImage>> result;
        switch (type) {
            case SPICE_IMAGE_TYPE_BITMAP: {
                const uint8_t format = r.u8();
                const uint8_t bflags = r.u8();
                const uint32_t x = r.u32();
                const uint32_t y = r.u32();
                const uint32_t stride = r.u32();
                std::vector<uint32_t> palette;
                if ((bflags & SPICE_BITMAP_FLAGS_PAL_FROM_CACHE) != 0) {
                    return make_error("cached palettes not replayed here");
                }
                const uint32_t palette_offset = r.u32();
                if (palette_offset != 0) {
                    Reader p = Reader(body).at(palette_offset, "palette");
                    (void)p.u64();
                    const uint16_t n = p.u16();
                    for (uint16_t i = 0; i < n; ++i) {
                        palette.push_back(p.u32());
                    }
                    if (!p.ok()) {
                        return make_error("palette: " + p.error());
                    }
                }
                auto data = r.rest();
                result = decode_bitmap(data, format, x, y, stride,
                                       (bflags & SPICE_BITMAP_FLAGS_TOP_DOWN) != 0, palette);
                break;
            }
            case SPICE_IMAGE_TYPE_QUIC:
            case SPICE_IMAGE_TYPE_LZ_RGB:
            case SPICE_IMAGE_TYPE_GLZ_RGB:
            case SPICE_IMAGE_TYPE_JPEG:
            case SPICE_IMAGE_TYPE_LZ4: {
                const uint32_t size = r.u32();
                auto data = r.bytes(size, "image data");
                if (!r.ok()) {
                    return make_error(r.error());
                }
                if (type == SPICE_IMAGE_TYPE_QUIC) {
                    result = decode_quic(data);
                } else if (type == SPICE_IMAGE_TYPE_LZ_RGB) {
                    result = decode_lz(data);
                } else if (type == SPICE_IMAGE_TYPE_GLZ_RGB) {
                    result = decode_glz(data, glz_);
                } else if (type == SPICE_IMAGE_TYPE_JPEG) {
                    result = decode_jpeg(data);
                } else {
                    result = decode_lz4_image(data, width, height);
                }
                break;
            }
            case SPICE_IMAGE_TYPE_ZLIB_GLZ_RGB: {
                const uint32_t glz_size = r.u32();
                const uint32_t size = r.u32();
                auto data = r.bytes(size, "image data");
                if (!r.ok()) {
                    return make_error(r.error());
                }
                result = decode_zlib_glz(data, glz_size, glz_);
                break;
            }
            case SPICE_IMAGE_TYPE_FROM_CACHE:
            case SPICE_IMAGE_TYPE_FROM_CACHE_LOSSLESS: {
                auto it = cache_.find(id);
                if (it == cache_.end()) {
                    return make_error("image not in the cache");
                }
                return it->second;
            }
            default:
                return make_error("image type " + std::to_string(type) + " not replayed here");
        }
        if (result->ok()) {
            if ((*result)->width != width || (*result)->height != height) {
                return make_error("decoded size differs from the descriptor");
            }
            if ((flags & SPICE_IMAGE_FLAGS_CACHE_ME) != 0) {
                cache_[id] = **result;
            }
        }
        return std::move(*result);
    }

    void draw_copy(std::span<const uint8_t> body) {
        Reader r(body);
        const uint32_t surface_id = r.u32();
        const Rect box = read_rect(r);
        const uint8_t clip = r.u8();
        ASSERT_EQ(clip, SPICE_CLIP_TYPE_NONE) << "clipped draws are not replayed here";
        const uint32_t image_offset = r.u32();
        const Rect src = read_rect(r);
        const uint16_t rop = r.u16();
        ASSERT_TRUE(r.ok()) << r.error();
        ASSERT_EQ(rop, SPICE_ROPD_OP_PUT);
        auto image = decode_image(body, image_offset);
        ASSERT_TRUE(image.ok()) << "draw " << draws << ": " << image.message();
        ++draws;
        if (surface_id != 0) {
            return;
        }
        ASSERT_EQ(box.right - box.left, src.right - src.left);
        ASSERT_EQ(box.bottom - box.top, src.bottom - src.top);
        for (int32_t y = 0; y < box.bottom - box.top; ++y) {
            for (int32_t x = 0; x < box.right - box.left; ++x) {
                const int64_t sx = src.left + x;
                const int64_t sy = src.top + y;
                const int64_t dx = box.left + x;
                const int64_t dy = box.top + y;
                ASSERT_TRUE(sx >= 0 && sy >= 0 && sx < image->width && sy < image->height);
                ASSERT_TRUE(dx >= 0 && dy >= 0 && dx < surface.width && dy < surface.height);
                surface.pixels[static_cast<size_t>(dy * surface.width + dx)] =
                    image->pixels[static_cast<size_t>(sy * image->width + sx)] & 0x00ffffff;
                painted[static_cast<size_t>(dy * surface.width + dx)] = true;
            }
        }
    }

    std::map<uint64_t, DecodedImage> cache_;
    GlzWindow glz_;
};

class RecordedStream : public ::testing::TestWithParam<std::tuple<std::string, uint8_t>> {};

TEST_P(RecordedStream, ReproducesQemusScreendump) {
    const auto& [name, expected_type] = GetParam();
    const std::string base = std::string(SPICE_STREAMS_DIR) + "/seabios-" + name;
    auto messages = read_recording(base + ".spicerec");
    ASSERT_FALSE(messages.empty());
    Replay replay;
    for (const auto& m : messages) {
        replay.message(m);
        if (HasFatalFailure()) {
            return;
        }
    }
    EXPECT_GT(replay.draws, 0);
    EXPECT_EQ(replay.image_types.count(expected_type), 1U)
        << name << ": no image of type " << int(expected_type) << " in the recording";
    Picture dump = read_ppm_gz(base + ".ppm.gz");
    ASSERT_EQ(dump.width, replay.surface.width);
    ASSERT_EQ(dump.height, replay.surface.height);
    // Where do they differ? Only the text cursor may (it blinks): one cell of 9x16 at most.
    uint32_t min_x = UINT32_MAX, min_y = UINT32_MAX, max_x = 0, max_y = 0, differing = 0;
    uint32_t lit = 0;
    uint32_t lit_painted = 0;
    for (uint32_t y = 0; y < dump.height; ++y) {
        for (uint32_t x = 0; x < dump.width; ++x) {
            const size_t i = size_t{y} * dump.width + x;
            lit += dump.pixels[i] != 0 ? 1 : 0;
            if (!replay.painted[i]) {
                continue;
            }
            lit_painted += dump.pixels[i] != 0 ? 1 : 0;
            if (dump.pixels[i] != replay.surface.pixels[i]) {
                ++differing;
                min_x = std::min(min_x, x);
                min_y = std::min(min_y, y);
                max_x = std::max(max_x, x);
                max_y = std::max(max_y, y);
            }
        }
    }
    EXPECT_GT(lit, 1000U) << "the screendump is (nearly) black: no text to compare";
    EXPECT_GT(lit_painted * 10, lit * 7)
        << "the stream painted " << lit_painted << " of " << lit << " lit pixels";
    if (differing != 0) {
        EXPECT_LE(max_x - min_x + 1, 9U) << differing << " pixels differ in (" << min_x << ","
                                         << min_y << ")-(" << max_x << "," << max_y << ")";
        EXPECT_LE(max_y - min_y + 1, 16U) << differing << " pixels differ";
    }
}

// The recordings' QUIC, LZ and LZ4 images, truncated and with bits flipped: errors or pictures,
// never a crash or an out-of-bounds access (ASan/UBSan builds).
TEST(RecordedImages, CorruptedCopiesFailCleanly) {
    struct Sample {
        uint8_t type;
        uint32_t width, height;
        std::vector<uint8_t> data;
    };
    std::vector<Sample> samples;
    for (const char* name : {"quic", "lz", "lz4"}) {
        std::map<std::pair<uint8_t, uint32_t>, int> taken;
        for (const auto& m :
             read_recording(std::string(SPICE_STREAMS_DIR) + "/seabios-" + name + ".spicerec")) {
            if (m.type != SPICE_MSG_DISPLAY_DRAW_COPY) {
                continue;
            }
            Reader r(m.body);
            r.skip(4 + 16);
            ASSERT_EQ(r.u8(), SPICE_CLIP_TYPE_NONE);
            Reader img = Reader(m.body).at(r.u32());
            (void)img.u64();
            const uint8_t type = img.u8();
            (void)img.u8();
            const uint32_t w = img.u32();
            const uint32_t h = img.u32();
            if (type != SPICE_IMAGE_TYPE_QUIC && type != SPICE_IMAGE_TYPE_LZ_RGB &&
                type != SPICE_IMAGE_TYPE_LZ4) {
                continue;
            }
            auto data = img.bytes(img.u32());
            ASSERT_TRUE(img.ok());
            if (taken[{type, w * h}]++ == 0) {  // one per type and size
                samples.push_back({type, w, h, {data.begin(), data.end()}});
            }
        }
    }
    ASSERT_GE(samples.size(), 4U);
    auto decode = [](const Sample& s, std::span<const uint8_t> d) {
        switch (s.type) {
            case SPICE_IMAGE_TYPE_QUIC:
                return decode_quic(d).ok();
            case SPICE_IMAGE_TYPE_LZ_RGB:
                return decode_lz(d).ok();
            default:
                return decode_lz4_image(d, s.width, s.height).ok();
        }
    };
    std::mt19937 rng(99);
    for (const auto& s : samples) {
        ASSERT_TRUE(decode(s, s.data)) << int(s.type);
        // At most ~150 truncation points per image (all of them for small ones).
        const size_t step = std::max<size_t>(1, s.data.size() / 150);
        for (size_t n = 0; n < s.data.size(); n += step) {
            EXPECT_FALSE(decode(s, std::span<const uint8_t>(s.data).first(n)))
                << int(s.type) << " " << s.width << "x" << s.height << " prefix " << n;
        }
        for (int i = 0; i < 150; ++i) {
            auto copy = s.data;
            for (int b = 1 + static_cast<int>(rng() % 3); b > 0; --b) {
                const size_t bit = rng() % (copy.size() * 8);
                copy[bit / 8] ^= static_cast<uint8_t>(1U << (bit % 8));
            }
            (void)decode(s, copy);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(
    Seabios, RecordedStream,
    ::testing::Values(std::make_tuple("quic", uint8_t{SPICE_IMAGE_TYPE_QUIC}),
                      std::make_tuple("lz", uint8_t{SPICE_IMAGE_TYPE_LZ_RGB}),
                      std::make_tuple("glz", uint8_t{SPICE_IMAGE_TYPE_GLZ_RGB}),
                      std::make_tuple("lz4", uint8_t{SPICE_IMAGE_TYPE_LZ4}),
                      std::make_tuple("zlib_glz", uint8_t{SPICE_IMAGE_TYPE_ZLIB_GLZ_RGB})),
    [](const auto& param_info) { return std::get<0>(param_info.param); });

}  // namespace
}  // namespace spicedesk::core
