#pragma once

// Pointer grab and warp through X11 (gdk-x11), which GTK 4 no longer offers: the console's
// server mouse mode needs them. Kept apart so no X11 macro (None, Status, True…) leaks into
// other files. Every call does nothing and returns false where the display is not X11.

typedef struct _GdkSurface GdkSurface;  // NOLINT: GDK's C type

namespace spicedesk::gui {

// Grabs the pointer to `surface` (confined to it; events still reach GTK). False when not X11
// or the grab failed.
bool x11_grab_pointer(GdkSurface* surface);
void x11_ungrab_pointer(GdkSurface* surface);
// Moves the pointer to (x, y) in the surface's coordinates (logical pixels).
bool x11_warp_pointer(GdkSurface* surface, double x, double y);

}  // namespace spicedesk::gui
