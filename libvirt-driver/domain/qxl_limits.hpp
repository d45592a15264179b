#pragma once

// What QEMU's qxl device and libvirt accept for <video><model type='qxl'>, in KiB as libvirt
// writes them. From QEMU's hw/display/qxl.c (qxl_init_ramsize: vgamem clamped to 8..256 MiB,
// ram raised to 2 × vgamem, every size rounded up to a power of two; sizes are uint32 bytes)
// and libvirt's qemu_validate.c (vgamem ≥ 1 MiB and a power of two; ram, vram < UINT_MAX/1024).
// We refuse what QEMU would silently change, so the guest gets what the XML says.

#include <optional>
#include <string>

namespace spicedesk::virt {

inline constexpr unsigned kQxlMinHeads = 1;
inline constexpr unsigned kQxlMaxHeads = 4;  // the seed: "up to 4" monitors
inline constexpr unsigned kQxlMinVgamemKib = 8 * 1024;
inline constexpr unsigned kQxlMaxVgamemKib = 256 * 1024;
inline constexpr unsigned kQxlMaxRamKib = 512 * 1024;    // VGA BAR limit (vga_common_init)
inline constexpr unsigned kQxlMinVramKib = 4;            // one page
inline constexpr unsigned kQxlMaxVramKib = 1024 * 1024;  // uint32 bytes, power of two
inline constexpr unsigned long long kQxlMaxVram64Kib = 1024ULL * 1024 * 1024;  // 1 TiB

inline bool is_power_of_two(unsigned long long v) {
    return v != 0 && (v & (v - 1)) == 0;
}

// The reason a qxl size is refused, or nullopt when QEMU takes it as it is. `ram`/`vgamem` may be
// unset (QEMU defaults: 64 MiB / 16 MiB).
std::optional<std::string> qxl_ram_problem(unsigned ram_kib, std::optional<unsigned> vgamem_kib);
std::optional<std::string> qxl_vram_problem(unsigned vram_kib);
std::optional<std::string> qxl_vram64_problem(unsigned long long vram64_kib,
                                              std::optional<unsigned> vram_kib);
std::optional<std::string> qxl_vgamem_problem(unsigned vgamem_kib);
std::optional<std::string> qxl_heads_problem(unsigned heads);

}  // namespace spicedesk::virt
