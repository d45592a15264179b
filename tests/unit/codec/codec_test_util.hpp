#pragma once

// Helpers for the decoder tests: building LZ/GLZ headers by hand, and running a decoder over
// every truncation and many bit flips of a valid input (each must fail cleanly or decode; ASan
// and UBSan catch what a plain run would not).

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <random>
#include <span>
#include <vector>

namespace spicedesk::core::test {

using Bytes = std::vector<uint8_t>;

inline void put_be32(Bytes& out, uint32_t v) {
    out.push_back(static_cast<uint8_t>(v >> 24));
    out.push_back(static_cast<uint8_t>(v >> 16));
    out.push_back(static_cast<uint8_t>(v >> 8));
    out.push_back(static_cast<uint8_t>(v));
}

inline void put_be64(Bytes& out, uint64_t v) {
    put_be32(out, static_cast<uint32_t>(v >> 32));
    put_be32(out, static_cast<uint32_t>(v));
}

inline void put_le32(Bytes& out, uint32_t v) {
    out.push_back(static_cast<uint8_t>(v));
    out.push_back(static_cast<uint8_t>(v >> 8));
    out.push_back(static_cast<uint8_t>(v >> 16));
    out.push_back(static_cast<uint8_t>(v >> 24));
}

// The LZ header: magic "  ZL", version 1.1, type, width, height, stride, top_down (all BE32).
inline Bytes lz_header(uint32_t type, uint32_t width, uint32_t height, uint32_t stride,
                       bool top_down) {
    Bytes out;
    put_be32(out, 0x20205a4c);
    put_be32(out, 0x00010001);
    put_be32(out, type);
    put_be32(out, width);
    put_be32(out, height);
    put_be32(out, stride);
    put_be32(out, top_down ? 1 : 0);
    return out;
}

// The GLZ header: magic, version, type | top_down << 4 (one byte), width, height, stride,
// id (BE64), win_head_dist.
inline Bytes glz_header(uint32_t type, uint32_t width, uint32_t height, uint32_t stride,
                        bool top_down, uint64_t id, uint32_t win_head_dist) {
    Bytes out;
    put_be32(out, 0x20205a4c);
    put_be32(out, 0x00010001);
    out.push_back(static_cast<uint8_t>(type | (top_down ? 0x10 : 0)));
    put_be32(out, width);
    put_be32(out, height);
    put_be32(out, stride);
    put_be64(out, id);
    put_be32(out, win_head_dist);
    return out;
}

inline void append(Bytes& out, std::initializer_list<uint8_t> bytes) {
    out.insert(out.end(), bytes.begin(), bytes.end());
}

// Runs `decode` on every proper prefix of `data` (each must be an error) and on `flips` copies
// with one to four random bits flipped (any result; no crash, no out-of-bounds access).
inline void hammer(const Bytes& data, const std::function<bool(std::span<const uint8_t>)>& decode,
                   int flips = 2000, bool prefixes_must_fail = true) {
    for (size_t n = 0; n < data.size(); ++n) {
        Bytes prefix(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
        bool ok = decode(prefix);
        if (prefixes_must_fail) {
            EXPECT_FALSE(ok) << "a " << n << "-byte prefix of " << data.size() << " decoded";
        }
    }
    std::mt19937 rng(1234);
    for (int i = 0; i < flips; ++i) {
        Bytes copy = data;
        int bits = 1 + static_cast<int>(rng() % 4);
        for (int b = 0; b < bits; ++b) {
            size_t bit = rng() % (copy.size() * 8);
            copy[bit / 8] ^= static_cast<uint8_t>(1U << (bit % 8));
        }
        (void)decode(copy);
    }
}

}  // namespace spicedesk::core::test
