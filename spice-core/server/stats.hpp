#pragma once

// Counters a running server keeps (any thread may read them).

#include <atomic>
#include <cstdint>

namespace spicedesk::core {

struct ServerStats {
    std::atomic<uint64_t> connections{0};    // links completed
    std::atomic<uint64_t> link_failures{0};  // links refused or broken
    std::atomic<uint64_t> bytes_sent{0};
    std::atomic<uint64_t> display_bytes_sent{0};
    std::atomic<uint64_t> images_bitmap{0};
    std::atomic<uint64_t> images_lz4{0};
    std::atomic<uint64_t> draw_fills{0};
    std::atomic<uint64_t> draw_copies{0};
    std::atomic<uint64_t> copy_bits{0};
    std::atomic<uint64_t> full_refreshes{0};
    std::atomic<uint64_t> coalesced_refreshes{0};  // queue overflows turned into a refresh
    std::atomic<uint64_t> bad_messages{0};
    std::atomic<int64_t> live_channel_clients{0};
};

}  // namespace spicedesk::core
