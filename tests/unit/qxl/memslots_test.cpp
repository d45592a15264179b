#include "spice-core/server/qxl/memslots.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace spicedesk::core::qxl {
namespace {

class MemSlotsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        DevInitInfo info;
        info.num_memslots_groups = 2;
        info.num_memslots = 4;
        info.memslot_id_bits = 8;
        info.memslot_gen_bits = 8;
        ASSERT_TRUE(slots_.init(info));
        DevMemSlot s;
        s.slot_group_id = 0;
        s.slot_id = 2;
        s.generation = 5;
        s.virt_start = reinterpret_cast<uintptr_t>(mem_.data());
        s.virt_end = s.virt_start + mem_.size();
        s.addr_delta = s.virt_start - kPhys;
        ASSERT_TRUE(slots_.add(s));
    }
    static constexpr uint64_t kPhys = 0xf4000000;
    std::vector<uint8_t> mem_ = std::vector<uint8_t>(4096);
    MemSlots slots_;
};

TEST_F(MemSlotsTest, EncodesSlotGenerationAndOffset) {
    EXPECT_EQ(slots_.encode(2, 5, 0x1234), (uint64_t{2} << 56) | (uint64_t{5} << 48) | 0x1234);
}

TEST_F(MemSlotsTest, TranslatesInsideTheSlot) {
    auto r = slots_.translate(0, slots_.encode(2, 5, kPhys + 100), 16);
    ASSERT_TRUE(r) << r.message();
    EXPECT_EQ(r->data(), mem_.data() + 100);
    EXPECT_EQ(r->size(), 16U);
    auto last = slots_.translate(0, slots_.encode(2, 5, kPhys + 4095), 1);
    ASSERT_TRUE(last);
    auto whole = slots_.translate(0, slots_.encode(2, 5, kPhys), 4096);
    ASSERT_TRUE(whole);
}

TEST_F(MemSlotsTest, RefusesRangesOutsideTheSlot) {
    EXPECT_FALSE(slots_.translate(0, slots_.encode(2, 5, kPhys + 4090), 7));
    EXPECT_FALSE(slots_.translate(0, slots_.encode(2, 5, kPhys + 4096), 1));
    EXPECT_FALSE(slots_.translate(0, slots_.encode(2, 5, kPhys - 1), 1));
    EXPECT_FALSE(slots_.translate(0, slots_.encode(2, 5, kPhys + 8), ~uint64_t{0}));
    EXPECT_FALSE(slots_.translate(0, slots_.encode(2, 5, kPhys + 8), uint64_t{1} << 63));
}

TEST_F(MemSlotsTest, RefusesWrongGenerationSlotAndGroup) {
    auto gen = slots_.translate(0, slots_.encode(2, 4, kPhys), 1);
    ASSERT_FALSE(gen);
    EXPECT_NE(gen.message().find("generation"), std::string::npos);
    auto unreg = slots_.translate(0, slots_.encode(1, 5, kPhys), 1);
    ASSERT_FALSE(unreg);
    EXPECT_NE(unreg.message().find("not registered"), std::string::npos);
    EXPECT_FALSE(slots_.translate(0, slots_.encode(200, 5, kPhys), 1));  // slot beyond 4
    EXPECT_FALSE(slots_.translate(1, slots_.encode(2, 5, kPhys), 1));    // other group
    EXPECT_FALSE(slots_.translate(7, slots_.encode(2, 5, kPhys), 1));    // no such group
}

TEST_F(MemSlotsTest, DeleteAndResetForget) {
    slots_.del(0, 2);
    EXPECT_FALSE(slots_.translate(0, slots_.encode(2, 5, kPhys), 1));
    slots_.reset();
    EXPECT_FALSE(slots_.translate(0, slots_.encode(2, 5, kPhys), 1));
}

TEST_F(MemSlotsTest, RefusesBadRegistrations) {
    DevMemSlot s;
    s.slot_id = 9;  // beyond 4 slots
    EXPECT_FALSE(slots_.add(s));
    s.slot_id = 1;
    s.generation = 256;  // needs 9 bits
    EXPECT_FALSE(slots_.add(s));
    s.generation = 0;
    s.virt_start = 100;
    s.virt_end = 50;
    EXPECT_FALSE(slots_.add(s));
    MemSlots other;
    DevInitInfo info;
    info.memslot_id_bits = 0;
    EXPECT_FALSE(other.init(info));
    info.memslot_id_bits = 1;
    info.num_memslots = 8;  // 1 bit cannot name 8 slots
    EXPECT_FALSE(other.init(info));
    EXPECT_FALSE(other.translate(0, 0, 1));  // nothing registered
}

TEST_F(MemSlotsTest, ReadCopiesStructs) {
    mem_[8] = 0x78;
    mem_[9] = 0x56;
    mem_[10] = 0x34;
    mem_[11] = 0x12;
    auto v = slots_.read<uint32_t>(0, slots_.encode(2, 5, kPhys + 8), "word");
    ASSERT_TRUE(v);
    EXPECT_EQ(*v, 0x12345678U);
    auto bad = slots_.read<uint64_t>(0, slots_.encode(2, 5, kPhys + 4092), "tail");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.message().find("tail"), std::string::npos);
}

}  // namespace
}  // namespace spicedesk::core::qxl
