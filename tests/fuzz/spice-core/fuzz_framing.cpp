// libFuzzer: mini and full message headers.
#include <cstddef>
#include <cstdint>
#include <span>

#include "spice-core/protocol/framing.hpp"

using namespace spicedesk::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) {
        return 0;
    }
    Framing framing((data[0] & 1) != 0);
    std::span<const uint8_t> in(data + 1, size - 1);
    (void)framing.parse_header(in.first(std::min(in.size(), framing.header_size())), 1 << 20);
    return 0;
}
