#include "libvirt-driver/domain/convert.hpp"

#include <algorithm>
#include <array>

#include "common/log.hpp"
#include "libvirt-driver/domain/xml_util.hpp"

namespace spicedesk::virt {

namespace {

constexpr std::string_view kLog = "virt";

// <graphics> attributes and children only SPICE has (libvirt's formatdomain "Graphical
// framebuffers"); VNC-only ones the other way round.
constexpr std::array<std::string_view, 3> kSpiceOnlyAttrs = {"tlsPort", "defaultMode", "connected"};
constexpr std::array<std::string_view, 10> kSpiceOnlyChildren = {
    "channel",   "image",     "jpeg",  "zlib",         "playback",
    "streaming", "clipboard", "mouse", "filetransfer", "gl"};
constexpr std::array<std::string_view, 4> kVncOnlyAttrs = {"websocket", "sharePolicy",
                                                           "powerControl", "socket"};

// The first video, or the one marked primary='yes' (libvirt puts it first anyway).
std::optional<Video> primary_video(const DomainXml& domain) {
    auto videos = domain.videos();
    if (videos.empty()) {
        return std::nullopt;
    }
    for (const Video& v : videos) {
        if (v.primary().value_or(false)) {
            return v;
        }
    }
    return videos.front();
}

bool is_q35(const DomainXml& domain) {
    return domain.machine().find("q35") != std::string::npos;
}

bool has_usb_controller(const DomainXml& domain) {
    auto controllers = domain.controllers();
    return std::any_of(controllers.begin(), controllers.end(), [](const Controller& c) {
        return c.type() == "usb" && c.model() != "none";
    });
}

// A qxl device with explicit sizes: keeps the ones set, fills in QEMU's defaults otherwise.
void make_qxl(Video& video) {
    bool was_qxl = video.model() == "qxl";
    if (!was_qxl) {
        // Sizes of another model mean something else (vga's vram is its VGA memory): start over.
        video.set_vram(std::nullopt);
        video.set_ram(std::nullopt);
        xml::remove_node(xml::first_child(video.node(), "acceleration"));
        xml::remove_node(xml::first_child(video.node(), "driver"));
        xml::remove_node(xml::first_child(video.node(), "resolution"));
        video.set_model("qxl");
    }
    if (!video.ram()) {
        video.set_ram(kQxlDefaultRamKib);
    }
    if (!video.vram()) {
        video.set_vram(kQxlDefaultVramKib);
    }
    if (!video.vgamem()) {
        video.set_vgamem(kQxlDefaultVgamemKib);
    }
    if (!video.heads()) {
        video.set_heads(1);
    }
}

void convert_graphics_to_spice(DomainXml& domain) {
    auto all = domain.graphics();
    std::optional<Graphics> spice;
    for (const Graphics& g : all) {
        if (g.type() == "spice") {
            spice = g;
            break;
        }
    }
    for (Graphics& g : all) {
        if (g.type() != "vnc") {
            continue;
        }
        if (spice) {
            domain.remove(g);  // libvirt allows one graphics of each type; SPICE replaces VNC
            continue;
        }
        g.set_type("spice");
        for (std::string_view a : kVncOnlyAttrs) {
            g.remove_attribute(a);
        }
        // A VNC listen on a unix socket has no SPICE equivalent libvirt accepts everywhere.
        for (xmlNode* l : xml::children(g.node(), "listen")) {
            if (xml::attr(l, "type").value_or("") == "socket") {
                xml::remove_node(l);
            }
        }
        spice = g;
    }
    if (!spice) {
        Graphics g = domain.add_graphics("spice");
        g.set_autoport(true);
        spice = g;
    }
    // virt-install writes tlsPort='-1'; libvirt then refuses to start unless spice_tls=1 in
    // qemu.conf (PEERS.md). Autoport allocates a TLS port anyway where TLS is enabled.
    if (spice->tls_port().value_or(0) == -1) {
        spice->set_tls_port(std::nullopt);
    }
    if (!spice->port() && !spice->autoport()) {
        spice->set_autoport(true);
    }
}

}  // namespace

Status to_spice(DomainXml& domain) {
    if (domain.root() == nullptr) {
        return make_error("to_spice: empty document");
    }
    convert_graphics_to_spice(domain);

    // Video: the primary device becomes qxl; other qxl devices (one per monitor on Windows)
    // get explicit sizes too.
    if (auto primary = primary_video(domain)) {
        make_qxl(*primary);
        for (Video& v : domain.videos()) {
            if (v.model() == "qxl" && v.node() != primary->node()) {
                make_qxl(v);
            }
        }
    } else {
        Video v = domain.add_video("qxl");
        make_qxl(v);
    }

    // The vdagent channel (libvirt adds the virtio-serial controller it needs).
    auto channels = domain.channels();
    if (std::none_of(channels.begin(), channels.end(),
                     [](const Channel& c) { return c.is_spice_agent(); })) {
        domain.add_spice_agent_channel();
    }

    // USB: a controller (redirdevs and the tablet need one; model='none' disables USB), the
    // tablet for client mouse mode, two redirectors.
    if (!has_usb_controller(domain)) {
        for (Controller& c : domain.controllers()) {
            if (c.type() == "usb") {
                domain.remove(c);  // model='none'
            }
        }
        Controller c = domain.add_controller("usb", 0, "qemu-xhci");
        c.set_attribute("ports", "15");
    }
    auto inputs = domain.inputs();
    if (std::none_of(inputs.begin(), inputs.end(),
                     [](const Input& i) { return i.type() == "tablet"; })) {
        domain.add_input("tablet", "usb");
    }
    auto redirdevs = domain.redirdevs();
    auto usb_redirs = std::count_if(redirdevs.begin(), redirdevs.end(), [](const Redirdev& r) {
        return r.bus() == "usb" && r.type() == "spicevmc";
    });
    for (auto i = usb_redirs; i < 2; ++i) {
        domain.add_redirdev("usb", "spicevmc");
    }

    // Sound: keep it, or add one (ich9 on q35, ich6 elsewhere: both are HDA codecs every
    // supported guest has a driver for). <audio type='none'> (what libvirt writes for VNC)
    // would keep SPICE silent: it becomes type='spice'.
    if (domain.sounds().empty()) {
        domain.add_sound(is_q35(domain) ? "ich9" : "ich6");
    }
    for (Audio& a : domain.audios()) {
        if (a.type() == "none") {
            a.set_attribute("type", "spice");
        }
    }
    log::debug(kLog, "to_spice: converted domain '{}'", domain.name());
    return {};
}

Status to_vnc(DomainXml& domain) {
    if (domain.root() == nullptr) {
        return make_error("to_vnc: empty document");
    }
    // Graphics: the SPICE one becomes VNC (or goes, when a VNC one exists).
    bool have_vnc = false;
    for (const Graphics& g : domain.graphics()) {
        have_vnc = have_vnc || g.type() == "vnc";
    }
    for (Graphics& g : domain.graphics()) {
        if (g.type() != "spice") {
            continue;
        }
        if (have_vnc) {
            domain.remove(g);
            continue;
        }
        g.set_type("vnc");
        for (std::string_view a : kSpiceOnlyAttrs) {
            g.remove_attribute(a);
        }
        for (std::string_view c : kSpiceOnlyChildren) {
            for (xmlNode* n : xml::children(g.node(), c)) {
                xml::remove_node(n);
            }
        }
        if (g.password() && g.password()->size() > 8) {
            log::warn(kLog, "to_vnc: VNC uses only the first 8 characters of the password");
        }
        have_vnc = true;
    }
    if (!have_vnc) {
        Graphics g = domain.add_graphics("vnc");
        g.set_autoport(true);
    }

    // Video: QEMU's qxl device needs SPICE. The primary becomes vga, secondary qxl go.
    auto primary = primary_video(domain);
    for (Video& v : domain.videos()) {
        if (v.model() != "qxl") {
            continue;
        }
        if (primary && v.node() == primary->node()) {
            v.set_model("vga");
            v.set_vram(16384);
            v.set_heads(1);
        } else {
            domain.remove(v);
        }
    }

    // Every device whose backend is SPICE: spicevmc/spiceport channels, redirdevs, smartcards,
    // serial ports and consoles. Redirection filters go with the redirdevs.
    if (xmlNode* devices = domain.devices_node()) {
        for (xmlNode* n : xml::element_children(devices)) {
            std::string type = xml::attr(n, "type").value_or("");
            if (type == "spicevmc" || type == "spiceport") {
                xml::remove_node(n);
            }
        }
        if (domain.redirdevs().empty()) {
            for (xmlNode* n : xml::children(devices, "redirfilter")) {
                xml::remove_node(n);
            }
        }
    }

    // <audio type='spice'>: "Spice audio is not supported without spice graphics". A sound
    // device that names it keeps an <audio type='none'> of that id; otherwise it goes and
    // libvirt picks the default.
    for (Audio& a : domain.audios()) {
        if (a.type() != "spice") {
            continue;
        }
        bool referenced = false;
        for (const Sound& s : domain.sounds()) {
            referenced = referenced || (s.audio_id() && s.audio_id() == a.id());
        }
        if (referenced) {
            a.set_attribute("type", "none");
        } else {
            domain.remove(a);
        }
    }
    log::debug(kLog, "to_vnc: converted domain '{}'", domain.name());
    return {};
}

}  // namespace spicedesk::virt
