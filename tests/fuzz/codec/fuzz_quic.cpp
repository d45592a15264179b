// libFuzzer: decode_quic on the whole input (a QUIC image's data).
#include <cstddef>
#include <cstdint>
#include <span>

#include "spice-core/codec/quic.hpp"

using namespace spicedesk::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    (void)decode_quic(std::span<const uint8_t>(data, size));
    return 0;
}
