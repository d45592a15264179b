#include "spice-core/protocol/framing.hpp"

#include <fmt/format.h>

#include "spice-core/protocol/reader.hpp"
#include "spice-core/protocol/writer.hpp"

namespace spicedesk::core {

Result<MessageHeader> Framing::parse_header(std::span<const uint8_t> data,
                                            uint32_t max_body) const {
    Reader r(data);
    MessageHeader h;
    if (!mini_) {
        h.serial = r.u64("serial");
    }
    h.type = r.u16("type");
    h.size = r.u32("size");
    if (!mini_) {
        h.sub_list = r.u32("sub_list");
    }
    if (auto st = r.finish_exact("message header"); !st) {
        return st.error();
    }
    if (h.size > max_body) {
        return make_error(fmt::format("message type {} of {} bytes exceeds the limit of {} bytes",
                                      h.type, h.size, max_body));
    }
    if (h.sub_list != 0 && h.sub_list >= h.size) {
        return make_error(fmt::format("message type {}: sub_list offset {} outside the body",
                                      h.type, h.sub_list));
    }
    return h;
}

std::vector<uint8_t> Framing::header(uint16_t type, uint32_t body_size) {
    Writer w(kFullHeaderSize);
    if (!mini_) {
        w.u64(next_serial_);
    }
    ++next_serial_;
    w.u16(type);
    w.u32(body_size);
    if (!mini_) {
        w.u32(0);
    }
    return w.take();
}

void Framing::append(std::vector<uint8_t>& out, uint16_t type, std::span<const uint8_t> body) {
    auto h = header(type, static_cast<uint32_t>(body.size()));
    out.insert(out.end(), h.begin(), h.end());
    out.insert(out.end(), body.begin(), body.end());
}

}  // namespace spicedesk::core
