#include "spice-core/client/image_cache.hpp"

namespace spicedesk::core::client {

uint64_t PixmapCache::pixels_of(const canvas::Image& image) {
    return image ? uint64_t(image.width()) * uint64_t(image.height()) : 0;
}

void PixmapCache::put(uint64_t id, canvas::Image image, bool lossy) {
    remove(id);
    pixels_ += pixels_of(image);
    entries_[id] = Entry{std::move(image), lossy};
    order_.push_back(id);
    while (pixels_ > max_pixels_ && entries_.size() > 1 && !order_.empty()) {
        uint64_t old = order_.front();
        order_.pop_front();
        if (old != id) {
            remove(old);
        }
    }
    if (order_.size() > 4 * entries_.size() + 64) {  // drop ids removed meanwhile
        std::deque<uint64_t> kept;
        for (uint64_t k : order_) {
            if (entries_.count(k) != 0) {
                kept.push_back(k);
            }
        }
        order_.swap(kept);
    }
}

const PixmapCache::Entry* PixmapCache::get(uint64_t id) const {
    auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : &it->second;
}

void PixmapCache::remove(uint64_t id) {
    auto it = entries_.find(id);
    if (it != entries_.end()) {
        pixels_ -= pixels_of(it->second.image);
        entries_.erase(it);
    }
}

void PixmapCache::clear() {
    entries_.clear();
    order_.clear();
    pixels_ = 0;
}

void PaletteCache::put(uint64_t id, std::vector<uint32_t> entries) {
    if (palettes_.size() >= kMaxPalettes && palettes_.count(id) == 0) {
        palettes_.erase(palettes_.begin());
    }
    palettes_[id] = std::move(entries);
}

const std::vector<uint32_t>* PaletteCache::get(uint64_t id) const {
    auto it = palettes_.find(id);
    return it == palettes_.end() ? nullptr : &it->second;
}

}  // namespace spicedesk::core::client
