#pragma once

// <video><model type ram vram vram64 vgamem heads primary/></video> as a typed view.

#include <optional>
#include <string>
#include <string_view>

#include "libvirt-driver/domain/devices/device.hpp"

namespace spicedesk::virt {

class Video : public DeviceView {
  public:
    using DeviceView::DeviceView;

    std::string model() const;  // <model type>; "" when absent
    void set_model(std::string_view type);

    // Sizes in KiB as libvirt writes them.
    std::optional<unsigned> ram() const;
    void set_ram(std::optional<unsigned> kib);
    std::optional<unsigned> vram() const;
    void set_vram(std::optional<unsigned> kib);
    std::optional<unsigned> vram64() const;
    void set_vram64(std::optional<unsigned> kib);
    std::optional<unsigned> vgamem() const;
    void set_vgamem(std::optional<unsigned> kib);
    std::optional<unsigned> heads() const;
    void set_heads(std::optional<unsigned> heads);
    std::optional<bool> primary() const;  // primary='yes'
    void set_primary(std::optional<bool> primary);

  private:
    std::optional<unsigned> model_size(std::string_view name) const;
    void set_model_size(std::string_view name, std::optional<unsigned> value);
};

}  // namespace spicedesk::virt
