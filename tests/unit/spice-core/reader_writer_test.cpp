#include <gtest/gtest.h>

#include "spice-core/protocol/reader.hpp"
#include "spice-core/protocol/writer.hpp"

namespace spicedesk::core {
namespace {

TEST(Writer, WritesLittleEndian) {
    Writer w;
    w.u8(0x01);
    w.u16(0x0302);
    w.u32(0x07060504);
    w.u64(0x0f0e0d0c0b0a0908ULL);
    w.i32(-2);
    std::vector<uint8_t> want = {1,  2,  3,  4,  5,  6,    7,    8,    9,   10,
                                 11, 12, 13, 14, 15, 0xfe, 0xff, 0xff, 0xff};
    EXPECT_EQ(w.data(), want);
}

TEST(Writer, PatchesOffsets) {
    Writer w;
    w.u32(0);
    w.u8(9);
    w.patch_u32(0, 0xaabbccdd);
    EXPECT_EQ(w.data(), (std::vector<uint8_t>{0xdd, 0xcc, 0xbb, 0xaa, 9}));
    EXPECT_THROW(w.patch_u32(2, 1), std::out_of_range);
}

TEST(Reader, ReadsWhatWriterWrote) {
    Writer w;
    w.u8(200);
    w.u16(65000);
    w.u32(4000000000U);
    w.u64(0x123456789abcdef0ULL);
    w.i16(-5);
    w.i32(-70000);
    w.i64(-1);
    auto bytes = w.take();
    Reader r(bytes);
    EXPECT_EQ(r.u8(), 200);
    EXPECT_EQ(r.u16(), 65000);
    EXPECT_EQ(r.u32(), 4000000000U);
    EXPECT_EQ(r.u64(), 0x123456789abcdef0ULL);
    EXPECT_EQ(r.i16(), -5);
    EXPECT_EQ(r.i32(), -70000);
    EXPECT_EQ(r.i64(), -1);
    EXPECT_TRUE(r.at_end());
    EXPECT_TRUE(r.finish_exact("test").ok());
}

TEST(Reader, UnderflowIsStickyAndNamesTheField) {
    std::vector<uint8_t> bytes = {1, 2, 3};
    Reader r(bytes);
    EXPECT_EQ(r.u16("first"), 0x0201);
    EXPECT_EQ(r.u32("second"), 0U);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.u8("third"), 0);  // even though one byte was left
    auto st = r.finish("MSG");
    ASSERT_FALSE(st.ok());
    EXPECT_NE(st.message().find("MSG"), std::string::npos);
    EXPECT_NE(st.message().find("second"), std::string::npos);
}

TEST(Reader, BytesAndRest) {
    std::vector<uint8_t> bytes = {1, 2, 3, 4, 5};
    Reader r(bytes);
    auto two = r.bytes(2);
    ASSERT_EQ(two.size(), 2U);
    EXPECT_EQ(two[1], 2);
    auto rest = r.rest();
    EXPECT_EQ(rest.size(), 3U);
    EXPECT_TRUE(r.at_end());
    EXPECT_TRUE(r.bytes(1).empty());
    EXPECT_FALSE(r.ok());
}

TEST(Reader, HugeLengthDoesNotOverflow) {
    std::vector<uint8_t> bytes(8);
    Reader r(bytes);
    r.skip(4);
    EXPECT_TRUE(r.bytes(SIZE_MAX).empty());
    EXPECT_FALSE(r.ok());
}

TEST(Reader, AtFollowsPointersWithinTheMessage) {
    std::vector<uint8_t> bytes = {0, 0, 0, 0, 0x2a};
    Reader r(bytes);
    EXPECT_EQ(r.at(4).u8(), 0x2a);
    Reader end = r.at(5);
    EXPECT_TRUE(end.ok());
    EXPECT_TRUE(end.at_end());
    Reader beyond = r.at(6, "src_bitmap");
    EXPECT_FALSE(beyond.ok());
    EXPECT_NE(beyond.error().find("src_bitmap"), std::string::npos);
}

TEST(Reader, FinishExactRejectsTrailingBytes) {
    std::vector<uint8_t> bytes = {1, 2};
    Reader r(bytes);
    (void)r.u8();
    EXPECT_TRUE(r.finish("x").ok());
    EXPECT_FALSE(r.finish_exact("x").ok());
}

}  // namespace
}  // namespace spicedesk::core
