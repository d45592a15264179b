#include "spice-core/canvas/rop.hpp"

#include <spice/enums.h>

namespace spicedesk::core::canvas {

namespace {

uint16_t invert_flag(RopInput input) {
    switch (input) {
        case RopInput::kSrc:
            return SPICE_ROPD_INVERS_SRC;
        case RopInput::kBrush:
            return SPICE_ROPD_INVERS_BRUSH;
        case RopInput::kDest:
            return SPICE_ROPD_INVERS_DEST;
    }
    return 0;
}

}  // namespace

Rop rop_from_descriptor(uint16_t descriptor, RopInput source, RopInput dest) {
    if ((descriptor &
         (SPICE_ROPD_OP_PUT | SPICE_ROPD_OP_OR | SPICE_ROPD_OP_AND | SPICE_ROPD_OP_XOR)) == 0) {
        if ((descriptor & SPICE_ROPD_OP_BLACKNESS) != 0) {
            return Rop::kClear;
        }
        if ((descriptor & SPICE_ROPD_OP_WHITENESS) != 0) {
            return Rop::kSet;
        }
        if ((descriptor & SPICE_ROPD_OP_INVERS) != 0) {
            return Rop::kInvert;
        }
        return Rop::kCopy;
    }
    const bool inv_s = (descriptor & invert_flag(source)) != 0;
    const bool inv_d = (descriptor & invert_flag(dest)) != 0;
    const bool inv_r = (descriptor & SPICE_ROPD_INVERS_RES) != 0;
    // Build the truth table by evaluating the descriptor on the four (s, d) pairs.
    unsigned code = 0;
    for (unsigned s = 0; s < 2; ++s) {
        for (unsigned d = 0; d < 2; ++d) {
            const unsigned a = s ^ (inv_s ? 1U : 0U);
            const unsigned b = d ^ (inv_d ? 1U : 0U);
            unsigned r = 0;
            if ((descriptor & SPICE_ROPD_OP_PUT) != 0) {
                r = a;  // PUT ignores the destination (and its inversion)
            } else if ((descriptor & SPICE_ROPD_OP_OR) != 0) {
                r = a | b;
            } else if ((descriptor & SPICE_ROPD_OP_AND) != 0) {
                r = a & b;
            } else {
                r = a ^ b;
            }
            r ^= inv_r ? 1U : 0U;
            code |= r << (3U - (s << 1U | d));
        }
    }
    return static_cast<Rop>(code);
}

}  // namespace spicedesk::core::canvas
