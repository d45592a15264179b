#include "libvirt-driver/domain/validate.hpp"

namespace spicedesk::virt {

Status validate(const DomainXml& /*domain*/) {
    return make_error("validate: not implemented yet");
}
Status validate_rules(const DomainXml& /*domain*/) {
    return make_error("validate: not implemented yet");
}
Status validate_schema(const DomainXml& /*domain*/, const std::string& /*schema_path*/) {
    return make_error("validate: not implemented yet");
}

}  // namespace spicedesk::virt
