#include "spice-core/codec/quic.hpp"

#include <fmt/format.h>

#include <array>
#include <bit>
#include <vector>

#include "spice-core/codec/quic_model.hpp"

namespace spicedesk::core {

// The QUIC row decoder over the model in quic_model.hpp.

namespace {

using namespace quic_model;  // NOLINT(google-build-using-namespace): the model's own vocabulary

constexpr uint32_t kQuicMagic = 0x43495551;  // "QUIC"
constexpr uint32_t kQuicVersion = 0;

enum QuicType : uint32_t { kGray = 1, kRgb16 = 2, kRgb24 = 3, kRgb32 = 4, kRgba = 5 };

// A group of channels decoded together with one State (R, G, B; or one alpha / gray channel).
class Group {
  public:
    Group(const Family& f, State& st, std::span<Channel*> channels, BitReader& in)
        : f_(f), st_(st), ch_(channels), in_(in), mask_(low_mask(f.bpc)) {}

    // Row 0: each value predicted from its left neighbour.
    void row0(uint32_t width) {
        for (Channel* c : ch_) {
            c->corr[0] = 0;
        }
        split_row(width, [&](uint32_t pos, uint32_t end, uint32_t waitmask) {
            row0_segment(pos, end, waitmask);
            return true;
        });
    }

    // Later rows: from the mean of the left and upper neighbours, with runs. False on a run
    // that overruns the row.
    bool row(uint32_t width) {
        for (Channel* c : ch_) {
            std::swap(c->prev, c->cur);
            c->corr[0] = c->corr[1];
        }
        return split_row(
            width, [&](uint32_t pos, uint32_t end, uint32_t) { return row_segment(pos, end); });
    }

  private:
    // The row in segments at which the wait mask grows (every kWmiNext pixels, up to kWmiMax).
    template <typename Segment>
    bool split_row(uint32_t width, Segment segment) {
        uint32_t pos = 0;
        while (st_.wmidx < kWmiMax && st_.wmileft <= width) {
            if (st_.wmileft != 0) {
                if (!segment(pos, pos + st_.wmileft, low_mask(st_.wmidx))) {
                    return false;
                }
                width -= st_.wmileft;
                pos += st_.wmileft;
            }
            ++st_.wmidx;
            st_.set_wm_trigger();
            st_.wmileft = kWmiNext;
        }
        if (width != 0) {
            if (!segment(pos, pos + width, low_mask(st_.wmidx))) {
                return false;
            }
            if (st_.wmidx < kWmiMax) {
                st_.wmileft -= width;
            }
        }
        return true;
    }

    // Decodes the residual of pixel i of channel c (bucket chosen by the residual left of it).
    uint8_t residual(Channel& c, uint32_t i) {
        const unsigned l = c.bucket(f_, c.corr[i]).bestcode;  // corr[i] is pixel i - 1
        const uint32_t bits = in_.word();
        unsigned len = 0;
        uint32_t value = 0;
        if (bits > f_.not_gr_prefix_mask[l]) {
            const unsigned zeros = static_cast<unsigned>(std::countl_zero(bits));
            len = zeros + 1 + l;
            value = (zeros << l) | ((bits >> (32 - len)) & low_mask(l));
        } else {
            len = f_.not_gr_cwlen[l];
            value = f_.n_gr[l] + ((bits >> (32 - len)) & low_mask(f_.not_gr_suffix_len[l]));
        }
        in_.eat(len);
        const auto r = static_cast<uint8_t>(value);
        c.corr[i + 1] = r;
        return r;
    }

    void update(uint32_t i) {
        for (Channel* c : ch_) {
            update_model(f_, st_, c->bucket(f_, c->corr[i]), c->corr[i + 1]);
        }
    }

    void wait_or_update_first(uint32_t waitmask) {
        if (st_.waitcnt != 0) {
            --st_.waitcnt;
        } else {
            st_.waitcnt = st_.tabrand() & waitmask;
            update(0);
        }
    }

    void row0_pixel(uint32_t i) {
        for (Channel* c : ch_) {
            const uint8_t r = residual(*c, i);
            c->cur[i] = static_cast<uint8_t>((f_.l2u[r] + c->cur[i - 1]) & mask_);
        }
    }

    void row0_segment(uint32_t i, uint32_t end, uint32_t waitmask) {
        uint32_t stop = 0;
        if (i == 0) {
            for (Channel* c : ch_) {
                c->cur[0] = f_.l2u[residual(*c, 0)];
            }
            wait_or_update_first(waitmask);
            stop = ++i + st_.waitcnt;
        } else {
            stop = i + st_.waitcnt;
        }
        while (stop < end) {
            for (; i <= stop; ++i) {
                row0_pixel(i);
            }
            update(stop);
            stop = i + (st_.tabrand() & waitmask);
        }
        for (; i < end; ++i) {
            row0_pixel(i);
        }
        st_.waitcnt = stop - end;
    }

    void row_pixel(uint32_t i) {
        for (Channel* c : ch_) {
            const uint8_t r = residual(*c, i);
            const unsigned predicted = (unsigned{c->cur[i - 1]} + c->prev[i]) >> 1;
            c->cur[i] = static_cast<uint8_t>((f_.l2u[r] + predicted) & mask_);
        }
    }

    bool same(const std::vector<uint8_t> Channel::*row, uint32_t a, uint32_t b) const {
        for (const Channel* c : ch_) {
            if ((c->*row)[a] != (c->*row)[b]) {
                return false;
            }
        }
        return true;
    }

    // A run is expected where the row above repeats and so did the last two pixels here.
    bool run_predicted(uint32_t i, uint32_t run_index) const {
        return same(&Channel::prev, i - 1, i) && run_index != i && i > 2 &&
               same(&Channel::cur, i - 1, i - 2);
    }

    // MELCODE: leading ones each add a run of melcorder (and raise the state); a zero then
    // melclen bits give the remainder. Returns false when the run exceeds `limit`.
    bool decode_run(uint32_t limit, uint32_t& run) {
        uint64_t len = 0;
        for (;;) {
            const unsigned ones =
                static_cast<unsigned>(std::countl_one(static_cast<uint8_t>(in_.word() >> 24)));
            for (unsigned hit = 0; hit < ones; ++hit) {
                len += st_.melcorder;
                if (st_.melcstate < kMelcLen.size() - 1) {
                    st_.melclen = kMelcLen[++st_.melcstate];
                    st_.melcorder = 1U << st_.melclen;
                }
            }
            if (ones != 8) {
                in_.eat(ones + 1);
                break;
            }
            in_.eat(8);
            if (len > limit || in_.failed()) {
                return false;
            }
        }
        if (st_.melclen != 0) {
            len += in_.word() >> (32 - st_.melclen);
            in_.eat(st_.melclen);
        }
        if (st_.melcstate != 0) {
            st_.melclen = kMelcLen[--st_.melcstate];
            st_.melcorder = 1U << st_.melclen;
        }
        if (len > limit) {
            return false;
        }
        run = static_cast<uint32_t>(len);
        return true;
    }

    bool row_segment(uint32_t i, uint32_t end) {
        const uint32_t waitmask = low_mask(st_.wmidx);
        uint32_t run_index = 0;
        uint32_t stop = 0;
        if (i == 0) {
            for (Channel* c : ch_) {
                const uint8_t r = residual(*c, 0);
                c->cur[0] = static_cast<uint8_t>((f_.l2u[r] + c->prev[0]) & mask_);
            }
            wait_or_update_first(waitmask);
            stop = ++i + st_.waitcnt;
        } else {
            stop = i + st_.waitcnt;
        }
        for (;;) {
            bool run = false;
            while (!run && stop < end) {
                for (; i <= stop; ++i) {
                    if (run_predicted(i, run_index)) {
                        run = true;
                        break;
                    }
                    row_pixel(i);
                }
                if (!run) {
                    update(stop);
                    stop = i + (st_.tabrand() & waitmask);
                }
            }
            if (!run) {
                for (; i < end; ++i) {
                    if (run_predicted(i, run_index)) {
                        run = true;
                        break;
                    }
                    row_pixel(i);
                }
            }
            if (!run) {
                st_.waitcnt = stop - end;
                return true;
            }
            st_.waitcnt = stop - i;
            run_index = i;
            uint32_t length = 0;
            if (!decode_run(end - i, length)) {
                return false;
            }
            for (const uint32_t run_end = i + length; i < run_end; ++i) {
                for (Channel* c : ch_) {
                    c->cur[i] = c->cur[i - 1];
                }
            }
            if (i == end) {
                return true;
            }
            stop = i + st_.waitcnt;
        }
    }

    const Family& f_;
    State& st_;
    std::span<Channel*> ch_;
    BitReader& in_;
    uint32_t mask_;
};

}  // namespace

Result<DecodedImage> decode_quic(std::span<const uint8_t> data) {
    BitReader in(data);
    const uint32_t magic = in.word();
    in.eat32();
    const uint32_t version = in.word();
    in.eat32();
    const uint32_t type = in.word();
    in.eat32();
    const uint32_t width = in.word();
    in.eat32();
    const uint32_t height = in.word();
    in.eat32();
    if (in.failed()) {
        return make_error(fmt::format("QUIC image: header truncated ({} bytes)", data.size()));
    }
    if (magic != kQuicMagic) {
        return make_error(fmt::format("QUIC image: bad magic {:#010x}", magic));
    }
    if (version != kQuicVersion) {
        return make_error(fmt::format("QUIC image: unsupported version {:#x}", version));
    }
    if (type < kGray || type > kRgba) {
        return make_error(fmt::format("QUIC image: invalid image type {}", type));
    }
    const uint64_t pixels = uint64_t{width} * height;
    if (width == 0 || height == 0 || pixels > kMaxDecodedPixels) {
        return make_error(fmt::format("QUIC image: invalid size {}x{}", width, height));
    }
    // Every pixel of row 0 and the first pixel of every row cost at least a bit: refuse sizes
    // the data cannot hold (the pixels are then allocated row by row as decoding succeeds).
    if (width > uint64_t{data.size()} * 8 || height > uint64_t{data.size()} * 8) {
        return make_error(fmt::format("QUIC image: {} bytes cannot hold a {}x{} image", data.size(),
                                      width, height));
    }

    const unsigned bpc = type == kRgb16 ? 5 : 8;
    const Family& f = family_for(bpc);
    std::array<Channel, 4> channels;
    const unsigned color_channels = type == kGray ? 1 : 3;
    for (unsigned c = 0; c < color_channels; ++c) {
        channels[c].reset(f, width);
    }
    State color_state;
    std::array<Channel*, 3> color_ptrs = {&channels[0], &channels[1], &channels[2]};
    Group color(f, color_state, std::span<Channel*>(color_ptrs.data(), color_channels), in);

    State alpha_state;
    std::array<Channel*, 1> alpha_ptrs = {&channels[3]};
    if (type == kRgba) {
        channels[3].reset(f, width);
    }
    Group alpha(f, alpha_state, alpha_ptrs, in);

    DecodedImage image;
    image.width = width;
    image.height = height;
    image.has_alpha = type == kRgba;
    for (uint32_t y = 0; y < height; ++y) {
        bool ok = true;
        if (y == 0) {
            color.row0(width);
            if (type == kRgba) {
                alpha.row0(width);
            }
        } else {
            ok = color.row(width) && (type != kRgba || alpha.row(width));
        }
        if (!ok) {
            return make_error(
                fmt::format("QUIC image ({}x{}): run overruns row {}", width, height, y));
        }
        if (in.failed()) {
            return make_error(
                fmt::format("QUIC image ({}x{}): data ends in row {}", width, height, y));
        }
        image.pixels.resize(size_t{y + 1} * width);
        uint32_t* out = image.pixels.data() + size_t{y} * width;
        const auto& r = channels[0].cur;
        if (type == kGray) {
            for (uint32_t x = 0; x < width; ++x) {
                out[x] = uint32_t{r[x]} * 0x010101U;
            }
            continue;
        }
        // Channels come in the order r, g, b.
        const auto& g = channels[1].cur;
        const auto& b = channels[2].cur;
        for (uint32_t x = 0; x < width; ++x) {
            uint32_t rv = r[x];
            uint32_t gv = g[x];
            uint32_t bv = b[x];
            if (bpc == 5) {
                rv = (rv << 3) | (rv >> 2);
                gv = (gv << 3) | (gv >> 2);
                bv = (bv << 3) | (bv >> 2);
            }
            uint32_t p = (rv << 16) | (gv << 8) | bv;
            if (type == kRgba) {
                p |= uint32_t{channels[3].cur[x]} << 24;
            }
            out[x] = p;
        }
    }
    return image;
}

}  // namespace spicedesk::core
