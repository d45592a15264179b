// Canvas draws on a 1024x768 xRGB surface. Where a bare pixman call does the same pixels
// (solid fill, plain copy, scaled copy, scroll), it runs in the same binary on the same input
// as the reference, and the ratio ours/pixman is printed at the end.

#include <benchmark/benchmark.h>
#include <pixman.h>
#include <spice/enums.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "spice-core/canvas/canvas.hpp"

namespace {

using namespace spicedesk::core::canvas;

constexpr int kW = 1024;
constexpr int kH = 768;

Canvas primary() {
    auto canvas = Canvas::create(SPICE_SURFACE_FMT_32_xRGB, kW, kH);
    return std::move(*canvas);
}

Image picture(int w, int h) {
    auto image = create_image(PIXMAN_x8r8g8b8, w, h);
    auto* p = reinterpret_cast<uint32_t*>(image->data());
    for (int i = 0; i < w * h; ++i) {
        p[i] = static_cast<uint32_t>(i * 2654435761U) & 0x00ffffffU;
    }
    return *image;
}

void record(benchmark::State& state) {
    state.SetItemsProcessed(state.iterations());
    state.counters["px/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * kW * kH,
                                                benchmark::Counter::kIsRate);
}

const Rect kScreen{0, 0, kW, kH};

void BM_FillSolid(benchmark::State& state) {
    Canvas canvas = primary();
    Fill fill;
    fill.brush = Brush::solid(0x00336699);
    for (auto _ : state) {
        benchmark::DoNotOptimize(canvas.draw_fill(kScreen, Clip::none(), fill).ok());
    }
    record(state);
}

void BM_PixmanFill(benchmark::State& state) {
    Canvas canvas = primary();
    for (auto _ : state) {
        pixman_fill(reinterpret_cast<uint32_t*>(canvas.surface().data()),
                    canvas.surface().stride() / 4, 32, 0, 0, kW, kH, 0x00336699);
        benchmark::ClobberMemory();
    }
    record(state);
}

void BM_FillXor(benchmark::State& state) {
    Canvas canvas = primary();
    Fill fill;
    fill.brush = Brush::solid(0x00336699);
    fill.rop_descriptor = SPICE_ROPD_OP_XOR;
    for (auto _ : state) {
        benchmark::DoNotOptimize(canvas.draw_fill(kScreen, Clip::none(), fill).ok());
    }
    record(state);
}

void BM_CopyFullScreen(benchmark::State& state) {
    Canvas canvas = primary();
    Copy copy;
    copy.src = picture(kW, kH);
    copy.src_area = kScreen;
    for (auto _ : state) {
        benchmark::DoNotOptimize(canvas.draw_copy(kScreen, Clip::none(), copy).ok());
    }
    record(state);
}

void BM_PixmanCopy(benchmark::State& state) {
    Canvas canvas = primary();
    Image src = picture(kW, kH);
    for (auto _ : state) {
        pixman_image_composite32(PIXMAN_OP_SRC, src.get(), nullptr, canvas.surface().get(), 0, 0, 0,
                                 0, 0, 0, kW, kH);
        benchmark::ClobberMemory();
    }
    record(state);
}

void BM_CopyScaled(benchmark::State& state) {
    Canvas canvas = primary();
    Copy copy;
    copy.src = picture(kW / 2, kH / 2);
    copy.src_area = Rect{0, 0, kW / 2, kH / 2};
    copy.scale_mode = static_cast<ScaleMode>(state.range(0));
    for (auto _ : state) {
        benchmark::DoNotOptimize(canvas.draw_copy(kScreen, Clip::none(), copy).ok());
    }
    record(state);
}

void BM_CopyBitsScroll(benchmark::State& state) {
    Canvas canvas = primary();
    for (auto _ : state) {
        benchmark::DoNotOptimize(
            canvas.copy_bits(Rect{0, 0, kW, kH - 16}, Clip::none(), Point{0, 16}).ok());
    }
    record(state);
}

void BM_PixmanScroll(benchmark::State& state) {
    Canvas canvas = primary();
    auto* bits = reinterpret_cast<uint32_t*>(canvas.surface().data());
    const int stride = canvas.surface().stride() / 4;
    for (auto _ : state) {
        pixman_blt(bits, bits, stride, stride, 32, 32, 0, 16, 0, 0, kW, kH - 16);
        benchmark::ClobberMemory();
    }
    record(state);
}

void BM_Rop3(benchmark::State& state) {
    Canvas canvas = primary();
    Rop3 op;
    op.src = picture(kW, kH);
    op.src_area = kScreen;
    op.brush = Brush::solid(0x00ff00ff);
    op.rop3 = 0xb8;
    for (auto _ : state) {
        benchmark::DoNotOptimize(canvas.draw_rop3(kScreen, Clip::none(), op).ok());
    }
    record(state);
}

void BM_TextScreen(benchmark::State& state) {
    // A full 128x48 screen of 8x16 A1 glyphs.
    Canvas canvas = primary();
    Text text;
    text.str.flags = SPICE_STRING_FLAGS_RASTER_A1;
    for (int row = 0; row < kH / 16; ++row) {
        for (int col = 0; col < kW / 8; ++col) {
            RasterGlyph g;
            g.render_pos = Point{col * 8, row * 16};
            g.width = 8;
            g.height = 16;
            g.data.assign(16, static_cast<uint8_t>(0x3c + col));
            text.str.glyphs.push_back(std::move(g));
        }
    }
    text.fore_brush = Brush::solid(0x00c0c0c0);
    text.back_area = kScreen;
    text.back_brush = Brush::solid(0);
    for (auto _ : state) {
        benchmark::DoNotOptimize(canvas.draw_text(kScreen, Clip::none(), text).ok());
    }
    record(state);
}

void BM_AlphaBlend(benchmark::State& state) {
    Canvas canvas = primary();
    AlphaBlend op;
    op.alpha = 0x80;
    op.src = picture(kW, kH);
    op.src_area = kScreen;
    for (auto _ : state) {
        benchmark::DoNotOptimize(canvas.draw_alpha_blend(kScreen, Clip::none(), op).ok());
    }
    record(state);
}

BENCHMARK(BM_FillSolid)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PixmanFill)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FillXor)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CopyFullScreen)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PixmanCopy)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CopyScaled)
    ->Arg(SPICE_IMAGE_SCALE_MODE_NEAREST)
    ->Arg(SPICE_IMAGE_SCALE_MODE_INTERPOLATE)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CopyBitsScroll)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PixmanScroll)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Rop3)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TextScreen)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AlphaBlend)->Unit(benchmark::kMicrosecond);

// Collects each benchmark's real time per iteration to print the ratios at the end.
class RatioReporter : public benchmark::ConsoleReporter {
  public:
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const Run& run : runs) {
            times_[run.benchmark_name()] = run.GetAdjustedRealTime();
        }
        ConsoleReporter::ReportRuns(runs);
    }
    void Finalize() override {
        ConsoleReporter::Finalize();
        const std::pair<const char*, const char*> pairs[] = {
            {"BM_FillSolid", "BM_PixmanFill"},
            {"BM_CopyFullScreen", "BM_PixmanCopy"},
            {"BM_CopyBitsScroll", "BM_PixmanScroll"},
        };
        for (const auto& [ours, reference] : pairs) {
            if (times_.count(ours) != 0 && times_.count(reference) != 0 && times_[reference] > 0) {
                std::printf("ratio ours/reference %s / %s (pixman): %.2f\n", ours, reference,
                            times_[ours] / times_[reference]);
            }
        }
    }

  private:
    std::map<std::string, double> times_;
};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
