#include "common/text_diff.hpp"

#include <gtest/gtest.h>

namespace spicedesk {
namespace {

TEST(LineDiff, MarksRemovedAndAddedLines) {
    EXPECT_EQ(line_diff("a\nb\nc\n", "a\nx\nc\n"), "  a\n- b\n+ x\n  c\n");
    EXPECT_EQ(line_diff("", "new\n"), "+ new\n");
    EXPECT_EQ(line_diff("old\n", ""), "- old\n");
    EXPECT_EQ(line_diff("same\n", "same\n"), "  same\n");
}

TEST(LineDiff, KeepsTheLongestCommonRun) {
    EXPECT_EQ(line_diff("1\n2\n3\n4\n", "2\n3\n4\n5\n"), "- 1\n  2\n  3\n  4\n+ 5\n");
}

TEST(LineDiff, WithContextShowsOnlyTheChangedRegions) {
    EXPECT_EQ(line_diff("1\n2\n3\n4\n5\n6\n7\n", "1\n2\n3\nX\n5\n6\n7\n", 1),
              "  …\n  3\n- 4\n+ X\n  5\n  …\n");
    EXPECT_EQ(line_diff("a\n", "a\n", 2), "  …\n");
}

}  // namespace
}  // namespace spicedesk
