#include "spice-core/server/qxl/memslots.hpp"

#include <fmt/format.h>

namespace spicedesk::core::qxl {

namespace {

constexpr uint32_t kMaxGroups = 16;
constexpr uint32_t kMaxSlotsPerGroup = 256;

}  // namespace

Status MemSlots::init(const DevInitInfo& info) {
    if (info.num_memslots_groups == 0 || info.num_memslots_groups > kMaxGroups) {
        return make_error(
            fmt::format("memslots: {} groups (1..{})", info.num_memslots_groups, kMaxGroups));
    }
    if (info.num_memslots == 0 || info.num_memslots > kMaxSlotsPerGroup) {
        return make_error(fmt::format("memslots: {} slots per group (1..{})", info.num_memslots,
                                      kMaxSlotsPerGroup));
    }
    if (info.memslot_id_bits == 0 || info.memslot_id_bits > 16 || info.memslot_gen_bits > 16 ||
        (uint64_t{1} << info.memslot_id_bits) < info.num_memslots) {
        return make_error(fmt::format("memslots: {} id bits and {} generation bits for {} slots",
                                      info.memslot_id_bits, info.memslot_gen_bits,
                                      info.num_memslots));
    }
    groups_ = info.num_memslots_groups;
    slots_per_group_ = info.num_memslots;
    id_bits_ = info.memslot_id_bits;
    gen_bits_ = info.memslot_gen_bits;
    slots_.assign(static_cast<size_t>(groups_) * slots_per_group_, Slot{});
    return {};
}

const MemSlots::Slot* MemSlots::slot(uint32_t group_id, uint32_t slot_id) const {
    if (group_id >= groups_ || slot_id >= slots_per_group_) {
        return nullptr;
    }
    return &slots_[static_cast<size_t>(group_id) * slots_per_group_ + slot_id];
}

Status MemSlots::add(const DevMemSlot& s) {
    const Slot* existing = slot(s.slot_group_id, s.slot_id);
    if (existing == nullptr) {
        return make_error(fmt::format("memslot add: group {} slot {} out of range ({} x {})",
                                      s.slot_group_id, s.slot_id, groups_, slots_per_group_));
    }
    if (s.virt_end < s.virt_start) {
        return make_error(fmt::format("memslot add: slot {} ends before it starts", s.slot_id));
    }
    if (gen_bits_ < 32 && s.generation >= (uint32_t{1} << gen_bits_)) {
        return make_error(fmt::format("memslot add: generation {} needs more than {} bits",
                                      s.generation, gen_bits_));
    }
    auto& target = slots_[static_cast<size_t>(s.slot_group_id) * slots_per_group_ + s.slot_id];
    target = Slot{true, s.generation, s.virt_start, s.virt_end, s.addr_delta};
    return {};
}

void MemSlots::del(uint32_t group_id, uint32_t slot_id) {
    if (slot(group_id, slot_id) != nullptr) {
        slots_[static_cast<size_t>(group_id) * slots_per_group_ + slot_id] = Slot{};
    }
}

void MemSlots::reset() {
    for (auto& s : slots_) {
        s = Slot{};
    }
}

uint64_t MemSlots::encode(uint32_t slot_id, uint32_t generation, uint64_t offset) const {
    const unsigned offset_bits = 64U - id_bits_ - gen_bits_;
    uint64_t out = offset & ((uint64_t{1} << offset_bits) - 1);
    out |= static_cast<uint64_t>(slot_id) << (64U - id_bits_);
    if (gen_bits_ > 0) {
        out |= (static_cast<uint64_t>(generation) & ((uint64_t{1} << gen_bits_) - 1))
               << offset_bits;
    }
    return out;
}

Result<std::span<uint8_t>> MemSlots::translate(uint32_t group_id, uint64_t addr,
                                               uint64_t size) const {
    if (slots_.empty()) {
        return make_error("no memslots registered");
    }
    const unsigned offset_bits = 64U - id_bits_ - gen_bits_;
    const auto slot_id = static_cast<uint32_t>(addr >> (64U - id_bits_));
    const uint32_t generation =
        gen_bits_ == 0
            ? 0
            : static_cast<uint32_t>((addr >> offset_bits) & ((uint64_t{1} << gen_bits_) - 1));
    const uint64_t offset = addr & ((uint64_t{1} << offset_bits) - 1);
    const Slot* s = slot(group_id, slot_id);
    if (s == nullptr) {
        return make_error(
            fmt::format("address {:#x}: group {} slot {} out of range", addr, group_id, slot_id));
    }
    if (!s->used) {
        return make_error(fmt::format("address {:#x}: slot {} of group {} is not registered", addr,
                                      slot_id, group_id));
    }
    if (generation != s->generation) {
        return make_error(fmt::format("address {:#x}: generation {} but slot {} is at {}", addr,
                                      generation, slot_id, s->generation));
    }
    // host = offset + addr_delta (modulo 2^64, as the device computed addr_delta).
    const uint64_t host = offset + s->addr_delta;
    if (host < s->virt_start || host > s->virt_end || size > s->virt_end - host) {
        return make_error(fmt::format("address {:#x} + {} bytes lies outside slot {} ({} bytes)",
                                      addr, size, slot_id, s->virt_end - s->virt_start));
    }
    return std::span<uint8_t>(reinterpret_cast<uint8_t*>(static_cast<uintptr_t>(host)),
                              static_cast<size_t>(size));
}

}  // namespace spicedesk::core::qxl
