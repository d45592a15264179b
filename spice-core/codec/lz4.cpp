#include "spice-core/codec/lz4.hpp"

#include <fmt/format.h>
#include <lz4.h>

#include <memory>

#include "spice-core/protocol/reader.hpp"

namespace spicedesk::core {

namespace {

struct StreamDeleter {
    void operator()(LZ4_stream_t* s) const { LZ4_freeStream(s); }
};
struct DecodeDeleter {
    void operator()(LZ4_streamDecode_t* s) const { LZ4_freeStreamDecode(s); }
};

}  // namespace

EncodedImage encode_lz4(const PixelView& view, uint64_t id) {
    EncodedImage image;
    image.id = id;
    image.type = SPICE_IMAGE_TYPE_LZ4;
    image.width = view.width;
    image.height = view.height;

    const size_t row_bytes = static_cast<size_t>(view.width) * 4;
    // Rows are packed into one contiguous little-endian buffer; LZ4's streaming API needs the
    // previous block's bytes to stay in place while the next is compressed.
    std::vector<uint8_t> raw(row_bytes * view.height);
    for (uint32_t y = 0; y < view.height; ++y) {
        const uint32_t* row = view.pixels.data() + static_cast<size_t>(y) * view.stride;
        uint8_t* out = raw.data() + y * row_bytes;
        for (uint32_t x = 0; x < view.width; ++x) {
            uint32_t p = row[x];
            out[4 * x] = static_cast<uint8_t>(p);
            out[4 * x + 1] = static_cast<uint8_t>(p >> 8);
            out[4 * x + 2] = static_cast<uint8_t>(p >> 16);
            out[4 * x + 3] = static_cast<uint8_t>(p >> 24);
        }
    }

    std::unique_ptr<LZ4_stream_t, StreamDeleter> stream(LZ4_createStream());
    auto& out = image.data;
    out.reserve(raw.size() / 4 + 64);
    out.push_back(1);  // top_down
    out.push_back(SPICE_BITMAP_FMT_32BIT);
    for (uint32_t y = 0; y < view.height; y += kLz4RowsPerBlock) {
        uint32_t rows = std::min(kLz4RowsPerBlock, view.height - y);
        const char* src = reinterpret_cast<const char*>(raw.data() + y * row_bytes);
        int src_size = static_cast<int>(rows * row_bytes);
        int bound = LZ4_compressBound(src_size);
        size_t size_pos = out.size();
        out.resize(size_pos + 4 + static_cast<size_t>(bound));
        int n = LZ4_compress_fast_continue(stream.get(), src,
                                           reinterpret_cast<char*>(out.data() + size_pos + 4),
                                           src_size, bound, 1);
        if (n <= 0) {  // cannot happen with a bound-sized output; keep the image decodable
            n = 0;
        }
        out[size_pos] = static_cast<uint8_t>(n >> 24);
        out[size_pos + 1] = static_cast<uint8_t>(n >> 16);
        out[size_pos + 2] = static_cast<uint8_t>(n >> 8);
        out[size_pos + 3] = static_cast<uint8_t>(n);
        out.resize(size_pos + 4 + static_cast<size_t>(n));
    }
    return image;
}

Result<std::vector<uint32_t>> decode_lz4(std::span<const uint8_t> data, uint32_t width,
                                         uint32_t height) {
    Reader r(data);
    uint8_t top_down = r.u8("top_down");
    uint8_t format = r.u8("format");
    if (!r.ok()) {
        return make_error("LZ4 image: missing header");
    }
    if (format != SPICE_BITMAP_FMT_32BIT) {
        return make_error(fmt::format("LZ4 image: unsupported bitmap format {}", format));
    }
    const size_t total = static_cast<size_t>(width) * height * 4;
    if (total > (size_t{1} << 30)) {
        return make_error("LZ4 image: too large");
    }
    std::vector<uint8_t> raw(total);
    std::unique_ptr<LZ4_streamDecode_t, DecodeDeleter> stream(LZ4_createStreamDecode());
    size_t produced = 0;
    while (!r.at_end()) {
        uint32_t be = r.u32("block size");
        uint32_t size =
            ((be & 0xff) << 24) | ((be & 0xff00) << 8) | ((be >> 8) & 0xff00) | (be >> 24);
        auto block = r.bytes(size, "block");
        if (!r.ok()) {
            return make_error("LZ4 image: " + r.error());
        }
        int n = LZ4_decompress_safe_continue(
            stream.get(), reinterpret_cast<const char*>(block.data()),
            reinterpret_cast<char*>(raw.data() + produced), static_cast<int>(block.size()),
            static_cast<int>(total - produced));
        if (n <= 0) {
            return make_error(fmt::format("LZ4 image: corrupt block at byte {}", produced));
        }
        produced += static_cast<size_t>(n);
    }
    if (produced != total) {
        return make_error(fmt::format("LZ4 image: {} bytes decoded, {} expected", produced, total));
    }
    std::vector<uint32_t> pixels(static_cast<size_t>(width) * height);
    for (uint32_t y = 0; y < height; ++y) {
        uint32_t src_row = top_down ? y : height - 1 - y;
        const uint8_t* in = raw.data() + static_cast<size_t>(src_row) * width * 4;
        for (uint32_t x = 0; x < width; ++x) {
            pixels[static_cast<size_t>(y) * width + x] =
                static_cast<uint32_t>(in[4 * x]) | (static_cast<uint32_t>(in[4 * x + 1]) << 8) |
                (static_cast<uint32_t>(in[4 * x + 2]) << 16) |
                (static_cast<uint32_t>(in[4 * x + 3]) << 24);
        }
    }
    return pixels;
}

}  // namespace spicedesk::core
