#include "spice-core/protocol/writer.hpp"

#include <stdexcept>

namespace spicedesk::core {

void Writer::u16(uint16_t v) {
    buf_.push_back(static_cast<uint8_t>(v));
    buf_.push_back(static_cast<uint8_t>(v >> 8));
}

void Writer::u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) {
        buf_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
}

void Writer::u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) {
        buf_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
}

void Writer::patch_u32(size_t pos, uint32_t v) {
    if (pos + 4 > buf_.size()) {
        throw std::out_of_range("Writer::patch_u32 beyond written data");
    }
    for (size_t i = 0; i < 4; ++i) {
        buf_[pos + i] = static_cast<uint8_t>(v >> (8 * i));
    }
}

uint8_t* Writer::grow(size_t n) {
    size_t old = buf_.size();
    buf_.resize(old + n);
    return buf_.data() + old;
}

}  // namespace spicedesk::core
