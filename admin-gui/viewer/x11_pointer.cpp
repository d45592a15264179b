#include "admin-gui/viewer/x11_pointer.hpp"

#include <gdk/gdk.h>
#if defined(GDK_WINDOWING_X11)
#include <X11/Xlib.h>
#include <gdk/x11/gdkx.h>
#endif

namespace spicedesk::gui {

#if defined(GDK_WINDOWING_X11)
namespace {

bool is_x11(GdkSurface* surface) {
    // GObject's type check macro casts C-style.
    return surface != nullptr &&
           GDK_IS_X11_DISPLAY(gdk_surface_get_display(surface));  // NOLINT(*-cstyle-cast)
}

}  // namespace

X11Grab x11_grab_pointer(GdkSurface* surface) {
    if (!is_x11(surface)) {
        return X11Grab::kNotX11;
    }
    ::Display* display = gdk_x11_display_get_xdisplay(gdk_surface_get_display(surface));
    const ::Window window = gdk_x11_surface_get_xid(surface);
    const int result =
        XGrabPointer(display, window, True, ButtonPressMask | ButtonReleaseMask | PointerMotionMask,
                     GrabModeAsync, GrabModeAsync, window, None, CurrentTime);
    XFlush(display);
    switch (result) {
        case GrabSuccess:
            return X11Grab::kGrabbed;
        case AlreadyGrabbed:
        case GrabFrozen:
            return X11Grab::kBusy;
        default:
            return X11Grab::kFailed;
    }
}

void x11_ungrab_pointer(GdkSurface* surface) {
    if (!is_x11(surface)) {
        return;
    }
    ::Display* display = gdk_x11_display_get_xdisplay(gdk_surface_get_display(surface));
    XUngrabPointer(display, CurrentTime);
    XFlush(display);
}

bool x11_warp_pointer(GdkSurface* surface, double x, double y) {
    if (!is_x11(surface)) {
        return false;
    }
    ::Display* display = gdk_x11_display_get_xdisplay(gdk_surface_get_display(surface));
    const ::Window window = gdk_x11_surface_get_xid(surface);
    const int scale = gdk_surface_get_scale_factor(surface);
    XWarpPointer(display, None, window, 0, 0, 0, 0, static_cast<int>(x * scale),
                 static_cast<int>(y * scale));
    XFlush(display);
    return true;
}
#else
X11Grab x11_grab_pointer(GdkSurface*) {
    return X11Grab::kNotX11;
}
void x11_ungrab_pointer(GdkSurface*) {}
bool x11_warp_pointer(GdkSurface*, double, double) {
    return false;
}
#endif

}  // namespace spicedesk::gui
