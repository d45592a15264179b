#include "spice-core/canvas/raster.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace spicedesk::core::canvas {

namespace {

bool raw_compatible(pixman_format_code_t a, pixman_format_code_t b) {
    if (a == b) {
        return true;
    }
    const auto is_rgb32 = [](pixman_format_code_t f) {
        return f == PIXMAN_a8r8g8b8 || f == PIXMAN_x8r8g8b8;
    };
    return is_rgb32(a) && is_rgb32(b);
}

struct ByteRange {
    uintptr_t begin = 0;
    uintptr_t end = 0;
};

ByteRange bytes_of(const Image& image) {
    const auto base = reinterpret_cast<uintptr_t>(image.data());
    const int64_t stride = image.stride();
    const int64_t rows = image.height();
    if (rows == 0 || base == 0) {
        return {};
    }
    const int64_t last = stride * (rows - 1);
    const int64_t lo = std::min<int64_t>(0, last);
    const int64_t hi = std::max<int64_t>(0, last) + (stride < 0 ? -stride : stride);
    return ByteRange{base + static_cast<uintptr_t>(lo), base + static_cast<uintptr_t>(hi)};
}

bool memory_overlaps(const Image& a, const Image& b) {
    const ByteRange ra = bytes_of(a);
    const ByteRange rb = bytes_of(b);
    return ra.begin < rb.end && rb.begin < ra.end;
}

int64_t floor_mod(int64_t value, int64_t modulus) {
    const int64_t r = value % modulus;
    return r < 0 ? r + modulus : r;
}

// A copy of box of src (raw bits, same format).
Result<Image> copy_raw(const Image& src, const Box64& box) {
    const int w = static_cast<int>(box.width());
    const int h = static_cast<int>(box.height());
    auto copy = create_image(src.format(), w, h);
    if (!copy) {
        return copy.error();
    }
    const int bpp = src.bpp();
    for (int y = 0; y < h; ++y) {
        const uint8_t* from = row_at(src, static_cast<int>(box.y1) + y);
        uint8_t* to = row_at(*copy, y);
        if (bpp >= 8) {
            std::memcpy(to, from + box.x1 * (bpp / 8), static_cast<size_t>(w) * (bpp / 8));
        } else {
            for (int x = 0; x < w; ++x) {
                store_pixel(to, x, bpp, load_pixel(from, static_cast<int>(box.x1) + x, bpp));
            }
        }
    }
    return copy;
}

// box of src converted by pixman to format.
Result<Image> convert(const Image& src, const Box64& box, pixman_format_code_t format) {
    const int w = static_cast<int>(box.width());
    const int h = static_cast<int>(box.height());
    auto out = create_image(format, w, h);
    if (!out) {
        return out.error();
    }
    pixman_image_composite32(PIXMAN_OP_SRC, src.get(), nullptr, out->get(),
                             static_cast<int>(box.x1), static_cast<int>(box.y1), 0, 0, 0, 0, w, h);
    return out;
}

template <typename PerPixel>
void for_each_box_row(const Region& region, PerPixel&& per_row) {
    int count = 0;
    const pixman_box32_t* boxes = region.boxes(&count);
    for (int i = 0; i < count; ++i) {
        for (int y = boxes[i].y1; y < boxes[i].y2; ++y) {
            per_row(y, boxes[i].x1, boxes[i].x2);
        }
    }
}

}  // namespace

void restrict_to_source(Region& region, const PlacedSource& src) {
    if (region.empty()) {
        return;
    }
    const pixman_box32_t e = region.extents();
    const Box64 box =
        intersect(Box64{-src.dx, -src.dy, src.image.width() - src.dx, src.image.height() - src.dy},
                  Box64{e.x1, e.y1, e.x2, e.y2});
    if (box.empty()) {
        region = Region();
        return;
    }
    region.intersect(region_of(box));
}

Result<PlacedSource> prepare_source(const PlacedSource& src, const Image& dest,
                                    const Region& region) {
    if (region.empty()) {
        return src;
    }
    const bool convert_needed = !raw_compatible(src.image.format(), dest.format());
    const bool aliasing = memory_overlaps(src.image, dest);
    if (!convert_needed && !aliasing) {
        return src;
    }
    const pixman_box32_t e = region.extents();
    const Box64 box{e.x1 + src.dx, e.y1 + src.dy, e.x2 + src.dx, e.y2 + src.dy};
    auto image = convert_needed ? convert(src.image, box, dest.format()) : copy_raw(src.image, box);
    if (!image) {
        return make_error("source: " + image.message());
    }
    return PlacedSource{std::move(*image), src.dx - box.x1, src.dy - box.y1};
}

Status fill_region(const Image& dest, const Region& region, const Brush& brush, Rop rop) {
    if (region.empty() || rop == Rop::kNoop) {
        return {};
    }
    const int bpp = dest.bpp();
    const uint32_t mask = pixel_mask(bpp);
    if (brush.type != SPICE_BRUSH_TYPE_PATTERN) {
        const uint32_t color = brush.type == SPICE_BRUSH_TYPE_SOLID ? brush.color & mask : 0;
        if (rop == Rop::kCopy && bpp >= 8) {
            int count = 0;
            const pixman_box32_t* boxes = region.boxes(&count);
            for (int i = 0; i < count; ++i) {
                pixman_fill(reinterpret_cast<uint32_t*>(dest.data()), dest.stride() / 4, bpp,
                            boxes[i].x1, boxes[i].y1, boxes[i].x2 - boxes[i].x1,
                            boxes[i].y2 - boxes[i].y1, color);
            }
            return {};
        }
        with_bpp(bpp, [&](auto depth) {
            with_rop(rop, [&](auto op) {
                for_each_box_row(region, [&](int y, int x1, int x2) {
                    uint8_t* row = row_at(dest, y);
                    for (int x = x1; x < x2; ++x) {
                        store_pixel(row, x, depth,
                                    apply_rop(op, color, load_pixel(row, x, depth)) & mask);
                    }
                });
            });
        });
        return {};
    }
    auto source = BrushSource::make(brush, dest);
    if (!source) {
        return source.error();
    }
    for_each_box_row(region, [&](int y, int x1, int x2) {
        uint8_t* row = row_at(dest, y);
        for (int x = x1; x < x2; ++x) {
            store_pixel(row, x, bpp,
                        apply_rop(rop, source->at(x, y), load_pixel(row, x, bpp)) & mask);
        }
    });
    return {};
}

Result<BrushSource> BrushSource::make(const Brush& brush, const Image& dest) {
    BrushSource source;
    source.bpp_ = dest.bpp();
    if (brush.type != SPICE_BRUSH_TYPE_PATTERN) {
        source.color_ =
            brush.type == SPICE_BRUSH_TYPE_SOLID ? brush.color & pixel_mask(dest.bpp()) : 0;
        return source;
    }
    const Image& pattern = brush.pattern.image;
    if (!pattern || pattern.width() <= 0 || pattern.height() <= 0 || pattern.data() == nullptr) {
        return make_error("pattern brush without an image (or an empty one)");
    }
    const Box64 whole{0, 0, pattern.width(), pattern.height()};
    source.tile_ = pattern;
    if (!raw_compatible(pattern.format(), dest.format())) {
        auto converted = convert(pattern, whole, dest.format());
        if (!converted) {
            return make_error("pattern: " + converted.message());
        }
        source.tile_ = std::move(*converted);
    } else if (memory_overlaps(pattern, dest)) {
        auto copy = copy_raw(pattern, whole);
        if (!copy) {
            return make_error("pattern: " + copy.message());
        }
        source.tile_ = std::move(*copy);
    }
    source.pos_ = brush.pattern.pos;
    return source;
}

uint32_t BrushSource::at(int x, int y) const {
    if (!tile_) {
        return color_;
    }
    const auto px = static_cast<int>(floor_mod(static_cast<int64_t>(x) - pos_.x, tile_.width()));
    const auto py = static_cast<int>(floor_mod(static_cast<int64_t>(y) - pos_.y, tile_.height()));
    return load_pixel(row_at(tile_, py), px, bpp_);
}

Result<Image> detach_if_aliasing(const Image& src, const Image& dest) {
    if (!memory_overlaps(src, dest)) {
        return src;
    }
    return copy_raw(src, Box64{0, 0, src.width(), src.height()});
}

void clear_unused_byte(const Image& dest, const Region& region) {
    if (dest.format() != PIXMAN_x8r8g8b8) {
        return;
    }
    for_each_box_row(region, [&](int y, int x1, int x2) {
        uint8_t* row = row_at(dest, y);
        for (int x = x1; x < x2; ++x) {
            store_pixel(row, x, 32, load_pixel(row, x, 32) & 0x00ffffffU);
        }
    });
}

void blit_region(const Image& dest, const Region& region, const PlacedSource& src, Rop rop) {
    if (rop == Rop::kNoop) {
        return;
    }
    const int bpp = dest.bpp();
    const uint32_t mask = pixel_mask(bpp);
    const auto dx = static_cast<int>(src.dx);
    const auto dy = static_cast<int>(src.dy);
    if (rop == Rop::kCopy && bpp >= 8) {
        const size_t bytes = static_cast<size_t>(bpp / 8);
        for_each_box_row(region, [&](int y, int x1, int x2) {
            std::memcpy(row_at(dest, y) + x1 * bytes, row_at(src.image, y + dy) + (x1 + dx) * bytes,
                        (x2 - x1) * bytes);
        });
        return;
    }
    with_bpp(bpp, [&](auto depth) {
        with_rop(rop, [&](auto op) {
            for_each_box_row(region, [&](int y, int x1, int x2) {
                uint8_t* row = row_at(dest, y);
                const uint8_t* srow = row_at(src.image, y + dy);
                for (int x = x1; x < x2; ++x) {
                    const uint32_t s = load_pixel(srow, x + dx, depth);
                    store_pixel(row, x, depth, apply_rop(op, s, load_pixel(row, x, depth)) & mask);
                }
            });
        });
    });
}

void move_region(const Image& image, const Region& region, int dx, int dy) {
    int count = 0;
    const pixman_box32_t* boxes = region.boxes(&count);
    const int bpp = image.bpp();
    // Rows are written in the order that reads every source row before it is overwritten: top
    // down when the source lies below, bottom up when above. Within one row (dy == 0) boxes go
    // left to right when the source lies to the right, and memmove handles each box's overlap.
    const bool down = dy >= 0;
    const bool rightward = dx >= 0;
    // Walk bands in the chosen vertical order.
    std::vector<std::pair<int, int>> bands;  // [first, end) box indices
    for (int n = 0; n < count;) {
        int end = n;
        while (end < count && boxes[end].y1 == boxes[n].y1) {
            ++end;
        }
        bands.emplace_back(n, end);
        n = end;
    }
    const auto move_row = [&](int y, const pixman_box32_t& b) {
        uint8_t* row = row_at(image, y);
        const uint8_t* srow = row_at(image, y + dy);
        if (bpp >= 8) {
            const size_t bytes = static_cast<size_t>(bpp / 8);
            std::memmove(row + b.x1 * bytes, srow + (b.x1 + dx) * bytes, (b.x2 - b.x1) * bytes);
            return;
        }
        if (rightward) {
            for (int x = b.x1; x < b.x2; ++x) {
                store_pixel(row, x, bpp, load_pixel(srow, x + dx, bpp));
            }
        } else {
            for (int x = b.x2 - 1; x >= b.x1; --x) {
                store_pixel(row, x, bpp, load_pixel(srow, x + dx, bpp));
            }
        }
    };
    const auto move_band = [&](const std::pair<int, int>& band) {
        const pixman_box32_t& first = boxes[band.first];
        for (int i = 0; i < first.y2 - first.y1; ++i) {
            const int y = down ? first.y1 + i : first.y2 - 1 - i;
            if (rightward) {
                for (int k = band.first; k < band.second; ++k) {
                    move_row(y, boxes[k]);
                }
            } else {
                for (int k = band.second - 1; k >= band.first; --k) {
                    move_row(y, boxes[k]);
                }
            }
        }
    };
    if (down) {
        for (const auto& band : bands) {
            move_band(band);
        }
    } else {
        for (auto it = bands.rbegin(); it != bands.rend(); ++it) {
            move_band(*it);
        }
    }
}

void colorkey_region(const Image& dest, const Region& region, const PlacedSource& src,
                     uint32_t key) {
    const int bpp = dest.bpp();
    const uint32_t mask = bpp == 32 ? 0x00ffffffU : pixel_mask(bpp);
    const auto dx = static_cast<int>(src.dx);
    const auto dy = static_cast<int>(src.dy);
    for_each_box_row(region, [&](int y, int x1, int x2) {
        uint8_t* row = row_at(dest, y);
        const uint8_t* srow = row_at(src.image, y + dy);
        for (int x = x1; x < x2; ++x) {
            const uint32_t s = load_pixel(srow, x + dx, bpp);
            if ((s & mask) != (key & mask)) {
                store_pixel(row, x, bpp, s);
            }
        }
    });
}

}  // namespace spicedesk::core::canvas
