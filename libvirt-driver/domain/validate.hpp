#pragma once

// Validation before define: libvirt's RelaxNG domain schema (in-process, libxml2) plus our own
// rules (qxl heads 1–4, qxl memory sizes QEMU accepts, graphics port 5900–65535 or auto).

#include <string>

#include "common/result.hpp"
#include "libvirt-driver/domain/domain_xml.hpp"

namespace spicedesk::virt {

// Default location of libvirt's schemas (Debian: libvirt-daemon / libvirt-clients).
inline constexpr const char* kLibvirtSchemaPath = "/usr/share/libvirt/schemas/domain.rng";

// The error message names each offending element and the reason, one per line.
Status validate(const DomainXml& domain);
// Only our own rules (no schema): usable where libvirt's schemas are not installed.
Status validate_rules(const DomainXml& domain);
// Only the RelaxNG schema at `schema_path`.
Status validate_schema(const DomainXml& domain,
                       const std::string& schema_path = kLibvirtSchemaPath);

}  // namespace spicedesk::virt
