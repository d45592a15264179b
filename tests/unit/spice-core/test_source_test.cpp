// The test server's source is deterministic and its update_area agrees with the events it
// emits; the display encoder picks codecs as documented.

#include "spice-core/tools/test_source.hpp"

#include <gtest/gtest.h>

#include "spice-core/server/display_encoder.hpp"

namespace spicedesk::core {
namespace {

struct Collect : DisplaySink {
    std::vector<DisplayUpdate> updates;
    void on_display_update(DisplayUpdate u) override { updates.push_back(std::move(u)); }
};

TEST(TestSource, DeterministicFrames) {
    TestSource a(TestSourceOptions{320, 240, 1, 30, 0, 0});
    TestSource b(TestSourceOptions{320, 240, 1, 30, 0, 0});
    for (int i = 0; i < 25; ++i) {
        a.step();
        b.step();
    }
    EXPECT_EQ(a.framebuffer(), b.framebuffer());
    TestSource c(TestSourceOptions{320, 240, 1, 30, 0, 1});
    c.step();
    EXPECT_NE(a.framebuffer(), c.framebuffer());
}

TEST(TestSource, EventsAreSequencedAndUpdateAreaMatches) {
    TestSource src(TestSourceOptions{256, 200, 2, 30, 0, 0});
    Collect sink;
    src.subscribe(&sink);
    for (int i = 0; i < 10; ++i) {
        src.step();
    }
    src.unsubscribe(&sink);
    ASSERT_FALSE(sink.updates.empty());
    for (size_t i = 1; i < sink.updates.size(); ++i) {
        EXPECT_EQ(sink.updates[i].seq, sink.updates[i - 1].seq + 1);
    }
    bool has_copy_bits = false;
    for (const auto& u : sink.updates) {
        has_copy_bits = has_copy_bits || std::holds_alternative<CopyBitsEvent>(u.event);
    }
    EXPECT_TRUE(has_copy_bits);  // frame 10 scrolls
    auto area = src.update_area(0, WireRect{0, 0, 256, 200});
    ASSERT_TRUE(area.ok());
    EXPECT_EQ(area->seq, sink.updates.back().seq);
    EXPECT_EQ(area->pixels, src.framebuffer());
    auto snap = src.snapshot();
    ASSERT_EQ(snap.heads.size(), 2U);
    EXPECT_EQ(snap.heads[0].width + snap.heads[1].width, 256U);
    EXPECT_EQ(snap.heads[1].x, 128U);
    EXPECT_FALSE(src.update_area(0, WireRect{0, 0, 257, 200}).ok());
    EXPECT_FALSE(src.update_area(1, WireRect{0, 0, 1, 1}).ok());
}

TEST(DisplayEncoder, ChoosesCodec) {
    EXPECT_EQ(choose_codec(SPICE_IMAGE_COMPRESSION_AUTO_LZ, std::nullopt, true), ImageCodec::kLz4);
    EXPECT_EQ(choose_codec(SPICE_IMAGE_COMPRESSION_AUTO_LZ, std::nullopt, false), ImageCodec::kRaw);
    EXPECT_EQ(choose_codec(SPICE_IMAGE_COMPRESSION_OFF, std::nullopt, true), ImageCodec::kRaw);
    EXPECT_EQ(choose_codec(SPICE_IMAGE_COMPRESSION_OFF, SPICE_IMAGE_COMPRESSION_LZ4, true),
              ImageCodec::kLz4);
    EXPECT_EQ(choose_codec(SPICE_IMAGE_COMPRESSION_LZ4, SPICE_IMAGE_COMPRESSION_OFF, true),
              ImageCodec::kRaw);
}

TEST(DisplayEncoder, CountsImagesByCodec) {
    ServerStats stats;
    DisplayEncoder enc(&stats);
    AreaPixels area{1, 4, 4, std::vector<uint32_t>(16, 0x123456)};
    enc.set_codec(ImageCodec::kLz4);
    auto lz4 = enc.full_image(0, area);
    enc.set_codec(ImageCodec::kRaw);
    auto raw = enc.full_image(0, area);
    EXPECT_EQ(stats.images_lz4.load(), 1U);
    EXPECT_EQ(stats.images_bitmap.load(), 1U);
    EXPECT_EQ(stats.full_refreshes.load(), 2U);
    EXPECT_EQ(lz4.type, SPICE_MSG_DISPLAY_DRAW_COPY);
    EXPECT_GT(raw.body.size(), 64U);
}

}  // namespace
}  // namespace spicedesk::core
