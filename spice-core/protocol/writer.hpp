#pragma once

// Little-endian writer for wire messages: appends to a byte vector, and patches 32-bit
// offsets (SPICE pointers) once the pointed-to data has been placed.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace spicedesk::core {

class Writer {
  public:
    Writer() = default;
    explicit Writer(size_t reserve) { buf_.reserve(reserve); }

    void u8(uint8_t v) { buf_.push_back(v); }
    void u16(uint16_t v);
    void u32(uint32_t v);
    void u64(uint64_t v);
    void i16(int16_t v) { u16(static_cast<uint16_t>(v)); }
    void i32(int32_t v) { u32(static_cast<uint32_t>(v)); }
    void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
    void bytes(std::span<const uint8_t> data) { buf_.insert(buf_.end(), data.begin(), data.end()); }
    void zeros(size_t n) { buf_.insert(buf_.end(), n, 0); }

    // Overwrites 4 bytes already written at pos.
    void patch_u32(size_t pos, uint32_t v);
    // Appends n bytes and returns where they start, for a caller that fills them in place.
    uint8_t* grow(size_t n);

    size_t size() const { return buf_.size(); }
    const std::vector<uint8_t>& data() const { return buf_; }
    std::vector<uint8_t> take() { return std::move(buf_); }

  private:
    std::vector<uint8_t> buf_;
};

}  // namespace spicedesk::core
