#pragma once

// Changing what libvirt has defined, safely: the new definition is checked (libvirt's schema
// and our rules) before libvirt sees it, and any failure leaves the old definition in place.

#include <functional>
#include <string>

#include "common/result.hpp"
#include "libvirt-driver/connection/connection.hpp"
#include "libvirt-driver/domain/domain_xml.hpp"

namespace spicedesk::virt {

struct Redefinition {
    std::string name;
    bool running = false;  // the change takes effect at the domain's next boot
};

// Validates, then defines. Returns the defined name.
Result<std::string> define_validated(Connection& connection, const DomainXml& domain);

// Reads `name`'s persistent definition (secrets included, so passwords survive), applies
// `edit`, validates and redefines it.
Result<Redefinition> redefine(Connection& connection, const std::string& name,
                              const std::function<Status(DomainXml&)>& edit);

}  // namespace spicedesk::virt
