// Server CPU time and bytes on the wire per frame for the test server's source at
// 1920x1080, raw bitmaps against LZ4: what the display channel does per frame (encode
// every draw command of a frame into framed messages), and a full refresh (one whole-surface
// DRAW_COPY, what a new or lagging client gets). The source's own drawing is done before
// timing; only the server's work is measured. Counters: bytes_per_frame, messages_per_frame.

#include <benchmark/benchmark.h>

#include <vector>

#include "spice-core/protocol/framing.hpp"
#include "spice-core/server/display_encoder.hpp"
#include "spice-core/tools/test_source.hpp"

using namespace spicedesk::core;

namespace {

constexpr uint32_t kWidth = 1920;
constexpr uint32_t kHeight = 1080;
constexpr int kFrames = 120;

struct Recorder : DisplaySink {
    std::vector<std::vector<DisplayUpdate>> frames{1};
    void on_display_update(DisplayUpdate u) override { frames.back().push_back(std::move(u)); }
};

// kFrames frames of the animation's draw commands, recorded once.
const std::vector<std::vector<DisplayUpdate>>& recorded_frames() {
    static const auto frames = [] {
        TestSource source(TestSourceOptions{kWidth, kHeight, 1, 30, 0, 0});
        Recorder rec;
        source.subscribe(&rec);
        for (int i = 0; i < kFrames; ++i) {
            source.step();
            rec.frames.emplace_back();
        }
        source.unsubscribe(&rec);
        rec.frames.pop_back();
        return rec.frames;
    }();
    return frames;
}

void BM_AnimationFrame(benchmark::State& state, ImageCodec codec) {
    const auto& frames = recorded_frames();
    DisplayEncoder encoder;
    encoder.set_codec(codec);
    Framing framing(true);
    size_t bytes = 0;
    size_t messages = 0;
    size_t n = 0;
    std::vector<uint8_t> wire;
    for (auto _ : state) {
        wire.clear();
        for (const auto& update : frames[n % frames.size()]) {
            OutMessage msg = encoder.encode(update.event);
            framing.append(wire, msg.type, msg.body);
            ++messages;
        }
        bytes += wire.size();
        benchmark::DoNotOptimize(wire.data());
        ++n;
    }
    state.counters["bytes_per_frame"] = static_cast<double>(bytes) / static_cast<double>(n);
    state.counters["messages_per_frame"] = static_cast<double>(messages) / static_cast<double>(n);
}

void BM_FullRefresh(benchmark::State& state, ImageCodec codec) {
    TestSource source(TestSourceOptions{kWidth, kHeight, 1, 30, 0, 0});
    for (int i = 0; i < 30; ++i) {
        source.step();
    }
    auto area = source.update_area(0, WireRect{0, 0, kWidth, kHeight});
    DisplayEncoder encoder;
    encoder.set_codec(codec);
    Framing framing(true);
    size_t bytes = 0;
    size_t n = 0;
    std::vector<uint8_t> wire;
    for (auto _ : state) {
        wire.clear();
        OutMessage msg = encoder.full_image(0, *area);
        framing.append(wire, msg.type, msg.body);
        bytes += wire.size();
        benchmark::DoNotOptimize(wire.data());
        ++n;
    }
    state.counters["bytes_per_frame"] = static_cast<double>(bytes) / static_cast<double>(n);
    state.counters["raw_frame_bytes"] = static_cast<double>(kWidth) * kHeight * 4;
}

}  // namespace

BENCHMARK_CAPTURE(BM_AnimationFrame, raw_1920x1080, ImageCodec::kRaw);
BENCHMARK_CAPTURE(BM_AnimationFrame, lz4_1920x1080, ImageCodec::kLz4);
BENCHMARK_CAPTURE(BM_FullRefresh, raw_1920x1080, ImageCodec::kRaw)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_FullRefresh, lz4_1920x1080, ImageCodec::kLz4)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
