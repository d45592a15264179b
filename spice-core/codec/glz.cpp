#include "spice-core/codec/glz.hpp"

namespace spicedesk::core {

struct GlzWindow::Impl {
    uint64_t max_pixels = 0;
};

GlzWindow::GlzWindow(uint64_t max_pixels) : impl_(std::make_unique<Impl>()) {
    impl_->max_pixels = max_pixels;
}
GlzWindow::~GlzWindow() = default;
GlzWindow::GlzWindow(GlzWindow&&) noexcept = default;
GlzWindow& GlzWindow::operator=(GlzWindow&&) noexcept = default;
void GlzWindow::clear() {}
size_t GlzWindow::image_count() const {
    return 0;
}
uint64_t GlzWindow::pixel_count() const {
    return 0;
}

Result<DecodedImage> decode_glz(std::span<const uint8_t>, GlzWindow&) {
    return make_error("GLZ image: decoder not implemented yet");
}

}  // namespace spicedesk::core
