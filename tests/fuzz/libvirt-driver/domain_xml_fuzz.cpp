// libFuzzer target: DomainXml::parse on arbitrary bytes, then every operation that walks the
// tree (serialization, to_spice, to_vnc, validation, display_uri). Invariants checked:
// our serialization parses again and serializes to the same bytes; conversions are idempotent.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "libvirt-driver/domain/convert.hpp"
#include "libvirt-driver/domain/display_uri.hpp"
#include "libvirt-driver/domain/domain_xml.hpp"
#include "libvirt-driver/domain/validate.hpp"

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace spicedesk::virt;
    auto parsed = DomainXml::parse(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!parsed) {
        return 0;
    }
    DomainXml& domain = *parsed;
    std::string text = domain.to_string();
    auto again = DomainXml::parse(text);
    check(again.ok());
    check(again->to_string() == text);

    (void)validate(domain);
    (void)display_uri(domain, true);

    DomainXml spice = domain.clone();
    if (to_spice(spice)) {
        std::string once = spice.to_string();
        check(to_spice(spice).ok());
        check(spice.to_string() == once);
        (void)validate_rules(spice);
    }
    DomainXml vnc = domain.clone();
    if (to_vnc(vnc)) {
        std::string once = vnc.to_string();
        check(to_vnc(vnc).ok());
        check(vnc.to_string() == once);
        (void)validate_rules(vnc);
    }
    return 0;
}
