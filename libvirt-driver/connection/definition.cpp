#include "libvirt-driver/connection/definition.hpp"

#include <fmt/format.h>

#include "libvirt-driver/domain/validate.hpp"

namespace spicedesk::virt {

Result<std::string> define_validated(Connection& connection, const DomainXml& domain) {
    if (auto valid = validate(domain); !valid) {
        return make_error(fmt::format("the definition of '{}' is not valid:\n{}", domain.name(),
                                      valid.message()));
    }
    return connection.define_xml(domain.to_string());
}

Result<Redefinition> redefine(Connection& connection, const std::string& name,
                              const std::function<Status(DomainXml&)>& edit) {
    auto info = connection.domain_info(name);
    if (!info) {
        return info.error();
    }
    auto xml = connection.domain_xml(name, XmlFlavour::kInactive, /*secure=*/true);
    if (!xml) {
        return xml.error();
    }
    auto domain = DomainXml::parse(*xml);
    if (!domain) {
        return make_error(
            fmt::format("cannot read the definition of '{}': {}", name, domain.message()));
    }
    if (auto edited = edit(*domain); !edited) {
        return make_error(fmt::format("'{}' was not changed: {}", name, edited.message()));
    }
    auto defined = define_validated(connection, *domain);
    if (!defined) {
        return make_error(fmt::format("'{}' was not changed: {}", name, defined.message()));
    }
    const bool running = info->state == DomainState::kRunning ||
                         info->state == DomainState::kPaused ||
                         info->state == DomainState::kBlocked;
    return Redefinition{*defined, running};
}

}  // namespace spicedesk::virt
