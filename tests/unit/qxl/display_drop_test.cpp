// drop_hidden_draws (display_channel.hpp): which pending draws a later opaque draw hides, and
// where the walk back through the pending updates must stop.

#include <gtest/gtest.h>

#include <deque>
#include <memory>

#include "spice-core/server/display_channel.hpp"

namespace spicedesk::core {
namespace {

FillEvent fill(uint32_t surface, WireRect box, std::vector<WireRect> clip = {},
               uint16_t rop = SPICE_ROPD_OP_PUT) {
    return FillEvent{surface, box, 0x123456, std::move(clip), rop};
}

CopyEvent copy(uint32_t surface, WireRect box) {
    const auto n = static_cast<size_t>(box.width()) * static_cast<size_t>(box.height());
    return CopyEvent{surface, box, std::make_shared<std::vector<uint32_t>>(n, 0xff), {}};
}

std::deque<DisplayUpdate> queue(std::vector<DisplayEvent> events) {
    std::deque<DisplayUpdate> q;
    uint64_t seq = 0;
    for (auto& e : events) {
        q.push_back(DisplayUpdate{++seq, std::move(e)});
    }
    return q;
}

TEST(DisplayDropHidden, AnOpaqueFillHidesEarlierDrawsInsideIt) {
    auto q =
        queue({fill(0, {10, 10, 20, 20}), copy(0, {0, 0, 50, 50}), fill(0, {90, 90, 120, 95})});
    EXPECT_EQ(drop_hidden_draws(q, fill(0, {0, 0, 100, 100})), 2u);
    ASSERT_EQ(q.size(), 1u);
    EXPECT_EQ(q.front().seq, 3u);  // sticks out of the new fill: kept
}

TEST(DisplayDropHidden, ABitmapCopyHidesToo) {
    auto q = queue({fill(0, {0, 0, 4, 4})});
    EXPECT_EQ(drop_hidden_draws(q, copy(0, {0, 0, 4, 4})), 1u);
    EXPECT_TRUE(q.empty());
}

TEST(DisplayDropHidden, OnlyTheSameSurface) {
    auto q = queue({fill(1, {0, 0, 4, 4})});
    EXPECT_EQ(drop_hidden_draws(q, fill(0, {0, 0, 100, 100})), 0u);
    EXPECT_EQ(q.size(), 1u);
}

TEST(DisplayDropHidden, AClippedCoverHidesWhatLiesInOneOfItsRects) {
    // The windows workload's erase: one fill over the old windows' bounds, clipped to them.
    auto q = queue({copy(0, {0, 0, 10, 10}), copy(0, {50, 50, 60, 60}), copy(0, {5, 5, 55, 55})});
    const auto cover = fill(0, {0, 0, 60, 60}, {{0, 0, 10, 10}, {50, 50, 60, 60}});
    EXPECT_EQ(drop_hidden_draws(q, cover), 2u);
    ASSERT_EQ(q.size(), 1u);
    EXPECT_EQ(q.front().seq, 3u);
}

TEST(DisplayDropHidden, AClippedDrawIsJudgedByItsClip) {
    // Box larger than the cover, but its clip keeps it inside.
    auto q = queue({fill(0, {0, 0, 100, 100}, {{2, 2, 8, 8}})});
    EXPECT_EQ(drop_hidden_draws(q, fill(0, {0, 0, 10, 10})), 1u);
}

TEST(DisplayDropHidden, WhatReadsTheSurfaceStopsTheWalk) {
    // COPY_BITS moves what came before it: the earlier fill is seen through it.
    auto q = queue({fill(0, {0, 0, 10, 10}), CopyBitsEvent{0, {0, 20, 10, 30}, 0, 0, {}},
                    fill(0, {1, 1, 2, 2})});
    EXPECT_EQ(drop_hidden_draws(q, fill(0, {0, 0, 10, 10})), 1u);
    ASSERT_EQ(q.size(), 2u);
    EXPECT_EQ(q.front().seq, 1u);

    // A fill with another ROP combines with what is under it.
    q = queue({fill(0, {0, 0, 10, 10}), fill(0, {0, 0, 10, 10}, {}, SPICE_ROPD_OP_XOR)});
    EXPECT_EQ(drop_hidden_draws(q, fill(0, {0, 0, 10, 10})), 0u);

    // A recreated surface starts afresh.
    q = queue({fill(0, {0, 0, 10, 10}), SurfaceCreateEvent{SurfaceDesc{0, 64, 64}}});
    EXPECT_EQ(drop_hidden_draws(q, fill(0, {0, 0, 10, 10})), 0u);
    q = queue({fill(0, {0, 0, 10, 10}), SurfaceDestroyEvent{0}});
    EXPECT_EQ(drop_hidden_draws(q, fill(0, {0, 0, 10, 10})), 0u);
}

TEST(DisplayDropHidden, WhatDoesNotReplacePixelsHidesNothing) {
    auto q = queue({fill(0, {0, 0, 10, 10}), MonitorsEvent{}});
    EXPECT_EQ(drop_hidden_draws(q, fill(0, {0, 0, 10, 10}, {}, SPICE_ROPD_OP_XOR)), 0u);
    EXPECT_EQ(drop_hidden_draws(q, CopyBitsEvent{0, {0, 0, 10, 10}, 0, 0, {}}), 0u);
    // Monitors configs are no pixels: passed over, and kept.
    EXPECT_EQ(drop_hidden_draws(q, fill(0, {0, 0, 10, 10})), 1u);
    ASSERT_EQ(q.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<MonitorsEvent>(q.front().event));
}

}  // namespace
}  // namespace spicedesk::core
