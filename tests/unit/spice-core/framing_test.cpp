#include "spice-core/protocol/framing.hpp"

#include <gtest/gtest.h>

#include "spice-core/protocol/reader.hpp"

namespace spicedesk::core {
namespace {

TEST(Framing, MiniHeader) {
    Framing f(true);
    EXPECT_EQ(f.header_size(), 6U);
    std::vector<uint8_t> out;
    std::vector<uint8_t> body = {9, 8, 7};
    f.append(out, 304, body);
    ASSERT_EQ(out.size(), 9U);
    auto h = f.parse_header(std::span(out).first(6), 100);
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(h->type, 304);
    EXPECT_EQ(h->size, 3U);
    EXPECT_EQ(out[6], 9);
}

TEST(Framing, FullHeaderCountsSerials) {
    Framing f(false);
    EXPECT_EQ(f.header_size(), 18U);
    std::vector<uint8_t> out;
    f.append(out, 101, {});
    f.append(out, 102, std::vector<uint8_t>{1});
    auto first = f.parse_header(std::span(out).first(18), 10);
    auto second = f.parse_header(std::span(out).subspan(18, 18), 10);
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(first->serial, 1U);
    EXPECT_EQ(second->serial, 2U);
    EXPECT_EQ(second->type, 102);
    EXPECT_EQ(second->size, 1U);
    EXPECT_EQ(second->sub_list, 0U);
}

TEST(Framing, RejectsOversizedAndBadSubList) {
    Framing mini(true);
    std::vector<uint8_t> hdr = {0x65, 0, 0, 0, 0x10, 0};  // 1 MiB
    EXPECT_FALSE(mini.parse_header(hdr, 1024).ok());
    EXPECT_TRUE(mini.parse_header(hdr, 1 << 20).ok());
    EXPECT_FALSE(mini.parse_header(std::span(hdr).first(5), 1024).ok());

    Framing full(false);
    std::vector<uint8_t> h(18, 0);
    h[8] = 1;   // type
    h[10] = 4;  // size 4
    h[14] = 4;  // sub_list = 4: not inside a 4-byte body
    EXPECT_FALSE(full.parse_header(h, 100).ok());
    h[14] = 2;
    EXPECT_TRUE(full.parse_header(h, 100).ok());
}

}  // namespace
}  // namespace spicedesk::core
