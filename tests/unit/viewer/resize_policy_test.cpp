// "Resize guest to window" (admin-gui/viewer/resize_policy): asked at once when switched on or
// when the agent (re)connects, debounced while views change, never while off or without an
// agent, never twice for the same sizes.

#include "admin-gui/viewer/resize_policy.hpp"

#include <gtest/gtest.h>

namespace spicedesk::gui {
namespace {

using Action = ResizePolicy::Action;

TEST(ResizePolicy, NothingWhileOffOrWithoutAgent) {
    ResizePolicy p;
    EXPECT_EQ(p.set_view_size(0, 800, 600), Action::kNone);
    EXPECT_EQ(p.set_available(true), Action::kNone);  // off
    EXPECT_EQ(p.set_view_size(0, 900, 600), Action::kNone);
    EXPECT_FALSE(p.pending());
    ResizePolicy q;
    EXPECT_EQ(q.set_enabled(true), Action::kNone);  // no agent
    EXPECT_EQ(q.set_view_size(0, 800, 600), Action::kNone);
    EXPECT_FALSE(q.pending());
}

TEST(ResizePolicy, SwitchedOnAsksAtOnceThenDebounces) {
    ResizePolicy p;
    p.set_available(true);
    p.set_view_size(0, 800, 600);
    EXPECT_EQ(p.set_enabled(true), Action::kSendNow);
    ASSERT_TRUE(p.pending());
    EXPECT_EQ(p.request(), (std::vector<GuestSize>{{800, 600}}));
    p.sent();
    EXPECT_FALSE(p.pending());
    EXPECT_EQ(p.set_view_size(0, 800, 600), Action::kNone);  // same size: nothing
    EXPECT_EQ(p.set_view_size(0, 1000, 700), Action::kSendLater);
    EXPECT_EQ(p.set_view_size(0, 800, 600), Action::kNone);  // back to what was sent
    EXPECT_FALSE(p.pending());
    EXPECT_EQ(p.set_view_size(0, 1024, 768), Action::kSendLater);
    EXPECT_EQ(p.request(), (std::vector<GuestSize>{{1024, 768}}));
}

TEST(ResizePolicy, AgentReconnectAsksAgain) {
    ResizePolicy p;
    p.set_enabled(true);
    p.set_view_size(0, 800, 600);
    EXPECT_EQ(p.set_available(true), Action::kSendNow);
    p.sent();
    EXPECT_EQ(p.set_available(true), Action::kNone);  // no change
    p.set_available(false);
    EXPECT_FALSE(p.pending());
    EXPECT_EQ(p.set_available(true), Action::kSendNow);
    EXPECT_TRUE(p.pending());
}

TEST(ResizePolicy, SwitchingOffAndOnAsksAgain) {
    ResizePolicy p;
    p.set_available(true);
    p.set_view_size(0, 640, 480);
    p.set_enabled(true);
    p.sent();
    EXPECT_EQ(p.set_enabled(false), Action::kNone);
    EXPECT_FALSE(p.pending());
    EXPECT_EQ(p.set_enabled(true), Action::kSendNow);
    EXPECT_TRUE(p.pending());
}

TEST(ResizePolicy, HeadsInOrderUpToTheFirstUnusable) {
    ResizePolicy p;
    p.set_available(true);
    p.set_enabled(true);
    EXPECT_FALSE(p.pending());                               // no size yet
    EXPECT_EQ(p.set_view_size(1, 640, 480), Action::kNone);  // monitor 0 unknown
    EXPECT_EQ(p.set_view_size(0, 800, 600), Action::kSendLater);
    EXPECT_EQ(p.request(), (std::vector<GuestSize>{{800, 600}, {640, 480}}));
    p.set_view_size(0, 10, 600);  // too small (a window being mapped)
    EXPECT_TRUE(p.request().empty());
    EXPECT_FALSE(p.pending());
}

}  // namespace
}  // namespace spicedesk::gui
