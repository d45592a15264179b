#include "libvirt-driver/domain/domain_spec.hpp"

namespace spicedesk::virt {

OsFamily os_family_for_variant(std::string_view os_variant) {
    if (os_variant.starts_with("win")) {
        return OsFamily::kWindows;
    }
    if (os_variant.starts_with("rhel6") || os_variant.starts_with("centos6")) {
        return OsFamily::kRhel6;
    }
    return OsFamily::kLinux;
}

Result<std::string> domain_template(OsFamily /*family*/, std::string_view /*os_variant*/) {
    return make_error("domain_template: not implemented yet");
}

Result<DomainXml> make_domain(const DomainSpec& /*spec*/) {
    return make_error("make_domain: not implemented yet");
}

}  // namespace spicedesk::virt
