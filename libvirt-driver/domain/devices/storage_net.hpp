#pragma once

// <disk> and <interface> views: what the wizard, the CLI's install and the details editor read
// and set. Anything else on these elements stays as it is.

#include <optional>
#include <string>
#include <string_view>

#include "libvirt-driver/domain/devices/device.hpp"

namespace spicedesk::virt {

// <disk type='file|block|…' device='disk|cdrom|floppy|lun'>
class Disk : public DeviceView {
  public:
    using DeviceView::DeviceView;
    std::string type() const;
    std::string device() const;
    std::string driver_name() const;  // <driver name>
    std::string driver_type() const;  // <driver type>: qcow2, raw
    void set_driver(std::string_view name, std::string_view type);
    // <source file|dev|…>: the path whatever the disk type
    std::string source() const;
    void set_source(std::string_view path);  // file= for type file, dev= for type block
    std::string target_dev() const;
    std::string target_bus() const;
    void set_target(std::string_view dev, std::string_view bus);
    bool readonly() const;
    void set_readonly(bool readonly);
};

// <interface type='bridge|network|user|direct|…'>
class Interface : public DeviceView {
  public:
    using DeviceView::DeviceView;
    std::string type() const;
    // <source bridge|network|dev>: the value whatever the type
    std::string source() const;
    std::string model() const;  // <model type>
    void set_model(std::string_view model);
    std::string mac() const;  // <mac address>
};

}  // namespace spicedesk::virt
