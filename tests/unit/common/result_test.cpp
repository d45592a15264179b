#include "common/result.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace spicedesk {
namespace {

Result<int> parse_digit(char c) {
    if (c < '0' || c > '9') {
        return make_error(std::string("not a digit: ") + c);
    }
    return c - '0';
}

TEST(Result, CarriesValueOrReason) {
    auto good = parse_digit('7');
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(*good, 7);

    auto bad = parse_digit('x');
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.message(), "not a digit: x");
}

TEST(Result, HoldsMoveOnlyValues) {
    Result<std::unique_ptr<int>> result = std::make_unique<int>(3);
    ASSERT_TRUE(result);
    std::unique_ptr<int> taken = std::move(result).value();
    EXPECT_EQ(*taken, 3);
}

TEST(Status, DefaultIsSuccess) {
    Status fine;
    EXPECT_TRUE(fine.ok());
    Status failed = make_error("disk full");
    EXPECT_FALSE(failed.ok());
    EXPECT_EQ(failed.message(), "disk full");
}

}  // namespace
}  // namespace spicedesk
