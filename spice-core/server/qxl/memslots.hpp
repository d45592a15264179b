#pragma once

// Memory slots: how the worker turns a guest address into host memory. A QXL guest address is
// slot id (top memslot_id_bits) | generation (next memslot_gen_bits) | offset; the slot must be
// registered in the command's group, its generation must match, and [offset, offset + size)
// must lie inside the slot. Every guest address the worker follows goes through here.
// Thread: owned by the worker thread (the device's add/del calls are carried out there).

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/result.hpp"
#include "spice-core/server/qxl/qxl_interface.hpp"

namespace spicedesk::core::qxl {

class MemSlots {
  public:
    // Sizes the slot table from the device's init info; fails on bit counts that do not fit an
    // address (id_bits + gen_bits must leave room for an offset) or absurd group/slot counts.
    Status init(const DevInitInfo& info);

    Status add(const DevMemSlot& slot);
    void del(uint32_t group_id, uint32_t slot_id);
    void reset();

    // The host bytes [addr, addr + size) of guest address addr in group_id.
    Result<std::span<uint8_t>> translate(uint32_t group_id, uint64_t addr, uint64_t size) const;

    // A bounded copy of a trivially copyable ABI struct from guest memory.
    template <typename T>
    Result<T> read(uint32_t group_id, uint64_t addr, std::string_view what) const {
        static_assert(std::is_trivially_copyable_v<T>);
        auto bytes = translate(group_id, addr, sizeof(T));
        if (!bytes) {
            return make_error(std::string(what) + ": " + bytes.message());
        }
        T value;
        std::memcpy(&value, bytes->data(), sizeof(T));
        return value;
    }

    uint8_t id_bits() const { return id_bits_; }
    uint8_t gen_bits() const { return gen_bits_; }
    // The guest address of offset in slot_id at generation (for devices and tests).
    uint64_t encode(uint32_t slot_id, uint32_t generation, uint64_t offset) const;

  private:
    struct Slot {
        bool used = false;
        uint32_t generation = 0;
        uint64_t virt_start = 0;
        uint64_t virt_end = 0;
        uint64_t addr_delta = 0;
    };
    const Slot* slot(uint32_t group_id, uint32_t slot_id) const;

    uint32_t groups_ = 0;
    uint32_t slots_per_group_ = 0;
    uint8_t id_bits_ = 0;
    uint8_t gen_bits_ = 0;
    std::vector<Slot> slots_;  // groups_ * slots_per_group_
};

}  // namespace spicedesk::core::qxl
