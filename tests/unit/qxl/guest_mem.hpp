#pragma once

// A block of fake guest memory registered as memslot 0 (generation 1) for parse tests: place
// QXL structs at offsets and get their guest addresses.

#include <cstring>
#include <vector>

#include "spice-core/server/qxl/memslots.hpp"

namespace spicedesk::core::qxl::test {

class GuestMem {
  public:
    explicit GuestMem(size_t size = 1 << 20) : mem_(size, 0) {
        DevInitInfo info;
        info.num_memslots = 4;
        info.memslot_id_bits = 8;
        info.memslot_gen_bits = 8;
        (void)slots_.init(info);
        DevMemSlot slot;
        slot.slot_id = 1;
        slot.generation = 1;
        slot.virt_start = reinterpret_cast<uintptr_t>(mem_.data());
        slot.virt_end = slot.virt_start + mem_.size();
        slot.addr_delta = slot.virt_start - kPhys;
        (void)slots_.add(slot);
    }
    static constexpr uint64_t kPhys = 0x100000000ULL;

    uint64_t addr(uint64_t offset) const { return slots_.encode(1, 1, kPhys + offset); }
    template <typename T>
    uint64_t put(uint64_t offset, const T& value) {
        std::memcpy(mem_.data() + offset, &value, sizeof(T));
        return addr(offset);
    }
    uint64_t put_bytes(uint64_t offset, const void* data, size_t n) {
        if (n != 0) {  // an empty vector's data() may be null, which memcpy must not get
            std::memcpy(mem_.data() + offset, data, n);
        }
        return addr(offset);
    }
    // Bump allocation for convenience.
    template <typename T>
    uint64_t add(const T& value, size_t extra = 0) {
        const uint64_t off = next_;
        next_ += (sizeof(T) + extra + 15) & ~size_t{15};
        return put(off, value);
    }
    uint64_t add_bytes(const void* data, size_t n) {
        const uint64_t off = next_;
        next_ += (n + 15) & ~size_t{15};
        return put_bytes(off, data, n);
    }
    uint64_t offset_of(uint64_t address) const {
        return (address & ((uint64_t{1} << 48) - 1)) - kPhys;
    }
    std::vector<uint8_t>& bytes() { return mem_; }
    const MemSlots& slots() const { return slots_; }
    MemSlots& slots() { return slots_; }

  private:
    std::vector<uint8_t> mem_;
    MemSlots slots_;
    size_t next_ = 64;
};

}  // namespace spicedesk::core::qxl::test
