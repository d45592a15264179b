#pragma once

// <graphics type='spice|vnc|…'> as a typed view over its element.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libvirt-driver/domain/devices/device.hpp"

namespace spicedesk::virt {

struct GraphicsListen {
    std::string type;     // address, network, socket, none
    std::string address;  // for type address
    std::string network;  // for type network
    std::string socket;   // for type socket
};

class Graphics : public DeviceView {
  public:
    using DeviceView::DeviceView;

    std::string type() const;  // "spice", "vnc", ...
    void set_type(std::string_view type);

    std::optional<int> port() const;  // -1 means "allocate automatically"
    void set_port(std::optional<int> port);
    std::optional<bool> autoport() const;
    void set_autoport(std::optional<bool> autoport);
    std::optional<int> tls_port() const;
    void set_tls_port(std::optional<int> port);

    // The listen address: the `listen` attribute, else the first <listen type='address'>'s
    // address; "" when neither is set.
    std::string listen() const;
    // Sets both the `listen` attribute and the <listen type='address' address=…/> child, as
    // libvirt itself writes them. An empty address removes both.
    void set_listen(std::string_view address);
    std::vector<GraphicsListen> listens() const;

    std::optional<std::string> password() const;  // passwd
    void set_password(const std::optional<std::string>& password);
    std::optional<std::string> password_valid_to() const;  // passwdValidTo
    void set_password_valid_to(const std::optional<std::string>& when);
    std::optional<std::string> default_mode() const;  // defaultMode: any, secure, insecure
    void set_default_mode(const std::optional<std::string>& mode);

    // SPICE <channel name='main|display|inputs|cursor|playback|record|smartcard|usbredir'
    // mode='any|secure|insecure'/>.
    std::optional<std::string> channel_mode(std::string_view channel_name) const;
    void set_channel_mode(std::string_view channel_name, const std::optional<std::string>& mode);

    std::optional<std::string> image_compression() const;  // <image compression>
    void set_image_compression(const std::optional<std::string>& compression);
    std::optional<std::string> streaming_mode() const;  // <streaming mode>
    void set_streaming_mode(const std::optional<std::string>& mode);
    std::optional<std::string> mouse_mode() const;  // <mouse mode='client|server'>
    void set_mouse_mode(const std::optional<std::string>& mode);
    std::optional<bool> clipboard_copypaste() const;  // <clipboard copypaste='yes|no'>
    void set_clipboard_copypaste(std::optional<bool> enabled);
    std::optional<bool> filetransfer_enable() const;  // <filetransfer enable='yes|no'>
    void set_filetransfer_enable(std::optional<bool> enabled);

  private:
    std::optional<std::string> child_value(std::string_view child, std::string_view name) const;
    void set_child_value(std::string_view child, std::string_view name,
                         const std::optional<std::string>& value);
};

}  // namespace spicedesk::virt
