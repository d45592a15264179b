#include "libvirt-driver/domain/display_uri.hpp"

namespace spicedesk::virt {

Result<std::string> display_uri(const DomainXml& /*live*/, bool /*include_password*/) {
    return make_error("display_uri: not implemented yet");
}

}  // namespace spicedesk::virt
