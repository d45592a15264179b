#include "admin-gui/viewer/scaling.hpp"

#include <gtest/gtest.h>

using namespace spicedesk::gui;

TEST(Scaling, FitKeepsTheAspectAndCentres) {
    // 800×600 into 1000×500: height limits, scale 500/600, centred horizontally.
    const Placement p = place_head(1000, 500, 800, 600, true);
    EXPECT_DOUBLE_EQ(p.scale, 500.0 / 600.0);
    EXPECT_DOUBLE_EQ(p.offset_y, 0.0);
    EXPECT_NEAR(p.offset_x, (1000 - 800 * 500.0 / 600.0) / 2, 1e-9);
}

TEST(Scaling, FitScalesUp) {
    const Placement p = place_head(1600, 1200, 800, 600, true);
    EXPECT_DOUBLE_EQ(p.scale, 2.0);
    EXPECT_DOUBLE_EQ(p.offset_x, 0.0);
    EXPECT_DOUBLE_EQ(p.offset_y, 0.0);
}

TEST(Scaling, OneToOneCentresOnWholePixels) {
    const Placement p = place_head(1025, 700, 800, 600, false);
    EXPECT_DOUBLE_EQ(p.scale, 1.0);
    EXPECT_DOUBLE_EQ(p.offset_x, 112.0);  // floor(225 / 2)
    EXPECT_DOUBLE_EQ(p.offset_y, 50.0);
    // A widget smaller than the head: the head starts at the corner.
    const Placement small = place_head(400, 300, 800, 600, false);
    EXPECT_DOUBLE_EQ(small.offset_x, 0.0);
    EXPECT_DOUBLE_EQ(small.offset_y, 0.0);
}

TEST(Scaling, WidgetToHead) {
    const Placement p = place_head(1600, 1300, 800, 600, true);  // scale 2, offset_y 50
    ASSERT_DOUBLE_EQ(p.offset_y, 50.0);
    auto g = widget_to_head(p, 0, 50, 800, 600);
    ASSERT_TRUE(g);
    EXPECT_EQ(g->x, 0);
    EXPECT_EQ(g->y, 0);
    g = widget_to_head(p, 1599.9, 1249.9, 800, 600);
    ASSERT_TRUE(g);
    EXPECT_EQ(g->x, 799);
    EXPECT_EQ(g->y, 599);
    EXPECT_FALSE(widget_to_head(p, 10, 49, 800, 600));    // the bar above
    EXPECT_FALSE(widget_to_head(p, 10, 1250, 800, 600));  // the bar below
    const GuestPoint c = widget_to_head_clamped(p, -5, 2000, 800, 600);
    EXPECT_EQ(c.x, 0);
    EXPECT_EQ(c.y, 599);
}

TEST(Scaling, DegenerateSizes) {
    const Placement p = place_head(0, 0, 800, 600, true);
    EXPECT_DOUBLE_EQ(p.scale, 1.0);
    EXPECT_FALSE(widget_to_head(p, 5, 5, 0, 0));
}
