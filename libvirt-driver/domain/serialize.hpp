#pragma once

// Serializes a libxml2 document the way libvirt formats domain XML (`virsh dumpxml`): no XML
// declaration, attributes in single quotes with libvirt's escaping (&lt; &gt; &amp; &apos;
// &quot;), an element's attributes before its namespace declarations, one top-level node per
// line. Whitespace text nodes are written as they are, so an unedited document libvirt wrote
// comes back byte for byte.

#include <libxml/tree.h>

#include <string>

namespace spicedesk::virt::xml {

std::string serialize(const xmlDoc* doc);
std::string serialize(const xmlNode* node);

}  // namespace spicedesk::virt::xml
