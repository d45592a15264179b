#include "libvirt-driver/domain/templates.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace spicedesk::virt {

Result<std::string> template_text(std::string_view name) {
    if (const char* dir = std::getenv("SPICEDESK_TEMPLATE_DIR"); dir != nullptr && *dir != 0) {
        std::ifstream in(fmt::format("{}/{}", dir, name), std::ios::binary);
        if (in) {
            std::ostringstream text;
            text << in.rdbuf();
            return text.str();
        }
    }
    for (const EmbeddedTemplate& t : embedded_templates()) {
        if (name == t.name) {
            return std::string(t.text);
        }
    }
    return make_error(fmt::format("no domain template named '{}'", name));
}

}  // namespace spicedesk::virt
