#include "libvirt-driver/domain/convert.hpp"

namespace spicedesk::virt {

Status to_spice(DomainXml& /*domain*/) {
    return make_error("to_spice: not implemented yet");
}
Status to_vnc(DomainXml& /*domain*/) {
    return make_error("to_vnc: not implemented yet");
}

}  // namespace spicedesk::virt
