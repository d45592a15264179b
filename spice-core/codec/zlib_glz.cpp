#include "spice-core/codec/zlib_glz.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <vector>

namespace spicedesk::core {

namespace {

// The largest GLZ data we inflate: 4 bytes per pixel of the largest image plus headers (GLZ
// literals cost at most 3 bytes per pixel and a control byte per 32).
constexpr uint64_t kMaxGlzDataSize = 4 * kMaxDecodedPixels + 4096;

// Owns a z_stream for inflating (inflateEnd on scope exit).
class Inflater {
  public:
    Inflater() { ok_ = inflateInit(&stream_) == Z_OK; }
    ~Inflater() {
        if (ok_) {
            inflateEnd(&stream_);
        }
    }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;

    bool ok() const { return ok_; }
    z_stream& stream() { return stream_; }

  private:
    z_stream stream_{};
    bool ok_ = false;
};

}  // namespace

Result<DecodedImage> decode_zlib_glz(std::span<const uint8_t> data, uint32_t glz_data_size,
                                     GlzWindow& window) {
    if (glz_data_size == 0 || glz_data_size > kMaxGlzDataSize) {
        return make_error(fmt::format("ZLIB_GLZ image: invalid GLZ data size {}", glz_data_size));
    }
    Inflater inflater;
    if (!inflater.ok()) {
        return make_error("ZLIB_GLZ image: zlib initialisation failed");
    }
    z_stream& zs = inflater.stream();
    zs.next_in = const_cast<Bytef*>(data.data());  // zlib's API is not const-correct
    zs.avail_in = static_cast<uInt>(data.size());
    // Grow the output as data really inflates (at most ~1000:1), never straight to the size
    // field's claim.
    std::vector<uint8_t> glz;
    size_t produced = 0;
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (produced == glz.size()) {
            if (glz.size() >= glz_data_size) {
                return make_error(fmt::format(
                    "ZLIB_GLZ image: inflates to more than the announced {} bytes", glz_data_size));
            }
            size_t grown = std::max<size_t>(glz.size() * 2, size_t{64} * 1024);
            glz.resize(std::min<size_t>(grown, glz_data_size));
        }
        zs.next_out = glz.data() + produced;
        zs.avail_out = static_cast<uInt>(glz.size() - produced);
        rc = inflate(&zs, Z_NO_FLUSH);
        produced = glz.size() - zs.avail_out;
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
            return make_error(
                fmt::format("ZLIB_GLZ image: zlib data truncated after {} bytes", produced));
        }
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            return make_error(fmt::format("ZLIB_GLZ image: corrupt zlib data ({})",
                                          zs.msg != nullptr ? zs.msg : "inflate failed"));
        }
    }
    if (produced != glz_data_size) {
        return make_error(fmt::format("ZLIB_GLZ image: inflated {} bytes, {} announced", produced,
                                      glz_data_size));
    }
    auto image = decode_glz(std::span<const uint8_t>(glz.data(), produced), window);
    if (!image) {
        return make_error("ZLIB_GLZ image: " + image.message());
    }
    return image;
}

}  // namespace spicedesk::core
