#include "libvirt-driver/domain/edit.hpp"

namespace spicedesk::virt {

Status set_video(DomainXml& /*domain*/, std::optional<unsigned> /*vram_kib*/,
                 std::optional<unsigned> /*heads*/) {
    return make_error("set_video: not implemented yet");
}
Status set_sound(DomainXml& /*domain*/, std::string_view /*model*/) {
    return make_error("set_sound: not implemented yet");
}

}  // namespace spicedesk::virt
