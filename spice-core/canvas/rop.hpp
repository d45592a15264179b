#pragma once

// Raster operations: the 16 binary ROPs that SPICE ROP descriptors (SPICE_ROPD_*) reduce to, and
// the 256 ternary ROPs of DRAW_ROP3. Both work on raw pixel bits.

#include <cstdint>

namespace spicedesk::core::canvas {

// A binary raster operation as its truth table, X11 GX numbering: bit 3 is the result for
// (s=0, d=0), bit 2 for (0, 1), bit 1 for (1, 0), bit 0 for (1, 1).
enum class Rop : uint8_t {
    kClear = 0x0,
    kAnd = 0x1,
    kAndReverse = 0x2,  // s & ~d
    kCopy = 0x3,
    kAndInverted = 0x4,  // ~s & d
    kNoop = 0x5,
    kXor = 0x6,
    kOr = 0x7,
    kNor = 0x8,
    kEquiv = 0x9,
    kInvert = 0xa,     // ~d
    kOrReverse = 0xb,  // s | ~d
    kCopyInverted = 0xc,
    kOrInverted = 0xd,  // ~s | d
    kNand = 0xe,
    kSet = 0xf,
};

// Which operand of a draw plays the descriptor's "source" or "destination" role.
enum class RopInput : uint8_t { kSrc, kBrush, kDest };

// Reduces a ROP descriptor to a binary ROP with `source` as s and `dest` as d: the operand
// inversions (SPICE_ROPD_INVERS_SRC/_BRUSH/_DEST, whichever match the roles), the operator
// (OP_PUT/OR/AND/XOR) and INVERS_RES; OP_BLACKNESS, OP_WHITENESS and OP_INVERS give clear, set
// and ~d whatever the inversions. No operator bit: copy.
Rop rop_from_descriptor(uint16_t descriptor, RopInput source, RopInput dest);

// s ROP d on every bit.
inline uint32_t apply_rop(Rop rop, uint32_t s, uint32_t d) {
    const unsigned code = static_cast<unsigned>(rop);
    uint32_t r = 0;
    if ((code & 8U) != 0) {
        r |= ~s & ~d;
    }
    if ((code & 4U) != 0) {
        r |= ~s & d;
    }
    if ((code & 2U) != 0) {
        r |= s & ~d;
    }
    if ((code & 1U) != 0) {
        r |= s & d;
    }
    return r;
}

// The ternary ROP `code` of pattern p, source s and destination d on every bit: the result bit
// is bit (p << 2 | s << 1 | d) of code (0xf0 = pattern, 0xcc = source, 0xaa = destination).
inline uint32_t apply_rop3(uint8_t code, uint32_t p, uint32_t s, uint32_t d) {
    uint32_t r = 0;
    for (unsigned index = 0; index < 8; ++index) {
        if (((code >> index) & 1U) == 0) {
            continue;
        }
        const uint32_t pt = (index & 4U) != 0 ? p : ~p;
        const uint32_t st = (index & 2U) != 0 ? s : ~s;
        const uint32_t dt = (index & 1U) != 0 ? d : ~d;
        r |= pt & st & dt;
    }
    return r;
}

// apply_rop3 without branches, for per-pixel loops: the code is split into four 2-bit functions
// of d, one per (p, s) pair, each of which is (d & and_mask) ^ xor_mask (0, ~d, d or ~0).
class Rop3Evaluator {
  public:
    explicit Rop3Evaluator(uint8_t code) {
        for (unsigned ps = 0; ps < 4; ++ps) {
            const unsigned table = (code >> (ps * 2)) & 3U;  // bit 0: d = 0, bit 1: d = 1
            const bool d0 = (table & 1U) != 0;
            const bool d1 = (table & 2U) != 0;
            and_[ps] = d0 != d1 ? ~0U : 0U;  // depends on d
            xor_[ps] = d0 ? ~0U : 0U;        // value when d = 0
        }
    }

    uint32_t operator()(uint32_t p, uint32_t s, uint32_t d) const {
        // Index ps = p << 1 | s.
        const uint32_t g00 = (d & and_[0]) ^ xor_[0];
        const uint32_t g01 = (d & and_[1]) ^ xor_[1];
        const uint32_t g10 = (d & and_[2]) ^ xor_[2];
        const uint32_t g11 = (d & and_[3]) ^ xor_[3];
        const uint32_t with_p = (s & g11) | (~s & g10);
        const uint32_t without_p = (s & g01) | (~s & g00);
        return (p & with_p) | (~p & without_p);
    }

  private:
    uint32_t and_[4] = {};
    uint32_t xor_[4] = {};
};

}  // namespace spicedesk::core::canvas
