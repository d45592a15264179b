#include "libvirt-driver/domain/devices/video.hpp"

#include <array>
#include <climits>

#include "libvirt-driver/domain/xml_util.hpp"

namespace spicedesk::virt {

namespace {

// Attribute order of <model> as libvirt formats it.
constexpr std::array<std::string_view, 7> kModelAttrOrder = {"type",   "ram",   "vram",   "vram64",
                                                             "vgamem", "heads", "primary"};

void set_model_attr(xmlNode* video, std::string_view name, std::string_view value) {
    xml::set_attr_ordered(xml::ensure_child(video, "model"), name, value, kModelAttrOrder);
}

}  // namespace

std::string Video::model() const {
    return child_attribute("model", "type").value_or("");
}

void Video::set_model(std::string_view type) {
    set_model_attr(node_, "type", type);
    if (type != "qxl") {
        // ram, vram64 and vgamem are qxl-only for libvirt; heads > 1 only for qxl/virtio.
        for (std::string_view attr : {"ram", "vram64", "vgamem"}) {
            remove_child_attribute("model", attr);
        }
        if (type != "virtio" && heads().value_or(1) > 1) {
            set_heads(1);
        }
    }
}

std::optional<unsigned> Video::model_size(std::string_view name) const {
    auto v = unsigned_child_attribute("model", name);
    if (!v || *v > UINT_MAX) {
        return std::nullopt;
    }
    return static_cast<unsigned>(*v);
}

void Video::set_model_size(std::string_view name, std::optional<unsigned> value) {
    if (value) {
        set_model_attr(node_, name, std::to_string(*value));
    } else {
        remove_child_attribute("model", name);
    }
}

std::optional<unsigned> Video::ram() const {
    return model_size("ram");
}
void Video::set_ram(std::optional<unsigned> kib) {
    set_model_size("ram", kib);
}
std::optional<unsigned> Video::vram() const {
    return model_size("vram");
}
void Video::set_vram(std::optional<unsigned> kib) {
    set_model_size("vram", kib);
}
std::optional<unsigned> Video::vram64() const {
    return model_size("vram64");
}
void Video::set_vram64(std::optional<unsigned> kib) {
    set_model_size("vram64", kib);
}
std::optional<unsigned> Video::vgamem() const {
    return model_size("vgamem");
}
void Video::set_vgamem(std::optional<unsigned> kib) {
    set_model_size("vgamem", kib);
}
std::optional<unsigned> Video::heads() const {
    return model_size("heads");
}
void Video::set_heads(std::optional<unsigned> heads) {
    set_model_size("heads", heads);
}

std::optional<bool> Video::primary() const {
    auto v = child_attribute("model", "primary");
    if (!v) {
        return std::nullopt;
    }
    return *v == "yes";
}

void Video::set_primary(std::optional<bool> primary) {
    if (primary) {
        set_model_attr(node_, "primary", *primary ? "yes" : "no");
    } else {
        remove_child_attribute("model", "primary");
    }
}

}  // namespace spicedesk::virt
