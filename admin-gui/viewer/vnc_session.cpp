#include "admin-gui/viewer/vnc_session.hpp"

#include <gvnc.h>

#include <array>
#include <string>

#include "admin-gui/viewer/keymap.hpp"

namespace spicedesk::gui {

// gvnc's signals, forwarded to the session (the user data of every handler).
struct VncSession::Callbacks {
    static void initialized(VncConnection*, gpointer self) {
        auto* session = static_cast<VncSession*>(self);
        session->attach_framebuffer();
        session->report(ConsoleState::kConnected, "");
    }
    static void resized(VncConnection*, guint16, guint16, gpointer self) {
        static_cast<VncSession*>(self)->attach_framebuffer();
    }
    static void updated(VncConnection* connection, guint16 x, guint16 y, guint16 width,
                        guint16 height, gpointer self) {
        auto* session = static_cast<VncSession*>(self);
        if (!session->pixels_.empty() && session->on_frame) {
            session->on_frame(0, session->wrap_pixels(), x, y, width, height);
        }
        vnc_connection_framebuffer_update_request(
            connection, TRUE, 0, 0, static_cast<guint16>(vnc_connection_get_width(connection)),
            static_cast<guint16>(vnc_connection_get_height(connection)));
    }
    static void credential(VncConnection* connection, GValueArray* credentials, gpointer self) {
        auto* session = static_cast<VncSession*>(self);
        for (guint i = 0; i < credentials->n_values; ++i) {
            const int kind = g_value_get_enum(&credentials->values[i]);
            if (kind == VNC_CONNECTION_CREDENTIAL_PASSWORD) {
                vnc_connection_set_credential(connection, kind, session->password_.c_str());
            } else {
                vnc_connection_set_credential(connection, kind, "");
            }
        }
    }
    static void choose_type(VncConnection* connection, GValueArray* types, gpointer) {
        // VNC password authentication where the server offers it, else none.
        unsigned chosen = VNC_CONNECTION_AUTH_NONE;
        for (guint i = 0; i < types->n_values; ++i) {
            const unsigned type = g_value_get_enum(&types->values[i]);
            if (type == VNC_CONNECTION_AUTH_VNC) {
                chosen = type;
            }
        }
        vnc_connection_set_auth_type(connection, chosen);
    }
    static void auth_failed(VncConnection*, const char* reason, gpointer self) {
        static_cast<VncSession*>(self)->report(ConsoleState::kAuthFailed,
                                               reason != nullptr ? reason : "");
    }
    static void error(VncConnection*, const char* message, gpointer self) {
        static_cast<VncSession*>(self)->report(ConsoleState::kError,
                                               message != nullptr ? message : "");
    }
    static void disconnected(VncConnection*, gpointer self) {
        static_cast<VncSession*>(self)->report(ConsoleState::kDisconnected, "");
    }
};

VncSession::VncSession() : connection_(vnc_connection_new()) {
    auto connect = [this](const char* signal, GCallback handler) {
        g_signal_connect(connection_, signal, handler, this);
    };
    connect("vnc-initialized", G_CALLBACK(Callbacks::initialized));
    connect("vnc-desktop-resize", G_CALLBACK(Callbacks::resized));
    connect("vnc-framebuffer-update", G_CALLBACK(Callbacks::updated));
    connect("vnc-auth-credential", G_CALLBACK(Callbacks::credential));
    connect("vnc-auth-choose-type", G_CALLBACK(Callbacks::choose_type));
    connect("vnc-auth-failure", G_CALLBACK(Callbacks::auth_failed));
    connect("vnc-error", G_CALLBACK(Callbacks::error));
    connect("vnc-disconnected", G_CALLBACK(Callbacks::disconnected));
}

VncSession::~VncSession() {
    g_signal_handlers_disconnect_by_data(connection_, this);
    vnc_connection_shutdown(connection_);
    g_object_unref(connection_);
}

void VncSession::open(const std::string& host, int port, const std::string& password) {
    password_ = password;
    reported_failure_ = false;
    report(ConsoleState::kConnecting, "");
    const std::string service = std::to_string(port);
    if (!vnc_connection_open_host(connection_, host.c_str(), service.c_str())) {
        report(ConsoleState::kError, "cannot open the VNC connection");
    }
}

void VncSession::close() {
    vnc_connection_shutdown(connection_);
}

void VncSession::attach_framebuffer() {
    const int width = vnc_connection_get_width(connection_);
    const int height = vnc_connection_get_height(connection_);
    if (width <= 0 || height <= 0) {
        return;
    }
    width_ = width;
    height_ = height;
    stride_ = Cairo::ImageSurface::format_stride_for_width(Cairo::Surface::Format::RGB24, width);
    pixels_.assign(static_cast<size_t>(stride_) * static_cast<size_t>(height), 0);
    // Cairo's RGB24 as gvnc describes pixels: 32 bits, host order, X R G B.
    VncPixelFormat local{};
    local.bits_per_pixel = 32;
    local.depth = 24;
    local.byte_order = G_BYTE_ORDER;
    local.true_color_flag = 1;
    local.red_max = local.green_max = local.blue_max = 255;
    local.red_shift = 16;
    local.green_shift = 8;
    local.blue_shift = 0;
    const VncPixelFormat* remote = vnc_connection_get_pixel_format(connection_);
    VncBaseFramebuffer* framebuffer =
        vnc_base_framebuffer_new(pixels_.data(), static_cast<guint16>(width),
                                 static_cast<guint16>(height), stride_, &local, remote);
    vnc_connection_set_framebuffer(connection_, VNC_FRAMEBUFFER(framebuffer));
    g_object_unref(framebuffer);  // the connection holds it

    std::array<gint32, 7> encodings = {
        VNC_CONNECTION_ENCODING_ZRLE,          VNC_CONNECTION_ENCODING_HEXTILE,
        VNC_CONNECTION_ENCODING_RRE,           VNC_CONNECTION_ENCODING_COPY_RECT,
        VNC_CONNECTION_ENCODING_RAW,           VNC_CONNECTION_ENCODING_DESKTOP_RESIZE,
        VNC_CONNECTION_ENCODING_POINTER_CHANGE};
    vnc_connection_set_encodings(connection_, static_cast<int>(encodings.size()), encodings.data());
    vnc_connection_framebuffer_update_request(connection_, FALSE, 0, 0, static_cast<guint16>(width),
                                              static_cast<guint16>(height));
    if (on_frame) {
        on_frame(0, wrap_pixels(), 0, 0, width, height);
    }
}

Cairo::RefPtr<Cairo::ImageSurface> VncSession::wrap_pixels() {
    return Cairo::ImageSurface::create(pixels_.data(), Cairo::Surface::Format::RGB24, width_,
                                       height_, stride_);
}

void VncSession::report(ConsoleState state, const std::string& message) {
    const bool failure = state == ConsoleState::kAuthFailed || state == ConsoleState::kError;
    if (state == ConsoleState::kDisconnected && reported_failure_) {
        return;  // the failure already said why
    }
    reported_failure_ = reported_failure_ || failure;
    if (on_state) {
        on_state(state, message);
    }
}

void VncSession::send_key(bool down, unsigned keysym, unsigned scancode) {
    if (vnc_connection_is_initialized(connection_)) {
        // gvnc (QEMU's extended key event) takes scancodes as "qnum": 0xE0xx → 0x80 | xx.
        vnc_connection_key_event(connection_, down ? TRUE : FALSE, keysym,
                                 static_cast<guint16>(xt_to_qnum(scancode)));
    }
}

void VncSession::send_pointer(uint32_t, int x, int y, unsigned buttons) {
    if (vnc_connection_is_initialized(connection_) && x >= 0 && y >= 0) {
        vnc_connection_pointer_event(connection_, static_cast<guint8>(buttons),
                                     static_cast<guint16>(x), static_cast<guint16>(y));
    }
}

}  // namespace spicedesk::gui
