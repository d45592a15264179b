#pragma once

// A capability set as exchanged in the link stage: bit N of word N/32.

#include <cstdint>
#include <vector>

namespace spicedesk::core {

class Caps {
  public:
    Caps() = default;
    explicit Caps(std::vector<uint32_t> words) : words_(std::move(words)) {}

    bool has(unsigned cap) const {
        return cap / 32 < words_.size() && (words_[cap / 32] >> (cap % 32)) & 1U;
    }
    Caps& set(unsigned cap) {
        if (cap / 32 >= words_.size()) {
            words_.resize(cap / 32 + 1, 0);
        }
        words_[cap / 32] |= 1U << (cap % 32);
        return *this;
    }
    const std::vector<uint32_t>& words() const { return words_; }

  private:
    std::vector<uint32_t> words_;
};

}  // namespace spicedesk::core
