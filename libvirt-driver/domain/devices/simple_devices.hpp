#pragma once

// The small device views the SPICE/VNC conversion touches: <sound>, <audio>, <channel>,
// <redirdev>, <input>, <controller>. Each reads and writes its own element in place.

#include <optional>
#include <string>
#include <string_view>

#include "libvirt-driver/domain/devices/device.hpp"

namespace spicedesk::virt {

// <sound model='ac97|ich6|ich9|es1370|sb16|usb|…'>
class Sound : public DeviceView {
  public:
    using DeviceView::DeviceView;
    std::string model() const;
    void set_model(std::string_view model);
    std::optional<std::string> audio_id() const;  // <audio id='N'/> child reference
};

// <audio id='N' type='spice|none|pulseaudio|…'/> (libvirt >= 7.2)
class Audio : public DeviceView {
  public:
    using DeviceView::DeviceView;
    std::string type() const;
    std::optional<std::string> id() const;
};

// <channel type='spicevmc|unix|pty|…'><target type='virtio' name='com.redhat.spice.0'/></channel>
class Channel : public DeviceView {
  public:
    using DeviceView::DeviceView;
    std::string type() const;
    std::string target_type() const;
    std::string target_name() const;
    // type='spicevmc' with a virtio target named com.redhat.spice.0 (the vdagent channel).
    bool is_spice_agent() const;
};

// <redirdev bus='usb' type='spicevmc'/>
class Redirdev : public DeviceView {
  public:
    using DeviceView::DeviceView;
    std::string bus() const;
    std::string type() const;
};

// <input type='tablet|mouse|keyboard' bus='usb|ps2|virtio'/>
class Input : public DeviceView {
  public:
    using DeviceView::DeviceView;
    std::string type() const;
    std::string bus() const;
};

// <controller type='usb|virtio-serial|pci|ide|sata|scsi' index='N' model='…'/>
class Controller : public DeviceView {
  public:
    using DeviceView::DeviceView;
    std::string type() const;
    std::optional<unsigned> index() const;
    std::string model() const;
    void set_model(std::string_view model);
};

}  // namespace spicedesk::virt
