#pragma once

// Bounds-checked little-endian reader over untrusted wire bytes. Every read past the end
// yields zero and marks the reader failed (sticky), naming the first field that did not fit;
// callers check ok() (or finish()) once after reading a message. Nothing is ever cast onto
// the buffer.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace spicedesk::core {

class Reader {
  public:
    explicit Reader(std::span<const uint8_t> data) : data_(data) {}

    uint8_t u8(std::string_view field = "u8");
    uint16_t u16(std::string_view field = "u16");
    uint32_t u32(std::string_view field = "u32");
    uint64_t u64(std::string_view field = "u64");
    int16_t i16(std::string_view field = "i16") { return static_cast<int16_t>(u16(field)); }
    int32_t i32(std::string_view field = "i32") { return static_cast<int32_t>(u32(field)); }
    int64_t i64(std::string_view field = "i64") { return static_cast<int64_t>(u64(field)); }

    // The next n bytes, or an empty span (and failure) when fewer remain.
    std::span<const uint8_t> bytes(size_t n, std::string_view field = "bytes");
    // Everything left.
    std::span<const uint8_t> rest();
    void skip(size_t n, std::string_view field = "padding") { (void)bytes(n, field); }

    // A reader positioned at an absolute offset of the same buffer (SPICE pointers are
    // offsets from the start of the message body). Fails when the offset is out of range.
    Reader at(size_t offset, std::string_view field = "pointer") const;

    size_t position() const { return pos_; }
    size_t remaining() const { return data_.size() - pos_; }
    size_t size() const { return data_.size(); }
    bool ok() const { return error_.empty(); }
    bool at_end() const { return pos_ == data_.size(); }
    const std::string& error() const { return error_; }

    // Ok when every read fitted; else an error naming the message and the field.
    Status finish(std::string_view what) const;
    // As finish(), and also an error when bytes are left over.
    Status finish_exact(std::string_view what) const;

    void fail(std::string reason);

  private:
    bool take(size_t n, std::string_view field);

    std::span<const uint8_t> data_;
    size_t pos_ = 0;
    std::string error_;
};

}  // namespace spicedesk::core
