#include "spice-core/protocol/reader.hpp"

#include <fmt/format.h>

namespace spicedesk::core {

bool Reader::take(size_t n, std::string_view field) {
    if (!ok()) {
        return false;
    }
    if (n > remaining()) {
        fail(fmt::format("{} needs {} bytes at offset {}, only {} left", field, n, pos_,
                         remaining()));
        return false;
    }
    return true;
}

void Reader::fail(std::string reason) {
    if (error_.empty()) {
        error_ = std::move(reason);
    }
    pos_ = data_.size();
}

uint8_t Reader::u8(std::string_view field) {
    if (!take(1, field)) {
        return 0;
    }
    return data_[pos_++];
}

uint16_t Reader::u16(std::string_view field) {
    if (!take(2, field)) {
        return 0;
    }
    uint16_t v = static_cast<uint16_t>(data_[pos_] | (data_[pos_ + 1] << 8));
    pos_ += 2;
    return v;
}

uint32_t Reader::u32(std::string_view field) {
    if (!take(4, field)) {
        return 0;
    }
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i) {
        v = (v << 8) | data_[pos_ + static_cast<size_t>(i)];
    }
    pos_ += 4;
    return v;
}

uint64_t Reader::u64(std::string_view field) {
    if (!take(8, field)) {
        return 0;
    }
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) {
        v = (v << 8) | data_[pos_ + static_cast<size_t>(i)];
    }
    pos_ += 8;
    return v;
}

std::span<const uint8_t> Reader::bytes(size_t n, std::string_view field) {
    if (!take(n, field)) {
        return {};
    }
    auto out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
}

std::span<const uint8_t> Reader::rest() {
    auto out = data_.subspan(pos_);
    pos_ = data_.size();
    return out;
}

Reader Reader::at(size_t offset, std::string_view field) const {
    Reader r(data_);
    if (!ok()) {
        r.fail(error_);
    } else if (offset > data_.size()) {
        r.fail(
            fmt::format("{} offset {} is beyond the {} byte message", field, offset, data_.size()));
    } else {
        r.pos_ = offset;
    }
    return r;
}

Status Reader::finish(std::string_view what) const {
    if (!ok()) {
        return make_error(fmt::format("malformed {}: {}", what, error_));
    }
    return {};
}

Status Reader::finish_exact(std::string_view what) const {
    if (!ok()) {
        return make_error(fmt::format("malformed {}: {}", what, error_));
    }
    if (!at_end()) {
        return make_error(
            fmt::format("malformed {}: {} unexpected trailing bytes", what, remaining()));
    }
    return {};
}

}  // namespace spicedesk::core
