#pragma once

#include <string>

#include "common/result.hpp"
#include "libvirt-driver/domain/domain_xml.hpp"

namespace spicedesk::virt {

// spice://HOST:PORT[?password=PW] (or vnc://) from a running domain's XML (dumpxml with the
// secure flag when the password is wanted). Listen 0.0.0.0 / :: / none → 127.0.0.1; IPv6
// addresses are bracketed. Error when the domain has no graphics or no port allocated yet.
// The port is the TCP port for VNC too (not virsh domdisplay's display number); a SPICE TLS port
// is added as ?tls-port=N; a unix socket listen gives spice+unix:///path.
Result<std::string> display_uri(const DomainXml& live, bool include_password);

}  // namespace spicedesk::virt
