#include "libvirt-driver/domain/devices/simple_devices.hpp"

#include <climits>

namespace spicedesk::virt {

std::string Sound::model() const {
    return attribute("model").value_or("");
}
void Sound::set_model(std::string_view model) {
    set_attribute("model", model);
}
std::optional<std::string> Sound::audio_id() const {
    return child_attribute("audio", "id");
}

std::string Audio::type() const {
    return attribute("type").value_or("");
}
std::optional<std::string> Audio::id() const {
    return attribute("id");
}

std::string Channel::type() const {
    return attribute("type").value_or("");
}
std::string Channel::target_type() const {
    return child_attribute("target", "type").value_or("");
}
std::string Channel::target_name() const {
    return child_attribute("target", "name").value_or("");
}
bool Channel::is_spice_agent() const {
    return type() == "spicevmc" && target_type() == "virtio" &&
           target_name() == "com.redhat.spice.0";
}

std::string Redirdev::bus() const {
    return attribute("bus").value_or("");
}
std::string Redirdev::type() const {
    return attribute("type").value_or("");
}

std::string Input::type() const {
    return attribute("type").value_or("");
}
std::string Input::bus() const {
    return attribute("bus").value_or("");
}

std::string Controller::type() const {
    return attribute("type").value_or("");
}
std::optional<unsigned> Controller::index() const {
    auto v = unsigned_attribute("index");
    if (!v || *v > UINT_MAX) {
        return std::nullopt;
    }
    return static_cast<unsigned>(*v);
}
std::string Controller::model() const {
    return attribute("model").value_or("");
}
void Controller::set_model(std::string_view model) {
    set_attribute("model", model);
}

}  // namespace spicedesk::virt
