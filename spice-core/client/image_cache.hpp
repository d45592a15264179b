#pragma once

// The client's pixmap cache (images the server marked CACHE_ME, named by their image id) and
// palette cache (palettes marked PAL_CACHE_ME, named by their unique id). The server decides
// what is cached and evicts with INVAL_LIST / INVAL_ALL_PIXMAPS / INVAL_PALETTE, tracking the
// size we announced in DISPLAY_INIT; our own bound (a multiple of it) only protects us from a
// server that never evicts: beyond it the oldest entries go.
//
// Thread: the display channel's (the session thread).

#include <cstdint>
#include <deque>
#include <optional>
#include <unordered_map>
#include <vector>

#include "spice-core/canvas/image.hpp"

namespace spicedesk::core::client {

class PixmapCache {
  public:
    explicit PixmapCache(uint64_t max_pixels) : max_pixels_(max_pixels) {}

    struct Entry {
        canvas::Image image;
        bool lossy = false;
    };

    // Adds or replaces id.
    void put(uint64_t id, canvas::Image image, bool lossy);
    const Entry* get(uint64_t id) const;
    void remove(uint64_t id);
    void clear();
    size_t size() const { return entries_.size(); }
    uint64_t pixels() const { return pixels_; }

  private:
    static uint64_t pixels_of(const canvas::Image& image);
    uint64_t max_pixels_;
    uint64_t pixels_ = 0;
    std::unordered_map<uint64_t, Entry> entries_;
    std::deque<uint64_t> order_;  // insertion order (may hold ids already removed)
};

class PaletteCache {
  public:
    static constexpr size_t kMaxPalettes = 4096;
    void put(uint64_t id, std::vector<uint32_t> entries);
    const std::vector<uint32_t>* get(uint64_t id) const;
    void remove(uint64_t id) { palettes_.erase(id); }
    void clear() { palettes_.clear(); }
    size_t size() const { return palettes_.size(); }

  private:
    std::unordered_map<uint64_t, std::vector<uint32_t>> palettes_;
};

}  // namespace spicedesk::core::client
