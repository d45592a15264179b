#pragma once

// Pointer grab and warp through X11 (gdk-x11), which GTK 4 no longer offers: the console's
// server mouse mode needs them. Kept apart so no X11 macro (None, Status, True…) leaks into
// other files. Every call does nothing and returns false where the display is not X11.

typedef struct _GdkSurface GdkSurface;  // NOLINT: GDK's C type

namespace spicedesk::gui {

enum class X11Grab {
    kGrabbed,
    kBusy,  // another grab is active (e.g. the implicit grab of a button still held): retry
    kFailed,
    kNotX11,
};

// Grabs the pointer to `surface` (confined to it; events still reach GTK).
X11Grab x11_grab_pointer(GdkSurface* surface);
void x11_ungrab_pointer(GdkSurface* surface);
// Moves the pointer to (x, y) in the surface's coordinates (logical pixels).
bool x11_warp_pointer(GdkSurface* surface, double x, double y);

}  // namespace spicedesk::gui
