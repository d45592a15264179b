// libFuzzer: decode_glz over a sequence of images sharing one window (cross-image references).
// Input: repeated [u16 LE length][GLZ data of that length]; a small window bound so that
// eviction happens too.
#include <cstddef>
#include <cstdint>
#include <span>

#include "spice-core/codec/glz.hpp"

using namespace spicedesk::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    GlzWindow window(1 << 20);
    size_t pos = 0;
    while (pos + 2 <= size) {
        size_t len = data[pos] | (size_t{data[pos + 1]} << 8);
        pos += 2;
        if (len > size - pos) {
            len = size - pos;
        }
        (void)decode_glz(std::span<const uint8_t>(data + pos, len), window);
        pos += len;
    }
    return 0;
}
