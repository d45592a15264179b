#pragma once

// The domain XML model: a libxml2 document of a libvirt <domain>, with typed views over its
// devices (devices/*.hpp). Whatever the model does not know stays in the tree untouched: parse
// then to_string() gives back the document libvirt wrote (equal under C14N), and each edit
// changes only the nodes it means to.
//
// Thread-safety: a DomainXml is owned by one thread at a time.

#include <libxml/tree.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "libvirt-driver/domain/devices/graphics.hpp"
#include "libvirt-driver/domain/devices/simple_devices.hpp"
#include "libvirt-driver/domain/devices/storage_net.hpp"
#include "libvirt-driver/domain/devices/video.hpp"
#include "libvirt-driver/domain/xml_util.hpp"

namespace spicedesk::virt {

class DomainXml {
  public:
    // Error: "line N: reason" from libxml2, or "not a libvirt domain: root element is <x>".
    static Result<DomainXml> parse(std::string_view xml);

    DomainXml(DomainXml&&) noexcept = default;
    DomainXml& operator=(DomainXml&&) noexcept = default;
    DomainXml(const DomainXml&) = delete;
    DomainXml& operator=(const DomainXml&) = delete;
    ~DomainXml() = default;

    DomainXml clone() const;
    // Serialized as `virsh dumpxml` writes it: no XML declaration, trailing newline.
    std::string to_string() const;

    xmlDoc* doc() const { return doc_.get(); }
    xmlNode* root() const;

    // <domain type='qemu|kvm|test'>
    std::string domain_type() const;
    void set_domain_type(std::string_view type);
    std::string name() const;
    void set_name(std::string_view name);
    std::string uuid() const;  // "" when absent
    void set_uuid(std::string_view uuid);
    // <title> (one line, as virsh desc --title) and <description>; "" removes the element.
    std::string title() const;
    void set_title(std::string_view title);
    std::string description() const;
    void set_description(std::string_view description);
    std::optional<unsigned long long> memory_kib() const;  // <memory>, in KiB whatever the unit
    void set_memory_kib(unsigned long long kib);           // <memory> and <currentMemory>
    std::optional<unsigned> vcpus() const;
    void set_vcpus(unsigned vcpus);
    // <os><type machine=…>
    std::string machine() const;
    void set_machine(std::string_view machine);  // "" removes the attribute (libvirt's default)
    // <os><boot dev=…/> in order ("hd", "cdrom", "network", "fd"); replaces existing ones.
    std::vector<std::string> boot_order() const;
    void set_boot_order(const std::vector<std::string>& devs);

    // <devices>, created when missing.
    xmlNode* devices_node();
    xmlNode* devices_node() const;  // nullptr when missing

    std::vector<Graphics> graphics() const;
    std::vector<Video> videos() const;
    std::vector<Sound> sounds() const;
    std::vector<Audio> audios() const;
    std::vector<Channel> channels() const;
    std::vector<Redirdev> redirdevs() const;
    std::vector<Input> inputs() const;
    std::vector<Controller> controllers() const;
    std::vector<Disk> disks() const;
    std::vector<Interface> interfaces() const;

    // New devices are inserted where libvirt puts that kind of device, indented like siblings.
    Graphics add_graphics(std::string_view type);
    Video add_video(std::string_view model);
    Sound add_sound(std::string_view model);
    Channel add_spice_agent_channel();  // spicevmc, virtio target com.redhat.spice.0
    Redirdev add_redirdev(std::string_view bus, std::string_view type);
    Input add_input(std::string_view type, std::string_view bus);
    Controller add_controller(std::string_view type, std::optional<unsigned> index,
                              std::string_view model);
    Disk add_disk(std::string_view type, std::string_view device);
    Interface add_interface(std::string_view type, std::string_view source);
    // Any other device element (e.g. "memballoon", "serial"), placed in libvirt's order.
    xmlNode* add_device(std::string_view element_name);

    // Removes the device's element (with its indentation); the view is invalid afterwards.
    void remove(const DeviceView& device);

  private:
    explicit DomainXml(xml::DocPtr doc) : doc_(std::move(doc)) {}
    // The text of the first top-level <element>; set_child_text("") removes it.
    std::string child_text(std::string_view element) const;
    void set_child_text(std::string_view element, std::string_view value);
    template <typename View>
    std::vector<View> views(std::string_view element_name) const;

    xml::DocPtr doc_;
};

}  // namespace spicedesk::virt
