#include "qxl/workloads/workloads.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

namespace spicedesk::qxl {

namespace {

QXLRect rect(int32_t left, int32_t top, int32_t right, int32_t bottom) {
    QXLRect r{};
    r.left = left;
    r.top = top;
    r.right = right;
    r.bottom = bottom;
    return r;
}

uint32_t hash32(uint32_t v) {
    v ^= v >> 16;
    v *= 0x7feb352dU;
    v ^= v >> 15;
    v *= 0x846ca68bU;
    v ^= v >> 16;
    return v;
}

// A photo-like picture: smooth gradients with soft blobs and a little grain, moving with t.
std::vector<uint32_t> photo(uint32_t w, uint32_t h, uint64_t t) {
    std::vector<uint32_t> px(static_cast<size_t>(w) * h);
    const double ft = static_cast<double>(t) * 0.08;
    for (uint32_t y = 0; y < h; ++y) {
        for (uint32_t x = 0; x < w; ++x) {
            const double fx = x / static_cast<double>(w);
            const double fy = y / static_cast<double>(h);
            const double a = std::sin(fx * 6.0 + ft) * 0.5 + 0.5;
            const double b = std::cos(fy * 5.0 - ft * 0.7) * 0.5 + 0.5;
            const double c = std::sin((fx + fy) * 4.0 + ft * 1.3) * 0.5 + 0.5;
            const uint32_t grain = hash32(x * 7919 + y * 104729 + static_cast<uint32_t>(t)) & 7;
            const auto r = static_cast<uint32_t>(a * 200 + 30) + grain;
            const auto g = static_cast<uint32_t>(b * 180 + 40) + grain;
            const auto bl = static_cast<uint32_t>(c * 150 + 60) + grain;
            px[static_cast<size_t>(y) * w + x] = (r << 16) | (g << 8) | bl;
        }
    }
    return px;
}

std::vector<uint32_t> pattern(uint32_t w, uint32_t h, uint32_t seed) {
    std::vector<uint32_t> px(static_cast<size_t>(w) * h);
    for (uint32_t y = 0; y < h; ++y) {
        for (uint32_t x = 0; x < w; ++x) {
            const uint32_t v = ((x / 8) ^ (y / 8) ^ seed) & 1 ? 0xe0e0e0 : 0xffffff;
            px[static_cast<size_t>(y) * w + x] =
                (x + y * 3 + seed * 37) % 97 == 0 ? (hash32(seed) & 0xffffff) : v;
        }
    }
    return px;
}

std::array<uint8_t, 16> glyph_rows(char c) {
    std::array<uint8_t, 16> rows{};
    if (c == ' ' || c < 0x21 || c > 0x7e) {
        return rows;
    }
    const auto code = static_cast<uint32_t>(static_cast<unsigned char>(c));
    for (uint32_t r = 2; r < 14; ++r) {
        uint32_t bits = hash32(code * 131 + r) & 0x7e;
        if (r == 2 || r == 13) {
            bits |= 0x3c;  // every glyph has a top and bottom bar: visibly a character
        }
        rows[r] = static_cast<uint8_t>(bits);
    }
    return rows;
}

constexpr uint32_t kBiosBlue = 0x0000aa;
constexpr uint32_t kBiosGrey = 0xaaaaaa;

void draw_line(Driver& d, int32_t x, int32_t y, std::string_view text, uint32_t fore, uint32_t back,
               int32_t width_cells) {
    auto glyphs = glyphs_for(text, x, y);
    const QXLRect back_area = rect(x, y, x + width_cells * kCellWidth, y + kCellHeight);
    d.text(0, back_area, glyphs, fore, back_area, back);
}

// BIOS-style text screen (80x25 cells per head), still after the first frame.
class TextWorkload final : public Workload {
  public:
    explicit TextWorkload(Screen s) : s_(s) {}
    void setup(Driver& d) override {
        d.fill(0, rect(0, 0, static_cast<int32_t>(s_.width()), static_cast<int32_t>(s_.height())),
               0);
        for (uint32_t head = 0; head < s_.heads; ++head) {
            const auto x0 = static_cast<int32_t>(head * s_.head_width);
            d.fill(0, rect(x0, 0, x0 + 80 * kCellWidth, 25 * kCellHeight), kBiosBlue);
            for (int row = 0; row < 25; ++row) {
                std::string line = "SpiceDesk BIOS v0.1  head " + std::to_string(head) + "  line " +
                                   std::to_string(row) + "  ";
                for (int i = 0; static_cast<int>(line.size()) < 78; ++i) {
                    line.push_back(static_cast<char>('A' + (row * 7 + i) % 26));
                }
                draw_line(d, x0 + kCellWidth, row * kCellHeight, line,
                          row == 0 ? 0xffffff : kBiosGrey, kBiosBlue, 78);
            }
        }
    }
    bool frame(Driver&, uint64_t) override { return false; }

  private:
    Screen s_;
};

// Moving, overlapping windows on a desktop.
class WindowsWorkload final : public Workload {
  public:
    WindowsWorkload(Screen s, uint64_t frames) : s_(s), frames_(frames == 0 ? 100 : frames) {
        for (uint32_t i = 0; i < 3; ++i) {
            content_.push_back(pattern(kW, kH - kTitle, i + 1));
        }
    }
    void setup(Driver& d) override {
        d.fill(0, rect(0, 0, static_cast<int32_t>(s_.width()), static_cast<int32_t>(s_.height())),
               kDesk);
        draw_all(d, 0);
    }
    bool frame(Driver& d, uint64_t n) override {
        if (n > frames_) {
            return false;
        }
        // Clear where the windows were (clipped to the old rects), then draw them anew.
        std::vector<QXLRect> old;
        for (uint32_t i = 0; i < 3; ++i) {
            old.push_back(place(i, n - 1));
        }
        d.fill(0, bounds(old), kDesk, old);
        draw_all(d, n);
        return n < frames_;
    }

  private:
    static constexpr uint32_t kW = 300;
    static constexpr uint32_t kH = 220;
    static constexpr uint32_t kTitle = 20;
    static constexpr uint32_t kDesk = 0x3a6ea5;

    QXLRect place(uint32_t i, uint64_t n) const {
        const auto w = static_cast<int64_t>(s_.width() - kW);
        const auto h = static_cast<int64_t>(s_.height() - kH);
        const auto t = static_cast<int64_t>(n);
        const int64_t x = (40 + i * 170 + t * (5 + i * 3)) % (2 * w);
        const int64_t y = (30 + i * 110 + t * (3 + i * 2)) % (2 * h);
        const auto fx = static_cast<int32_t>(x < w ? x : 2 * w - x);
        const auto fy = static_cast<int32_t>(y < h ? y : 2 * h - y);
        return rect(fx, fy, fx + static_cast<int32_t>(kW), fy + static_cast<int32_t>(kH));
    }
    static QXLRect bounds(const std::vector<QXLRect>& rs) {
        QXLRect b = rs.front();
        for (const auto& r : rs) {
            b.left = std::min(b.left, r.left);
            b.top = std::min(b.top, r.top);
            b.right = std::max(b.right, r.right);
            b.bottom = std::max(b.bottom, r.bottom);
        }
        return b;
    }
    void draw_all(Driver& d, uint64_t n) {
        for (uint32_t i = 0; i < 3; ++i) {
            const QXLRect r = place(i, n);
            d.fill(0, rect(r.left, r.top, r.right, r.top + static_cast<int32_t>(kTitle)),
                   i == 2 ? 0x000080 : 0x808080);
            const uint64_t img = d.image(content_[i], kW, kH - kTitle, i == 1);
            d.copy(0, rect(r.left, r.top + static_cast<int32_t>(kTitle), r.right, r.bottom), img,
                   rect(0, 0, kW, kH - kTitle));
            draw_line(d, r.left + 4, r.top + 2, "Window " + std::to_string(i), 0xffffff,
                      i == 2 ? 0x000080 : 0x808080, 10);
        }
    }

    Screen s_;
    uint64_t frames_;
    std::vector<std::vector<uint32_t>> content_;
};

// A terminal printing one line per frame and scrolling.
class TerminalWorkload final : public Workload {
  public:
    TerminalWorkload(Screen s, uint64_t frames, bool drm)
        : s_(s),
          frames_(frames == 0 ? 60 : frames),
          drm_(drm),
          rows_(static_cast<int32_t>(s.height()) / kCellHeight),
          cols_(static_cast<int32_t>(s.width()) / kCellWidth) {}
    void setup(Driver& d) override {
        fb_.assign(static_cast<size_t>(s_.width()) * s_.height(), 0);
        d.fill(0, rect(0, 0, static_cast<int32_t>(s_.width()), static_cast<int32_t>(s_.height())),
               0);
    }
    bool frame(Driver& d, uint64_t n) override {
        if (n > frames_) {
            return false;
        }
        std::string line = "$ line " + std::to_string(n) + ": ";
        for (uint64_t i = 0; line.size() < static_cast<size_t>(std::min(cols_, 100)); ++i) {
            line.push_back(static_cast<char>('a' + (n * 3 + i) % 26));
        }
        const int32_t row = static_cast<int32_t>(std::min<uint64_t>(n - 1, rows_ - 1));
        const bool scroll = n > static_cast<uint64_t>(rows_);
        const auto w = static_cast<int32_t>(s_.width());
        const auto h = static_cast<int32_t>(s_.height());
        const int32_t y = row * kCellHeight;
        if (drm_) {
            // As the qxl DRM console: render into the guest framebuffer, send the whole screen.
            if (scroll) {
                std::copy(
                    fb_.begin() + static_cast<ptrdiff_t>(s_.width()) * kCellHeight,
                    fb_.end() - static_cast<ptrdiff_t>(s_.width()) * (h - rows_ * kCellHeight),
                    fb_.begin());
            }
            render_line(line, y);
            const uint64_t img = d.image(fb_, s_.width(), s_.height());
            d.copy(0, rect(0, 0, w, h), img, rect(0, 0, w, h));
        } else {
            if (scroll) {
                d.copy_bits(0, rect(0, 0, w, (rows_ - 1) * kCellHeight), 0, kCellHeight);
                d.fill(0, rect(0, y, w, y + kCellHeight), 0);
            }
            draw_line(d, 0, y, line, kBiosGrey, 0, static_cast<int32_t>(line.size()));
        }
        return n < frames_;
    }

  private:
    void render_line(std::string_view text, int32_t y) {
        const uint32_t w = s_.width();
        for (int32_t yy = y; yy < y + kCellHeight; ++yy) {
            std::fill_n(fb_.begin() + static_cast<ptrdiff_t>(yy) * w, w, 0U);
        }
        for (size_t i = 0; i < text.size(); ++i) {
            auto rows = glyph_rows(text[i]);
            for (int32_t r = 0; r < kCellHeight; ++r) {
                for (int32_t b = 0; b < 8; ++b) {
                    if ((rows[static_cast<size_t>(r)] >> (7 - b)) & 1) {
                        fb_[static_cast<size_t>(y + r) * w + i * kCellWidth +
                            static_cast<size_t>(b)] = kBiosGrey;
                    }
                }
            }
        }
    }

    Screen s_;
    uint64_t frames_;
    bool drm_;
    int32_t rows_;
    int32_t cols_;
    std::vector<uint32_t> fb_;
};

// A photo-like region rewritten every frame (what a video player does).
class VideoWorkload final : public Workload {
  public:
    VideoWorkload(Screen s, uint64_t frames) : s_(s), frames_(frames) {}
    void setup(Driver& d) override {
        d.fill(0, rect(0, 0, static_cast<int32_t>(s_.width()), static_cast<int32_t>(s_.height())),
               0x202020);
        draw_line(d, 32, 32, "video workload", 0xffffff, 0x202020, 20);
    }
    bool frame(Driver& d, uint64_t n) override {
        if (frames_ != 0 && n > frames_) {
            return false;
        }
        const uint64_t img = d.image(photo(kW, kH, n), kW, kH);
        d.copy(0, rect(kX, kY, kX + kW, kY + kH), img, rect(0, 0, kW, kH));
        return frames_ == 0 || n < frames_;
    }
    double fps() const override { return 30; }

  private:
    static constexpr int32_t kX = 160;
    static constexpr int32_t kY = 120;
    static constexpr int32_t kW = 480;
    static constexpr int32_t kH = 320;
    Screen s_;
    uint64_t frames_;
};

GuestCursor arrow_cursor() {
    GuestCursor c;
    c.type = SPICE_CURSOR_TYPE_ALPHA;
    c.width = 16;
    c.height = 16;
    c.unique = 1;
    c.data.resize(16 * 16 * 4);
    for (uint32_t y = 0; y < 16; ++y) {
        for (uint32_t x = 0; x < 16; ++x) {
            const uint32_t argb =
                x <= y ? (x == 0 || x == y || y == 15 ? 0xff000000U : 0xffffffffU) : 0U;
            for (uint32_t i = 0; i < 4; ++i) {
                c.data[(y * 16 + x) * 4 + i] = static_cast<uint8_t>(argb >> (8 * i));
            }
        }
    }
    return c;
}

GuestCursor cross_cursor() {
    GuestCursor c;
    c.type = SPICE_CURSOR_TYPE_MONO;
    c.width = 16;
    c.height = 16;
    c.hot_x = 8;
    c.hot_y = 8;
    c.unique = 2;
    c.data.assign(2 * 2 * 16, 0);
    for (uint32_t y = 0; y < 16; ++y) {
        c.data[y * 2] = 0xff;  // AND mask: keep the screen...
        c.data[y * 2 + 1] = 0xff;
    }
    for (uint32_t y = 0; y < 16; ++y) {
        for (uint32_t x = 0; x < 16; ++x) {
            if (x == 8 || y == 8) {
                c.data[y * 2 + x / 8] &= static_cast<uint8_t>(~(0x80U >> (x % 8)));
                c.data[32 + y * 2 + x / 8] |= static_cast<uint8_t>(0x80U >> (x % 8));
            }
        }
    }
    return c;
}

// Cursor shapes and movement over a still desktop.
class CursorWorkload final : public Workload {
  public:
    CursorWorkload(Screen s, uint64_t frames) : s_(s), frames_(frames == 0 ? 100 : frames) {}
    void setup(Driver& d) override {
        d.fill(0, rect(0, 0, static_cast<int32_t>(s_.width()), static_cast<int32_t>(s_.height())),
               0x556b2f);
        draw_line(d, 32, 32, "cursor workload", 0xffffff, 0x556b2f, 20);
        d.cursor_set(100, 100, arrow_cursor());
    }
    bool frame(Driver& d, uint64_t n) override {
        if (n > frames_) {
            return false;
        }
        const double a = static_cast<double>(n) * 0.15;
        const auto x = static_cast<int16_t>(s_.width() / 2 + std::cos(a) * 200);
        const auto y = static_cast<int16_t>(s_.height() / 2 + std::sin(a) * 150);
        if (n % 40 == 20) {
            d.cursor_set(x, y, cross_cursor());
        } else if (n % 40 == 0) {
            d.cursor_set(x, y, arrow_cursor());
        } else if (n % 50 == 25) {
            d.cursor_hide();
        } else {
            d.cursor_move(x, y);
        }
        return n < frames_;
    }

  private:
    Screen s_;
    uint64_t frames_;
};

// One picture per head, each labelled with its number.
class HeadsWorkload final : public Workload {
  public:
    explicit HeadsWorkload(Screen s) : s_(s) {}
    void setup(Driver& d) override {
        static constexpr std::array<uint32_t, 4> kColors{0x8b0000, 0x006400, 0x00008b, 0x8b8b00};
        for (uint32_t head = 0; head < s_.heads; ++head) {
            const auto x0 = static_cast<int32_t>(head * s_.head_width);
            const auto x1 = x0 + static_cast<int32_t>(s_.head_width);
            d.fill(0, rect(x0, 0, x1, static_cast<int32_t>(s_.height())), kColors[head % 4]);
            d.fill(0, rect(x0 + 100, 100, x1 - 100, 300), 0xffffff);
            draw_line(d, x0 + 120, 120, "head " + std::to_string(head), 0, 0xffffff, 10);
        }
    }
    bool frame(Driver&, uint64_t) override { return false; }

  private:
    Screen s_;
};

// A prompt that echoes the keys typed on the client.
class EchoWorkload final : public Workload {
  public:
    explicit EchoWorkload(Screen s) : s_(s), cols_(static_cast<int32_t>(s.width()) / kCellWidth) {}
    void setup(Driver& d) override {
        d.fill(0, rect(0, 0, static_cast<int32_t>(s_.width()), static_cast<int32_t>(s_.height())),
               0);
        draw_line(d, 0, 0, "> ", kBiosGrey, 0, 2);
        col_ = 2;
    }
    bool frame(Driver&, uint64_t) override { return false; }
    void key(Driver& d, uint32_t scancode) override {
        const char c = scancode_to_ascii(scancode);
        if (c == 0) {
            return;
        }
        const int32_t rows = static_cast<int32_t>(s_.height()) / kCellHeight;
        if (c == '\n' || col_ >= cols_) {
            col_ = 0;
            if (row_ + 1 < rows) {
                ++row_;
            } else {
                const auto w = static_cast<int32_t>(s_.width());
                d.copy_bits(0, rect(0, 0, w, (rows - 1) * kCellHeight), 0, kCellHeight);
                d.fill(0, rect(0, row_ * kCellHeight, w, (row_ + 1) * kCellHeight), 0);
            }
            if (c == '\n') {
                return;
            }
        }
        draw_line(d, col_ * kCellWidth, row_ * kCellHeight, std::string(1, c), 0xffffff, 0, 1);
        ++col_;
    }

  private:
    Screen s_;
    int32_t cols_;
    int32_t row_ = 0;
    int32_t col_ = 0;
};

}  // namespace

std::vector<GuestGlyph> glyphs_for(std::string_view text, int32_t x, int32_t y) {
    std::vector<GuestGlyph> out;
    for (size_t i = 0; i < text.size(); ++i) {
        GuestGlyph g;
        g.x = x + static_cast<int32_t>(i) * kCellWidth;
        g.y = y;
        g.width = kCellWidth;
        g.height = kCellHeight;
        auto rows = glyph_rows(text[i]);
        g.bits.assign(rows.begin(), rows.end());
        out.push_back(std::move(g));
    }
    return out;
}

char scancode_to_ascii(uint32_t scancode) {
    static constexpr std::string_view kRow1 = "1234567890";  // 0x02..0x0b
    static constexpr std::string_view kRow2 = "qwertyuiop";  // 0x10..0x19
    static constexpr std::string_view kRow3 = "asdfghjkl";   // 0x1e..0x26
    static constexpr std::string_view kRow4 = "zxcvbnm";     // 0x2c..0x32
    if (scancode >= 0x02 && scancode <= 0x0b) {
        return kRow1[scancode - 0x02];
    }
    if (scancode >= 0x10 && scancode <= 0x19) {
        return kRow2[scancode - 0x10];
    }
    if (scancode >= 0x1e && scancode <= 0x26) {
        return kRow3[scancode - 0x1e];
    }
    if (scancode >= 0x2c && scancode <= 0x32) {
        return kRow4[scancode - 0x2c];
    }
    switch (scancode) {
        case 0x39:
            return ' ';
        case 0x1c:
            return '\n';
        case 0x0c:
            return '-';
        case 0x34:
            return '.';
        default:
            return 0;
    }
}

const std::vector<WorkloadInfo>& workload_list() {
    static const std::vector<WorkloadInfo> list{
        {"text", "a still BIOS-style text screen (80x25 per head, DRAW_TEXT)", true},
        {"windows", "three overlapping windows moving on a desktop (100 frames)", true},
        {"terminal-drm", "a scrolling terminal, one whole-screen DRAW_COPY per line (60 lines)",
         true},
        {"terminal-copybits", "a scrolling terminal, COPY_BITS plus the new line (60 lines)", true},
        {"video", "a photo-like 480x320 region rewritten at 30 frames/s (endless)", false},
        {"cursor", "cursor shape changes and movement over a still desktop (100 frames)", true},
        {"heads", "one labelled picture per head", true},
        {"echo", "a prompt echoing the keys typed on the client", false},
    };
    return list;
}

std::unique_ptr<Workload> make_workload(std::string_view name, const Screen& screen,
                                        uint64_t frames) {
    if (name == "text") {
        return std::make_unique<TextWorkload>(screen);
    }
    if (name == "windows") {
        return std::make_unique<WindowsWorkload>(screen, frames);
    }
    if (name == "terminal-drm" || name == "terminal-copybits") {
        return std::make_unique<TerminalWorkload>(screen, frames, name == "terminal-drm");
    }
    if (name == "video") {
        return std::make_unique<VideoWorkload>(screen, frames);
    }
    if (name == "cursor") {
        return std::make_unique<CursorWorkload>(screen, frames);
    }
    if (name == "heads") {
        return std::make_unique<HeadsWorkload>(screen);
    }
    if (name == "echo") {
        return std::make_unique<EchoWorkload>(screen);
    }
    return nullptr;
}

}  // namespace spicedesk::qxl
