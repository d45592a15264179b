#!/usr/bin/python3
"""spicedesk-viewer's "Resize guest to window" under Xvfb:
- against spicedesk-testserver (no agent): the toggle stays insensitive;
- against real QEMU (-vga qxl -spice, TCG) booting the qxl-DRM guest fixture with the SPICE
  agent's virtio port held open (tests/fixtures/qxl-guest, agent=True): the toggle becomes
  sensitive once the agent is reported; switched on, resizing the viewer's X window (no window
  manager here: XResizeWindow through libX11) makes the guest's qxl driver take the view's size as
  its preferred mode (guest serial) and its console that mode: the window then shows, 1:1, exactly
  the top-left view-sized part of QEMU's own screendump (the guest's new monitor). The setting is
  saved (GSettings keyfile backend) and a second viewer starts with it on.
"""
import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import atspi_harness as ui
import screen_search
from spice_test_util import TestServer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "fixtures", "qxl-guest"))
from qxl_guest import QxlGuest  # noqa: E402
from qemu_spice import read_ppm  # noqa: E402

VIEWER = os.environ.get("SPICEDESK_VIEWER", "spicedesk-viewer")
SERVER = os.environ.get("SPICEDESK_TESTSERVER", "spicedesk-testserver")
GUEST_CACHE = os.environ.get("SPICEDESK_QXL_GUEST_CACHE", "/tmp/spicedesk-qxl-guest")
SCHEMA_DIR = os.environ.get("SPICEDESK_SCHEMA_DIR", "")
TOGGLE = "Resize guest to window"


def x_windows():
    """(id, title, width, height) of every titled X window (xwininfo's tree)."""
    out = subprocess.run(["xwininfo", "-root", "-tree"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        m = re.match(r'\s*(0x[0-9a-f]+) "([^"]*)":.*\s(\d+)x(\d+)\+', line)
        if m:
            yield int(m.group(1), 16), m.group(2), int(m.group(3)), int(m.group(4))


def x_window(title):
    """The X window id of the window titled `title`."""
    return next((wid for wid, t, _, _ in x_windows() if t == title), None)


def x_window_containing(text, min_width=200):
    """(id, width, height) of a window wider than min_width whose title contains `text`."""
    return next(((wid, w, h) for wid, t, w, h in x_windows() if text in t and w > min_width), None)


def x_resize(window, width, height):
    """Resizes an X window as a window manager would (there is none under this Xvfb)."""
    x11 = ctypes.CDLL(ctypes.util.find_library("X11"))
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XResizeWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_uint, ctypes.c_uint]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = x11.XOpenDisplay(None)
    if not display:
        raise AssertionError("cannot open the X display")
    x11.XResizeWindow(display, window, width, height)
    x11.XFlush(display)
    x11.XCloseDisplay(display)


class ResizeGuest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="spicedesk-resize-guest-")
        self.viewer = None
        self.env = dict(os.environ)
        # The saved preference goes to a keyfile in our own config dir.
        self.env.update({"GSETTINGS_BACKEND": "keyfile",
                         "XDG_CONFIG_HOME": os.path.join(self.tmp, "config")})
        if SCHEMA_DIR:
            self.env["GSETTINGS_SCHEMA_DIR"] = SCHEMA_DIR

    def tearDown(self):
        self.stop_viewer()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def stop_viewer(self):
        if self.viewer is not None:
            ui.stop_process(self.viewer)
        self.viewer = None

    def start_viewer(self, port, *extra):
        self.viewer = subprocess.Popen([VIEWER, "-h", "127.0.0.1", "-p", str(port), "--title",
                                        "Test VM", *extra], env=self.env)
        app = ui.find_app("spicedesk-viewer")
        toggle = ui.wait_find(lambda: app, role="push button", name=TOGGLE)
        return app, toggle

    def test_insensitive_without_agent(self):
        pwfile = os.path.join(self.tmp, "pw")
        with open(pwfile, "w") as f:
            f.write("pw\n")
        with TestServer(SERVER, ["--port", "0", "--password-file", pwfile, "--size", "640x480",
                                 "--frames", "2"]) as server:
            app, toggle = self.start_viewer(server.port, "--password-file", pwfile)
            # Connected (the picture is shown) and still no agent: insensitive.
            ui.wait_for(lambda: x_window("Test VM") is not None, 20, "the viewer's window")
            time.sleep(3)
            ui.screenshot("r1-no-agent")
            self.assertFalse(ui.is_sensitive(toggle), "the toggle is sensitive without an agent")
            self.assertFalse(ui.is_pressed(toggle))
            print("without an agent the toggle stays insensitive")

    def test_window_size_becomes_the_guests(self):
        with QxlGuest(GUEST_CACHE, agent=True) as g:
            g.wait_serial(r"spicedesk-guest: agent port open")
            first, _ = g.wait_serial(r"spicedesk-guest: modes (\S+)=(\S+)")
            connector = first.group(1)
            app, toggle = self.start_viewer(g.port)
            ui.wait_for(lambda: ui.is_sensitive(toggle), 30, "the toggle to become sensitive (agent)")
            print("the agent is connected: the toggle is sensitive")
            ui.click_until(lambda: toggle, lambda: ui.is_pressed(toggle), 20,
                           "the toggle to switch on")
            window = ui.wait_for(lambda: x_window("Test VM"), 20, "the viewer's X window")
            time.sleep(1.5)  # the request sent when switched on (the window's own size) settles
            t0 = time.time()
            x_resize(window, 840, 660)
            pattern = r"spicedesk-guest: modes [^\n]*%s=(\d+)x(\d+)" % re.escape(connector)

            def resized():
                sizes = re.findall(pattern, g.serial())
                return sizes and sizes[-1][0] == "840" and sizes[-1]
            try:
                w, h = ui.wait_for(resized, 30,
                                   "the guest's preferred mode to take the window's width")
            except AssertionError:
                ui.screenshot("r2-not-resized")
                print(g.serial())
                print(subprocess.run(["xwininfo", "-id", str(window)], capture_output=True,
                                     text=True).stdout)
                raise
            w, h = int(w), int(h)
            print("window 840x660 -> the guest's preferred mode %dx%d (%.1f s)"
                  % (w, h, time.time() - t0))
            self.assertTrue(560 <= h < 660, "the view's height %d (window 660, less the toolbar)"
                            % h)

            # The guest's console takes that mode (it fits its 1024x768 framebuffer): the window
            # shows exactly that part of QEMU's own screendump, 1:1.
            def shown():
                dump = os.path.join(self.tmp, "dump.ppm")
                g.screendump(dump)
                full = read_ppm(dump)
                head = (w, h, b"".join(full[2][(r * full[0]) * 3:(r * full[0] + w) * 3]
                                       for r in range(h)))
                return screen_search.find(screen_search.grab_root("r2-resized"), head) is not None
            ui.wait_for(shown, 30, "the guest's %dx%d monitor on the screen, 1:1" % (w, h))
            print("the window shows the guest's %dx%d monitor pixel for pixel" % (w, h))

            # Saved: a new viewer starts with it on.
            self.stop_viewer()
            app, toggle = self.start_viewer(g.port)
            ui.wait_for(lambda: ui.is_sensitive(toggle), 30, "the toggle to become sensitive again")
            self.assertTrue(ui.is_pressed(toggle), "the saved setting was not restored")
            print("the setting was saved and restored")


if __name__ == "__main__":
    unittest.main(verbosity=2)
