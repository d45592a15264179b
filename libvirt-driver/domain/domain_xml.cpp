#include "libvirt-driver/domain/domain_xml.hpp"

#include <fmt/format.h>
#include <libxml/parser.h>

#include <array>
#include <climits>

#include "libvirt-driver/domain/serialize.hpp"

namespace spicedesk::virt {

namespace {

// Device order as libvirt formats <devices> (virDomainDefFormatInternal).
constexpr std::array<std::string_view, 31> kDeviceOrder = {
    "emulator", "disk",       "controller", "lease",   "filesystem", "interface",   "smartcard",
    "serial",   "parallel",   "console",    "channel", "input",      "tpm",         "graphics",
    "sound",    "audio",      "video",      "hostdev", "redirdev",   "redirfilter", "hub",
    "watchdog", "memballoon", "rng",        "panic",   "shmem",      "memory",      "iommu",
    "vsock",    "crypto",     "pstore"};

// Top-level order of <domain> children libvirt writes that we may create.
constexpr std::array<std::string_view, 22> kDomainOrder = {
    "name",      "uuid",     "genid",         "title",     "description", "metadata",
    "maxMemory", "memory",   "currentMemory", "blkiotune", "memtune",     "memoryBacking",
    "vcpu",      "vcpus",    "iothreads",     "cputune",   "resource",    "sysinfo",
    "os",        "features", "cpu",           "clock"};

std::string trim_error(const char* message) {
    std::string m = message != nullptr ? message : "unknown error";
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) {
        m.pop_back();
    }
    return m;
}

// Bytes per unit, as libvirt's virScaleInteger reads <memory unit=…>; 0 when unknown.
unsigned long long unit_bytes(std::string_view unit) {
    constexpr unsigned long long kKi = 1024;
    constexpr unsigned long long kK = 1000;
    if (unit == "b" || unit == "bytes") {
        return 1;
    }
    if (unit.empty() || unit == "k" || unit == "K" || unit == "KiB") {
        return kKi;
    }
    if (unit == "KB") {
        return kK;
    }
    if (unit == "M" || unit == "m" || unit == "MiB") {
        return kKi * kKi;
    }
    if (unit == "MB") {
        return kK * kK;
    }
    if (unit == "G" || unit == "g" || unit == "GiB") {
        return kKi * kKi * kKi;
    }
    if (unit == "GB") {
        return kK * kK * kK;
    }
    if (unit == "T" || unit == "t" || unit == "TiB") {
        return kKi * kKi * kKi * kKi;
    }
    if (unit == "TB") {
        return kK * kK * kK * kK;
    }
    return 0;
}

}  // namespace

Result<DomainXml> DomainXml::parse(std::string_view xml) {
    if (xml.size() > static_cast<size_t>(INT_MAX)) {
        return make_error("domain XML too large");
    }
    xml::ensure_initialized();
    xml::QuietGenericErrors quiet;
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (ctxt == nullptr) {
        return make_error("out of memory creating the XML parser");
    }
    // The first error is the one that names the cause (later ones are consequences).
    std::string first_error;
    ctxt->_private = &first_error;
    ctxt->sax->serror = [](void* user_data, xmlErrorPtr error) {
        auto* parser = static_cast<xmlParserCtxtPtr>(user_data);
        auto* first = static_cast<std::string*>(parser->_private);
        if (first->empty() && error != nullptr && error->level >= XML_ERR_ERROR) {
            *first = fmt::format("line {}: {}", error->line, trim_error(error->message));
        }
    };
    // No network access, no entity substitution, no DTD loading: input may be untrusted.
    xmlDoc* doc = xmlCtxtReadMemory(ctxt, xml.data(), static_cast<int>(xml.size()), "domain.xml",
                                    nullptr, XML_PARSE_NONET | XML_PARSE_NOWARNING);
    if (doc == nullptr || !first_error.empty()) {
        if (first_error.empty()) {
            first_error = "line 1: document is empty or not XML";
        }
        xmlFreeDoc(doc);
        xmlFreeParserCtxt(ctxt);
        return make_error(std::move(first_error));
    }
    xmlFreeParserCtxt(ctxt);
    xml::DocPtr owned(doc);
    xmlNode* root = xmlDocGetRootElement(doc);
    if (root == nullptr || !xml::is_element(root, "domain")) {
        return make_error(fmt::format("line {}: not a libvirt domain: root element is <{}>",
                                      root != nullptr ? xmlGetLineNo(root) : 1,
                                      root != nullptr ? xml::name(root) : ""));
    }
    return DomainXml(std::move(owned));
}

DomainXml DomainXml::clone() const {
    return DomainXml(xml::DocPtr(xmlCopyDoc(doc_.get(), 1)));
}

std::string DomainXml::to_string() const {
    return xml::serialize(doc_.get());
}

xmlNode* DomainXml::root() const {
    return xmlDocGetRootElement(doc_.get());
}

std::string DomainXml::domain_type() const {
    return xml::attr(root(), "type").value_or("");
}
void DomainXml::set_domain_type(std::string_view type) {
    xml::set_attr(root(), "type", type);
}

std::string DomainXml::name() const {
    xmlNode* n = xml::first_child(root(), "name");
    return n != nullptr ? xml::text(n) : std::string{};
}

void DomainXml::set_name(std::string_view name) {
    xmlNode* n = xml::first_child(root(), "name");
    if (n == nullptr) {
        n = xml::insert_child_ordered(root(), "name", kDomainOrder);
    }
    xml::set_text(n, name);
}

std::string DomainXml::uuid() const {
    xmlNode* n = xml::first_child(root(), "uuid");
    return n != nullptr ? xml::text(n) : std::string{};
}

void DomainXml::set_uuid(std::string_view uuid) {
    xmlNode* n = xml::first_child(root(), "uuid");
    if (uuid.empty()) {
        xml::remove_node(n);
        return;
    }
    if (n == nullptr) {
        n = xml::insert_child_ordered(root(), "uuid", kDomainOrder);
    }
    xml::set_text(n, uuid);
}

std::string DomainXml::title() const {
    return child_text("title");
}

void DomainXml::set_title(std::string_view title) {
    set_child_text("title", title);
}

std::string DomainXml::description() const {
    return child_text("description");
}

void DomainXml::set_description(std::string_view description) {
    set_child_text("description", description);
}

std::string DomainXml::child_text(std::string_view element) const {
    xmlNode* n = xml::first_child(root(), element);
    return n != nullptr ? xml::text(n) : std::string{};
}

void DomainXml::set_child_text(std::string_view element, std::string_view value) {
    xmlNode* n = xml::first_child(root(), element);
    if (value.empty()) {
        xml::remove_node(n);
        return;
    }
    if (n == nullptr) {
        n = xml::insert_child_ordered(root(), element, kDomainOrder);
    }
    xml::set_text(n, value);
}

std::optional<unsigned long long> DomainXml::memory_kib() const {
    xmlNode* n = xml::first_child(root(), "memory");
    if (n == nullptr) {
        return std::nullopt;
    }
    auto value = xml::parse_unsigned(xml::text(n));
    if (!value) {
        return std::nullopt;
    }
    unsigned long long bytes_per_unit = unit_bytes(xml::attr(n, "unit").value_or("KiB"));
    if (bytes_per_unit == 0 || (*value != 0 && bytes_per_unit > ULLONG_MAX / *value)) {
        return std::nullopt;
    }
    return *value * bytes_per_unit / 1024;  // libvirt rounds down to KiB as well
}

void DomainXml::set_memory_kib(unsigned long long kib) {
    for (std::string_view element : {"memory", "currentMemory"}) {
        xmlNode* n = xml::first_child(root(), element);
        if (n == nullptr) {
            n = xml::insert_child_ordered(root(), element, kDomainOrder);
        }
        xml::set_attr(n, "unit", "KiB");
        xml::set_text(n, std::to_string(kib));
    }
}

std::optional<unsigned> DomainXml::vcpus() const {
    xmlNode* n = xml::first_child(root(), "vcpu");
    if (n == nullptr) {
        return std::nullopt;
    }
    auto value = xml::parse_unsigned(xml::text(n));
    if (!value || *value > UINT_MAX) {
        return std::nullopt;
    }
    return static_cast<unsigned>(*value);
}

void DomainXml::set_vcpus(unsigned vcpus) {
    xmlNode* n = xml::first_child(root(), "vcpu");
    if (n == nullptr) {
        n = xml::insert_child_ordered(root(), "vcpu", kDomainOrder);
        xml::set_attr(n, "placement", "static");
    }
    xml::set_text(n, std::to_string(vcpus));
}

std::string DomainXml::machine() const {
    xmlNode* type = xml::first_child(xml::first_child(root(), "os"), "type");
    return xml::attr(type, "machine").value_or("");
}

void DomainXml::set_machine(std::string_view machine) {
    xmlNode* os = xml::first_child(root(), "os");
    if (os == nullptr) {
        os = xml::insert_child_ordered(root(), "os", kDomainOrder);
    }
    xmlNode* type = xml::first_child(os, "type");
    if (type == nullptr) {
        type = xml::insert_child_before(
            os, "type",
            xml::element_children(os).empty() ? nullptr : xml::element_children(os).front());
        xml::set_attr(type, "arch", "x86_64");
        xml::set_text(type, "hvm");
    }
    if (machine.empty()) {
        xml::remove_attr(type, "machine");
    } else {
        xml::set_attr(type, "machine", machine);
    }
}

std::vector<std::string> DomainXml::boot_order() const {
    std::vector<std::string> result;
    for (xmlNode* b : xml::children(xml::first_child(root(), "os"), "boot")) {
        result.push_back(xml::attr(b, "dev").value_or(""));
    }
    return result;
}

void DomainXml::set_boot_order(const std::vector<std::string>& devs) {
    xmlNode* os = xml::first_child(root(), "os");
    if (os == nullptr) {
        set_machine("");
        os = xml::first_child(root(), "os");
    }
    auto boots = xml::children(os, "boot");
    xmlNode* anchor = boots.empty() ? xml::first_child(os, "type") : boots.front()->prev;
    while (anchor != nullptr && anchor->type != XML_ELEMENT_NODE) {
        anchor = anchor->prev;
    }
    for (xmlNode* b : boots) {
        xml::remove_node(b);
    }
    if (anchor == nullptr) {
        anchor = xml::first_child(os, "type");
    }
    for (const std::string& dev : devs) {
        xmlNode* b = xml::insert_child(os, "boot", anchor);
        xml::set_attr(b, "dev", dev);
        anchor = b;
    }
}

xmlNode* DomainXml::devices_node() const {
    return xml::first_child(root(), "devices");
}

xmlNode* DomainXml::devices_node() {
    xmlNode* d = xml::first_child(root(), "devices");
    return d != nullptr ? d : xml::insert_child(root(), "devices", nullptr);
}

template <typename View>
std::vector<View> DomainXml::views(std::string_view element_name) const {
    std::vector<View> result;
    for (xmlNode* n : xml::children(devices_node(), element_name)) {
        result.emplace_back(n);
    }
    return result;
}

std::vector<Graphics> DomainXml::graphics() const {
    return views<Graphics>("graphics");
}
std::vector<Video> DomainXml::videos() const {
    return views<Video>("video");
}
std::vector<Sound> DomainXml::sounds() const {
    return views<Sound>("sound");
}
std::vector<Audio> DomainXml::audios() const {
    return views<Audio>("audio");
}
std::vector<Channel> DomainXml::channels() const {
    return views<Channel>("channel");
}
std::vector<Redirdev> DomainXml::redirdevs() const {
    return views<Redirdev>("redirdev");
}
std::vector<Input> DomainXml::inputs() const {
    return views<Input>("input");
}
std::vector<Controller> DomainXml::controllers() const {
    return views<Controller>("controller");
}
std::vector<Disk> DomainXml::disks() const {
    return views<Disk>("disk");
}
std::vector<Interface> DomainXml::interfaces() const {
    return views<Interface>("interface");
}

xmlNode* DomainXml::add_device(std::string_view element_name) {
    return xml::insert_child_ordered(devices_node(), element_name, kDeviceOrder);
}

Graphics DomainXml::add_graphics(std::string_view type) {
    Graphics g(add_device("graphics"));
    g.set_type(type);
    return g;
}

Video DomainXml::add_video(std::string_view model) {
    Video v(add_device("video"));
    v.set_model(model);
    return v;
}

Sound DomainXml::add_sound(std::string_view model) {
    Sound s(add_device("sound"));
    s.set_model(model);
    return s;
}

Channel DomainXml::add_spice_agent_channel() {
    Channel c(add_device("channel"));
    c.set_attribute("type", "spicevmc");
    c.set_child_attribute("target", "type", "virtio");
    c.set_child_attribute("target", "name", "com.redhat.spice.0");
    return c;
}

Redirdev DomainXml::add_redirdev(std::string_view bus, std::string_view type) {
    Redirdev r(add_device("redirdev"));
    r.set_attribute("bus", bus);
    r.set_attribute("type", type);
    return r;
}

Input DomainXml::add_input(std::string_view type, std::string_view bus) {
    Input i(add_device("input"));
    i.set_attribute("type", type);
    i.set_attribute("bus", bus);
    return i;
}

Controller DomainXml::add_controller(std::string_view type, std::optional<unsigned> index,
                                     std::string_view model) {
    Controller c(add_device("controller"));
    c.set_attribute("type", type);
    if (index) {
        c.set_attribute("index", std::to_string(*index));
    }
    if (!model.empty()) {
        c.set_attribute("model", model);
    }
    return c;
}

Disk DomainXml::add_disk(std::string_view type, std::string_view device) {
    Disk d(add_device("disk"));
    d.set_attribute("type", type);
    d.set_attribute("device", device);
    return d;
}

Interface DomainXml::add_interface(std::string_view type, std::string_view source) {
    Interface i(add_device("interface"));
    i.set_attribute("type", type);
    if (!source.empty()) {
        std::string_view attr = type == "bridge" ? "bridge" : type == "network" ? "network" : "dev";
        i.set_child_attribute("source", attr, source);
    }
    return i;
}

void DomainXml::remove(const DeviceView& device) {
    xml::remove_node(device.node());
}

}  // namespace spicedesk::virt
