#pragma once

// Shared by the LZ and GLZ decoders (not part of the codec API): the byte input they read and the
// expansion of 16-bit x555 pixels.

#include <cstddef>
#include <cstdint>
#include <span>

namespace spicedesk::core::lz_detail {

// Reads bytes; past the end it yields zeros and remembers that it ran out, so a decoding loop
// checks failed() once per step instead of before every byte.
class ByteInput {
  public:
    explicit ByteInput(std::span<const uint8_t> data) : data_(data) {}

    uint8_t next() {
        if (pos_ >= data_.size()) {
            failed_ = true;
            return 0;
        }
        return data_[pos_++];
    }
    uint32_t be32() {
        uint32_t v = next();
        v = (v << 8) | next();
        v = (v << 8) | next();
        return (v << 8) | next();
    }
    uint64_t be64() {
        uint64_t hi = be32();
        return (hi << 32) | be32();
    }
    bool failed() const { return failed_; }
    size_t position() const { return pos_; }
    size_t remaining() const { return data_.size() - pos_; }

  private:
    std::span<const uint8_t> data_;
    size_t pos_ = 0;
    bool failed_ = false;
};

// x1r5g5b5 to 0x00RRGGBB, each 5-bit channel widened as v << 3 | v >> 2.
inline uint32_t expand_x555(uint32_t v) {
    uint32_t r = (v >> 10) & 0x1f;
    uint32_t g = (v >> 5) & 0x1f;
    uint32_t b = v & 0x1f;
    r = (r << 3) | (r >> 2);
    g = (g << 3) | (g >> 2);
    b = (b << 3) | (b >> 2);
    return (r << 16) | (g << 8) | b;
}

// An LZ match or literal run can produce at most this many units per input byte (a length
// extension byte adds at most 255): images claiming more units than the input can carry are
// refused before anything is allocated.
inline constexpr uint64_t kMaxUnitsPerByte = 256;

inline constexpr uint32_t kLzMagic = 0x20205a4c;  // "  ZL" read big-endian
inline constexpr uint32_t kLzVersion = 0x00010001;

}  // namespace spicedesk::core::lz_detail
