#!/usr/bin/python3
"""The Console page's "Resize guest to window" against a real guest agent channel: libvirt's QEMU
driver (qemu:///embed) runs the qxl-DRM guest fixture (tests/fixtures/qxl-guest: kernel and
initrd in <os>, `spicedesk.agent=1`) with <channel type='spicevmc'> and its serial port in a file.
The guest's init holds the agent's port open, so QEMU reports the agent connected: the toggle
becomes sensitive. Switched on, the page asks the guest for its view's size at once (the guest's
preferred mode, printed on its serial port, leaves 1024x768); growing the details window (X, no
window manager) by 100x60 grows that mode by exactly 60 rows and by part of the 100 columns (the
hardware list's pane takes the rest)."""
import os
import re
import sys
import tempfile
import time
import unittest

import atspi_harness as ui
from test_resize_guest import x_resize, x_window_containing

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "fixtures", "qxl-guest"))
import build_guest  # noqa: E402

GUEST_CACHE = os.environ.get("SPICEDESK_QXL_GUEST_CACHE", "/tmp/spicedesk-qxl-guest")
TOGGLE = "Resize guest to window"


def domain_xml(kernel, initrd, serial):
    return f"""<domain type='qemu'>
  <name>agentguest</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
    <kernel>{kernel}</kernel>
    <initrd>{initrd}</initrd>
    <cmdline>{build_guest.append(agent=True)}</cmdline>
  </os>
  <devices>
    <graphics type='spice' autoport='yes' listen='127.0.0.1' passwd='spicepw'/>
    <video><model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1'/></video>
    <channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0'/></channel>
    <serial type='file'><source path='{serial}'/><target port='0'/></serial>
  </devices>
</domain>
"""


class ConsoleResizeGuest(ui.EmbedAppTest):
    START = ("agentguest",)

    def setUp(self):
        kernel, initrd = build_guest.build(GUEST_CACHE)
        self.serial_dir = tempfile.mkdtemp(prefix="spicedesk-serial-")
        self.serial = os.path.join(self.serial_dir, "serial.log")
        self.DOMAINS = (domain_xml(kernel, initrd, self.serial),)
        super().setUp()

    def tearDown(self):
        super().tearDown()
        import shutil
        shutil.rmtree(self.serial_dir, ignore_errors=True)

    def serial_text(self):
        try:
            with open(self.serial, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def modes(self):
        return [(int(w), int(h)) for w, h in
                re.findall(r"spicedesk-guest: modes card0-Virtual-1=(\d+)x(\d+)",
                           self.serial_text())]

    def test_console_page_resizes_the_guest(self):
        app = ui.find_app()
        ui.select_row(app, "agentguest")
        ui.click(ui.wait_button(lambda: app, "Open"))
        toggle = ui.wait_find(lambda: app, role="push button", name=TOGGLE, seconds=30)
        ui.wait_for(lambda: "agent port open" in self.serial_text(), 90,
                    "the guest to open the agent's port")
        ui.wait_for(lambda: ui.is_sensitive(toggle), 30, "the toggle to become sensitive (agent)")
        print("the agent is connected: the console page's toggle is sensitive")
        ui.wait_for(lambda: self.modes(), 30, "the guest's first modes line")
        self.assertEqual(self.modes()[-1], (1024, 768))
        ui.click_until(lambda: toggle, lambda: ui.is_pressed(toggle), 20, "the toggle to switch on")
        first = ui.wait_for(lambda: self.modes()[-1] != (1024, 768) and self.modes()[-1], 30,
                            "the guest to take the view's size when switched on")
        print("switched on: the guest's preferred mode became the view's %dx%d" % first)
        window, ww, wh = ui.wait_for(lambda: x_window_containing("agentguest"), 10,
                                     "the details window")
        x_resize(window, ww + 100, wh + 60)
        ui.screenshot("c3-console-resized")
        second = ui.wait_for(lambda: self.modes()[-1] != first and self.modes()[-1], 30,
                             "the guest to follow the window's new size")
        print("window %dx%d -> %dx%d: the guest's mode %dx%d -> %dx%d" %
              (ww, wh, ww + 100, wh + 60, *first, *second))
        # All the extra height goes to the view; the extra width is shared with the hardware
        # list's pane.
        self.assertEqual(second[1] - first[1], 60)
        self.assertTrue(first[0] < second[0] <= first[0] + 100, "width %d -> %d" %
                        (first[0], second[0]))


if __name__ == "__main__":
    unittest.main(verbosity=2)
