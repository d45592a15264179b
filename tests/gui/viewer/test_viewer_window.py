#!/usr/bin/python3
"""spicedesk-viewer's window under Xvfb against spicedesk-testserver: the guest area on the X
screen equals, pixel for pixel, the headless `spicedesk-viewer --screenshot` of the same server
(so the window shows the picture 1:1 when it has the guest's size); keys typed into the window
reach the server as PC XT scancodes (make and break codes) and the pointer as absolute positions
on the guest's screen (client mouse mode) with button presses; the send-key menu sends
Ctrl+Alt+Del; a server with two heads opens one window per head, each showing its part of the
primary surface."""
import os
import shutil
import subprocess
import tempfile
import time
import unittest

import atspi_harness as ui
import screen_search
from spice_test_util import TestServer

VIEWER = os.environ.get("SPICEDESK_VIEWER", "spicedesk-viewer")
SERVER = os.environ.get("SPICEDESK_TESTSERVER", "spicedesk-testserver")
PASSWORD = "gui-viewer-pw"
KEYCODE_A = 38  # X keycode of 'a' (evdev KEY_A 30 + 8): XT scancode 0x1e


class ViewerWindow(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="spicedesk-viewer-gui-")
        self.pwfile = os.path.join(self.tmp, "pw")
        with open(self.pwfile, "w") as f:
            f.write(PASSWORD + "\n")
        self.viewer = None
        self.server = None

    def tearDown(self):
        if self.viewer is not None:
            ui.stop_process(self.viewer)
        if self.server is not None:
            self.server.kill()
            self.server.proc.stdout.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def start_server(self, *extra):
        self.input_log = os.path.join(self.tmp, "input.log")
        self.server = TestServer(SERVER, ["--port", "0", "--password-file", self.pwfile,
                                          "--size", "800x600", "--frames", "4",
                                          "--input-log", self.input_log, *extra]).__enter__()
        time.sleep(0.5)  # the picture stops changing after frame 4

    def reference(self, name):
        path = os.path.join(self.tmp, name + ".ppm")
        r = subprocess.run([VIEWER, "-p", str(self.server.port), "--password-file", self.pwfile,
                            "--screenshot", path], capture_output=True, text=True, timeout=40)
        self.assertEqual(r.returncode, 0, r.stderr)
        picture = screen_search.read_ppm(path)
        screen_search.save_ppm(picture, os.path.join(ui.ARTIFACTS, name + ".ppm"))
        return picture

    def start_viewer(self, env=None, password_file=True):
        args = [VIEWER, "-h", "127.0.0.1", "-p", str(self.server.port), "--title", "Test VM"]
        if password_file:
            args += ["--password-file", self.pwfile]
        self.viewer = subprocess.Popen(args, env=env)
        return ui.find_app("spicedesk-viewer")

    def wait_on_screen(self, picture, name, seconds=30):
        found = []

        def look():
            at = screen_search.find(screen_search.grab_root(name), picture)
            if at is not None:
                found.append(at)
            return at is not None
        ui.wait_for(look, seconds, f"the guest's picture on the screen ({name})")
        return found[0]

    def input_lines(self):
        with open(self.input_log) as f:
            return [line.strip() for line in f]

    def wait_input(self, wanted, what, act=None, seconds=15):
        """Waits until every line of `wanted` is in the input log (in order), calling `act`
        again every 2 s: without a window manager a first event may go elsewhere."""
        deadline = time.monotonic() + seconds
        last_act = 0.0
        while time.monotonic() < deadline:
            if act is not None and time.monotonic() - last_act > 2:
                act()
                last_act = time.monotonic()
            lines = self.input_lines()
            pos = 0
            for line in lines:
                if pos < len(wanted) and line == wanted[pos]:
                    pos += 1
            if pos == len(wanted):
                return
            time.sleep(0.1)
        self.fail(f"{what}: {wanted} not in the server's input log: {self.input_lines()[-20:]}")

    def test_window_shows_the_guest_and_sends_input(self):
        self.start_server()
        reference = self.reference("v1-reference")
        app = self.start_viewer()
        frame = ui.wait_find(lambda: app, role="frame", name="Test VM")
        x, y = self.wait_on_screen(reference, "v1-viewer-window")
        print(f"the guest's 800x600 picture is on the screen at {x},{y}, pixel for pixel")

        # Client mouse mode: the pointer over guest pixel (100, 50) is position 100 50.
        gx, gy = 100, 50
        ui.pyatspi.Registry.generateMouseEvent(x + gx, y + gy, "abs")
        self.wait_input([f"position {gx} {gy} 0 0"], "pointer position",
                        act=lambda: ui.pyatspi.Registry.generateMouseEvent(x + gx, y + gy, "abs"))
        ui.pyatspi.Registry.generateMouseEvent(x + gx, y + gy, "b1c")
        self.wait_input(["press 1 1", "release 1 0"], "left click")

        # Keys: 'a' is XT 0x1e; key up has the 0x80 bit.
        self.wait_input(["key_down 0x1e", "key_up 0x9e"], "the 'a' key",
                        act=lambda: ui.pyatspi.Registry.generateKeyboardEvent(
                            KEYCODE_A, None, ui.pyatspi.KEY_PRESSRELEASE))

        # The send-key menu: Ctrl+Alt+Del is 1d 38 e0 53 down, then up in reverse order.
        def send_ctrl_alt_del():
            menu_button = ui.find(frame, contains="Send Key")
            if menu_button is not None:
                ui.click(menu_button)
            item = ui.wait_for(lambda: ui.find(app, name="Ctrl+Alt+Del", showing=False), 10,
                               "the Ctrl+Alt+Del menu item")
            ui.click(item)
        self.wait_input(["key_down 0x1d", "key_down 0x38", "key_down 0x53e0",
                         "key_up 0xd3e0", "key_up 0xb8", "key_up 0x9d"],
                        "Ctrl+Alt+Del from the send-key menu", act=send_ctrl_alt_del)

    def test_one_window_per_head(self):
        self.start_server("--heads", "2")
        reference = self.reference("v2-reference")
        w, h, raw = reference
        half = w // 2
        right = (w - half, h, b"".join(raw[(r * w + half) * 3:(r + 1) * w * 3] for r in range(h)))
        app = self.start_viewer()
        ui.wait_find(lambda: app, role="frame", name="Test VM — monitor 2")
        ui.wait_find(lambda: app, role="frame", name="Test VM")
        # Without a window manager the second window maps over the first: it shows head 2,
        # the right half of the primary surface.
        x, y = self.wait_on_screen(right, "v2-viewer-head2")
        print(f"head 2 ({right[0]}x{right[1]}) is on the screen at {x},{y}, pixel for pixel")


    def test_one_window_per_display_channel(self):
        # Two display channels (as one QXL device per monitor gives): a window each.
        dump = os.path.join(self.tmp, "frame.ppm")
        self.start_server("--displays", "2", "--dump-frame", dump)
        app = self.start_viewer()
        ui.wait_find(lambda: app, role="frame", name="Test VM — monitor 2")
        ui.wait_find(lambda: app, role="frame", name="Test VM")
        ui.wait_for(lambda: os.path.exists(dump + ".1") and os.path.getsize(dump + ".1") > 0,
                    20, "the server's frame of display 1")
        time.sleep(0.3)
        second = screen_search.read_ppm(dump + ".1")
        screen_search.save_ppm(second, os.path.join(ui.ARTIFACTS, "v7-reference-display1.ppm"))
        # Without a window manager the second window maps over the first.
        x, y = self.wait_on_screen(second, "v7-viewer-display1")
        print(f"display channel 1 ({second[0]}x{second[1]}) is on the screen at {x},{y}")

    def test_server_mouse_mode_grabs_and_ctrl_alt_releases(self):
        # Without a tablet the server has only the server mouse mode: relative motion, the
        # pointer grabbed by a click (X11) and warped back to the view's centre.
        self.start_server("--no-tablet")
        reference = self.reference("v3-reference")
        app = self.start_viewer()
        ui.wait_find(lambda: app, role="frame", name="Test VM")
        x, y = self.wait_on_screen(reference, "v3-viewer-server-mode")
        gen = ui.pyatspi.Registry.generateMouseEvent
        self.wait_input(["press 1 1", "release 1 0"], "a click grabs the pointer",
                        act=lambda: gen(x + 100, y + 100, "b1c"))
        # The view is the guest's 800x600 at 1:1: its centre is guest pixel (400, 300).
        cx, cy = x + 400, y + 300
        self.wait_input(["motion 30 20 0"], "relative motion from the view's centre",
                        act=lambda: gen(cx + 30, cy + 20, "abs"))
        # Grabbed, the local pointer is hidden and the guest's cursor (16x16, from the cursor
        # channel) is drawn where the guest puts it: the picture differs within one cursor.
        def cursor_drawn():
            screen = screen_search.grab_root("v3-viewer-grabbed")
            box = screen_search.diff_box(screen, reference, x, y)
            return box is not None and box[2] - box[0] <= 16 and box[3] - box[1] <= 16 and box
        box = ui.wait_for(cursor_drawn, 15, "the guest's cursor drawn over the picture")
        print(f"the guest's cursor is drawn within {box}")
        key = ui.pyatspi.Registry.generateKeyboardEvent
        key(37, None, ui.pyatspi.KEY_PRESS)    # Control_L
        key(64, None, ui.pyatspi.KEY_PRESS)    # Alt_L
        key(64, None, ui.pyatspi.KEY_RELEASE)
        key(37, None, ui.pyatspi.KEY_RELEASE)
        self.wait_input(["key_down 0x1d", "key_down 0x38", "key_up 0xb8", "key_up 0x9d"],
                        "Ctrl+Alt reaches the guest")
        time.sleep(0.5)
        before = sum(line.startswith("motion") for line in self.input_lines())
        for step in range(5):
            gen(cx - 100 + 7 * step, cy - 80, "abs")
            time.sleep(0.1)
        time.sleep(0.5)
        after = sum(line.startswith("motion") for line in self.input_lines())
        self.assertEqual(before, after, "after Ctrl+Alt the pointer is released: no motion")
        self.wait_on_screen(reference, "v3-viewer-released")  # and the cursor is not drawn

    def test_wrong_password_says_so(self):
        self.start_server()
        env = dict(os.environ, SPICEDESK_PASSWORD="not-the-password")
        app = self.start_viewer(env=env, password_file=False)
        label = ui.wait_find(lambda: app, role="label", contains="refused the password")
        ui.screenshot("v4-viewer-wrong-password")
        self.assertIn("authentication failed", label.name)
        self.assertNotIn("not-the-password", label.name)

    def test_resizes_follow_the_server(self):
        # The primary surface is destroyed and created again at another size every 10 frames;
        # the window ends with the server's last picture (--dump-frame), pixel for pixel. (A
        # second client would replace the viewer: the reference comes from the server itself.)
        dump = os.path.join(self.tmp, "last-frame.ppm")
        self.start_server("--resize-every", "10", "--frames", "35", "--fps", "20",
                          "--dump-frame", dump)
        app = self.start_viewer()
        frame = ui.wait_find(lambda: app, role="frame", name="Test VM")
        # 1:1: the window keeps its first size, so a smaller picture would be scaled up.
        ui.click(ui.wait_button(lambda: frame, "Scale to fit"))  # a toggle: off
        ui.wait_for(lambda: os.path.exists(dump) and os.path.getsize(dump) > 0, 20,
                    "the server's last frame")
        time.sleep(0.3)
        reference = screen_search.read_ppm(dump)
        screen_search.save_ppm(reference, os.path.join(ui.ARTIFACTS, "v5-reference.ppm"))
        self.assertEqual(reference[:2], (600, 450), "the last size is 3/4 of 800x600")
        x, y = self.wait_on_screen(reference, "v5-viewer-resized")
        print(f"after 3 resizes the 600x450 picture is on the screen at {x},{y}, 1:1")

if __name__ == "__main__":
    unittest.main(verbosity=2)
