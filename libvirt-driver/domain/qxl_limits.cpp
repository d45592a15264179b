#include "libvirt-driver/domain/qxl_limits.hpp"

#include <fmt/format.h>

namespace spicedesk::virt {

std::optional<std::string> qxl_ram_problem(unsigned ram_kib, std::optional<unsigned> vgamem_kib) {
    unsigned vgamem = vgamem_kib.value_or(16 * 1024);
    if (!is_power_of_two(ram_kib)) {
        return fmt::format("ram={} KiB is not a power of two (QEMU would round it up)", ram_kib);
    }
    if (ram_kib > kQxlMaxRamKib) {
        return fmt::format("ram={} KiB is above QEMU's maximum of {} KiB", ram_kib, kQxlMaxRamKib);
    }
    if (static_cast<unsigned long long>(ram_kib) < 2ULL * vgamem) {
        return fmt::format(
            "ram={} KiB is less than twice vgamem ({} KiB): QEMU would raise it to {} KiB", ram_kib,
            vgamem, 2ULL * vgamem);
    }
    return std::nullopt;
}

std::optional<std::string> qxl_vram_problem(unsigned vram_kib) {
    if (!is_power_of_two(vram_kib)) {
        return fmt::format("vram={} KiB is not a power of two (QEMU would round it up)", vram_kib);
    }
    if (vram_kib < kQxlMinVramKib || vram_kib > kQxlMaxVramKib) {
        return fmt::format("vram={} KiB is outside {}..{} KiB", vram_kib, kQxlMinVramKib,
                           kQxlMaxVramKib);
    }
    return std::nullopt;
}

std::optional<std::string> qxl_vram64_problem(unsigned long long vram64_kib,
                                              std::optional<unsigned> vram_kib) {
    if (!is_power_of_two(vram64_kib)) {
        return fmt::format("vram64={} KiB is not a power of two (QEMU would round it up)",
                           vram64_kib);
    }
    if (vram64_kib > kQxlMaxVram64Kib) {
        return fmt::format("vram64={} KiB is above {} KiB", vram64_kib, kQxlMaxVram64Kib);
    }
    unsigned vram = vram_kib.value_or(64 * 1024);
    if (vram64_kib < vram) {
        return fmt::format("vram64={} KiB is less than vram ({} KiB): QEMU would raise it",
                           vram64_kib, vram);
    }
    return std::nullopt;
}

std::optional<std::string> qxl_vgamem_problem(unsigned vgamem_kib) {
    if (!is_power_of_two(vgamem_kib)) {
        return fmt::format("vgamem={} KiB is not a power of two (libvirt refuses it)", vgamem_kib);
    }
    if (vgamem_kib < kQxlMinVgamemKib || vgamem_kib > kQxlMaxVgamemKib) {
        return fmt::format("vgamem={} KiB is outside {}..{} KiB (QEMU would clamp it)", vgamem_kib,
                           kQxlMinVgamemKib, kQxlMaxVgamemKib);
    }
    return std::nullopt;
}

std::optional<std::string> qxl_heads_problem(unsigned heads) {
    if (heads < kQxlMinHeads || heads > kQxlMaxHeads) {
        return fmt::format("heads={} is outside {}..{} (SPICE shows up to 4 monitors)", heads,
                           kQxlMinHeads, kQxlMaxHeads);
    }
    return std::nullopt;
}

}  // namespace spicedesk::virt
