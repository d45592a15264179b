#pragma once

// The domain XML templates of xml-templates/, embedded into the library at build time (so the
// library finds them from the build tree and when installed alike). A directory named by
// SPICEDESK_TEMPLATE_DIR overrides them file by file.

#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace spicedesk::virt {

struct EmbeddedTemplate {
    const char* name;  // file name in xml-templates/, e.g. "windows.xml"
    const char* text;
};

const std::vector<EmbeddedTemplate>& embedded_templates();

// The template's text: $SPICEDESK_TEMPLATE_DIR/<name> when that file exists, else the
// embedded copy. Error when neither exists.
Result<std::string> template_text(std::string_view name);

}  // namespace spicedesk::virt
