// ROP descriptors and the binary / ternary ROPs against hand-written truth tables and the
// per-bit definition of a ternary ROP.

#include "spice-core/canvas/rop.hpp"

#include <gtest/gtest.h>
#include <spice/enums.h>

#include <random>

namespace spicedesk::core::canvas {
namespace {

// With s = 1100 and d = 1010 every (s, d) pair appears once in the low four bits.
constexpr uint32_t kS = 0b1100;
constexpr uint32_t kD = 0b1010;

TEST(Rop, BinaryTruthTables) {
    struct Case {
        Rop rop;
        uint32_t expected;
    };
    const Case cases[] = {
        {Rop::kClear, 0b0000},        {Rop::kAnd, 0b1000},         {Rop::kAndReverse, 0b0100},
        {Rop::kCopy, 0b1100},         {Rop::kAndInverted, 0b0010}, {Rop::kNoop, 0b1010},
        {Rop::kXor, 0b0110},          {Rop::kOr, 0b1110},          {Rop::kNor, 0b0001},
        {Rop::kEquiv, 0b1001},        {Rop::kInvert, 0b0101},      {Rop::kOrReverse, 0b1101},
        {Rop::kCopyInverted, 0b0011}, {Rop::kOrInverted, 0b1011},  {Rop::kNand, 0b0111},
        {Rop::kSet, 0b1111},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(apply_rop(c.rop, kS, kD) & 0xfU, c.expected) << static_cast<int>(c.rop);
    }
}

TEST(Rop, DescriptorsReduceToTheExpectedOperation) {
    using R = RopInput;
    EXPECT_EQ(rop_from_descriptor(SPICE_ROPD_OP_PUT, R::kSrc, R::kDest), Rop::kCopy);
    EXPECT_EQ(rop_from_descriptor(SPICE_ROPD_OP_PUT | SPICE_ROPD_INVERS_SRC, R::kSrc, R::kDest),
              Rop::kCopyInverted);
    // PUT ignores the destination's inversion; INVERS_RES inverts the result.
    EXPECT_EQ(rop_from_descriptor(SPICE_ROPD_OP_PUT | SPICE_ROPD_INVERS_DEST, R::kSrc, R::kDest),
              Rop::kCopy);
    EXPECT_EQ(rop_from_descriptor(SPICE_ROPD_OP_PUT | SPICE_ROPD_INVERS_SRC | SPICE_ROPD_INVERS_RES,
                                  R::kSrc, R::kDest),
              Rop::kCopy);
    EXPECT_EQ(rop_from_descriptor(SPICE_ROPD_OP_OR, R::kSrc, R::kDest), Rop::kOr);
    EXPECT_EQ(rop_from_descriptor(SPICE_ROPD_OP_OR | SPICE_ROPD_INVERS_RES, R::kSrc, R::kDest),
              Rop::kNor);
    EXPECT_EQ(rop_from_descriptor(SPICE_ROPD_OP_OR | SPICE_ROPD_INVERS_DEST, R::kSrc, R::kDest),
              Rop::kOrReverse);
    EXPECT_EQ(rop_from_descriptor(SPICE_ROPD_OP_AND | SPICE_ROPD_INVERS_SRC, R::kSrc, R::kDest),
              Rop::kAndInverted);
    EXPECT_EQ(
        rop_from_descriptor(SPICE_ROPD_OP_AND | SPICE_ROPD_INVERS_SRC | SPICE_ROPD_INVERS_DEST,
                            R::kSrc, R::kDest),
        Rop::kNor);
    EXPECT_EQ(rop_from_descriptor(SPICE_ROPD_OP_XOR | SPICE_ROPD_INVERS_DEST, R::kSrc, R::kDest),
              Rop::kEquiv);
    EXPECT_EQ(
        rop_from_descriptor(SPICE_ROPD_OP_XOR | SPICE_ROPD_INVERS_SRC | SPICE_ROPD_INVERS_DEST,
                            R::kSrc, R::kDest),
        Rop::kXor);
    EXPECT_EQ(rop_from_descriptor(SPICE_ROPD_OP_BLACKNESS, R::kSrc, R::kDest), Rop::kClear);
    EXPECT_EQ(
        rop_from_descriptor(SPICE_ROPD_OP_WHITENESS | SPICE_ROPD_INVERS_RES, R::kSrc, R::kDest),
        Rop::kSet);
    EXPECT_EQ(rop_from_descriptor(SPICE_ROPD_OP_INVERS, R::kBrush, R::kDest), Rop::kInvert);
    EXPECT_EQ(rop_from_descriptor(0, R::kBrush, R::kDest), Rop::kCopy);
}

TEST(Rop, DescriptorRolesPickTheMatchingInversion) {
    using R = RopInput;
    // For a fill the brush is the source: INVERS_BRUSH counts, INVERS_SRC does not.
    EXPECT_EQ(rop_from_descriptor(SPICE_ROPD_OP_AND | SPICE_ROPD_INVERS_BRUSH, R::kBrush, R::kDest),
              Rop::kAndInverted);
    EXPECT_EQ(rop_from_descriptor(SPICE_ROPD_OP_AND | SPICE_ROPD_INVERS_SRC, R::kBrush, R::kDest),
              Rop::kAnd);
    // For opaque's brush pass the put source image is the destination.
    EXPECT_EQ(rop_from_descriptor(SPICE_ROPD_OP_OR | SPICE_ROPD_INVERS_SRC, R::kBrush, R::kSrc),
              Rop::kOrReverse);
}

TEST(Rop3, NamedOperations) {
    const uint32_t p = 0xf0f0f0f0U;
    const uint32_t s = 0xccccccccU;
    const uint32_t d = 0xaaaaaaaaU;
    EXPECT_EQ(apply_rop3(0xcc, p, s, d), s);       // SRCCOPY
    EXPECT_EQ(apply_rop3(0xf0, p, s, d), p);       // PATCOPY
    EXPECT_EQ(apply_rop3(0xaa, p, s, d), d);       // destination unchanged
    EXPECT_EQ(apply_rop3(0x55, p, s, d), ~d);      // DSTINVERT
    EXPECT_EQ(apply_rop3(0x66, p, s, d), s ^ d);   // SRCINVERT
    EXPECT_EQ(apply_rop3(0x5a, p, s, d), p ^ d);   // PATINVERT
    EXPECT_EQ(apply_rop3(0x88, p, s, d), s & d);   // SRCAND
    EXPECT_EQ(apply_rop3(0xee, p, s, d), s | d);   // SRCPAINT
    EXPECT_EQ(apply_rop3(0xc0, p, s, d), p & s);   // MERGECOPY
    EXPECT_EQ(apply_rop3(0xbb, p, s, d), ~s | d);  // MERGEPAINT
    EXPECT_EQ(apply_rop3(0x33, p, s, d), ~s);      // NOTSRCCOPY
    EXPECT_EQ(apply_rop3(0x00, p, s, d), 0U);      // BLACKNESS
    EXPECT_EQ(apply_rop3(0xff, p, s, d), ~0U);     // WHITENESS
}

// Every one of the 256 codes against the per-bit definition, on random operands.
TEST(Rop3, AllCodesMatchThePerBitDefinition) {
    std::mt19937 rng(1234);
    for (unsigned code = 0; code < 256; ++code) {
        for (int round = 0; round < 4; ++round) {
            const uint32_t p = rng();
            const uint32_t s = rng();
            const uint32_t d = rng();
            uint32_t expected = 0;
            for (unsigned bit = 0; bit < 32; ++bit) {
                const unsigned index =
                    ((p >> bit) & 1U) << 2 | ((s >> bit) & 1U) << 1 | ((d >> bit) & 1U);
                expected |= ((code >> index) & 1U) << bit;
            }
            ASSERT_EQ(apply_rop3(static_cast<uint8_t>(code), p, s, d), expected) << code;
            ASSERT_EQ(Rop3Evaluator(static_cast<uint8_t>(code))(p, s, d), expected) << code;
        }
    }
}

}  // namespace
}  // namespace spicedesk::core::canvas
