#include "spice-core/codec/quic_model.hpp"

namespace spicedesk::core::quic_model {

const Family& family_for(unsigned bpc) {
    static const Family family8(8);
    static const Family family5(5);
    return bpc == 8 ? family8 : family5;
}

}  // namespace spicedesk::core::quic_model
