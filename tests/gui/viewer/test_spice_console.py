#!/usr/bin/python3
"""The console page shows a running SPICE machine (real QEMU with a qxl card under libvirt's QEMU
driver, password protected) through our own SPICE client in our own view: its Screenshot of the
guest equals, pixel for pixel but for SeaBIOS' blinking text cursor, the picture QEMU itself
gives libvirt (spicedesk-cli screenshot → virDomainScreenshot → QEMU screendump). Without a
guest agent its "Resize guest to window" is insensitive."""
import glob
import os
import subprocess
import time
import unittest

import atspi_harness as ui

# A password-protected SPICE machine with a qxl card and no disk (SeaBIOS ends at "No bootable
# device.").
SPICE_DOMAIN = """<domain type='qemu'>
  <name>spiceguest</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <graphics type='spice' autoport='yes' listen='127.0.0.1' passwd='spicepw'/>
    <video><model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1'/></video>
  </devices>
</domain>
"""


def differing_pixels(a, b):
    """ImageMagick's count of pixels that differ between two images of the same size."""
    result = subprocess.run(["compare", "-metric", "AE", a, b, "null:"], capture_output=True,
                            text=True)
    return int(float(result.stderr.split()[0]))


def size_of(path):
    out = subprocess.run(["identify", "-format", "%w %h", path], capture_output=True, text=True,
                         check=True)
    width, height = out.stdout.split()
    return int(width), int(height)


class SpiceConsole(ui.EmbedAppTest):
    DOMAINS = (SPICE_DOMAIN,)
    START = ("spiceguest",)

    def test_console_shows_the_guest_screen(self):
        app = ui.find_app()
        ui.select_row(app, "spiceguest")
        ui.click(ui.wait_button(lambda: app, "Open"))
        shot = ui.wait_for(lambda: ui.find_button(app, "Screenshot"), 30, "the console")
        ui.wait_for(lambda: ui.is_sensitive(shot), 30,
                    "the SPICE console connected")
        self.assertIsNone(ui.find(app, role="label", contains="not part of this version"),
                          "the page shows the console itself, not the remote-viewer notice")
        # No agent (no spicevmc channel, no guest): "Resize guest to window" is there, insensitive.
        resize = ui.find(app, role="push button", name="Resize guest to window")
        self.assertIsNotNone(resize, "the console page has no 'Resize guest to window'")
        self.assertFalse(ui.is_sensitive(resize),
                         "'Resize guest to window' is sensitive without an agent")
        time.sleep(6)  # SeaBIOS reaches its still "No bootable device." screen
        ui.screenshot("c2-spice-console")
        ui.click(shot)
        ours = ui.wait_for(lambda: glob.glob(os.path.join(self.home, "spiceguest-*.png")), 20,
                           "our screenshot")[0]
        self.stop_app()

        theirs = os.path.join(self.home, "qemu.png")
        ui.cli("--connect", self.uri, "screenshot", "spiceguest", "--file", theirs)
        os.makedirs(ui.ARTIFACTS, exist_ok=True)
        subprocess.run(["cp", ours, os.path.join(ui.ARTIFACTS, "c2-spice-console-ours.png")])
        subprocess.run(["cp", theirs, os.path.join(ui.ARTIFACTS, "c2-spice-console-qemu.png")])
        self.assertEqual(size_of(ours), size_of(theirs))
        width, height = size_of(ours)
        differ = differing_pixels(ours, theirs)
        print(f"{differ} of {width}x{height} pixels differ from QEMU's screendump")
        # the blinking text cursor may be on in one picture only: one cursor of VGA text mode,
        # 9 pixels wide (720×400 mode, 9×16 cells) and 2 lines high
        self.assertLessEqual(differ, 9 * 2, f"{differ} of {width * height} pixels differ")
        if differ:
            box = subprocess.run(["convert", ours, theirs, "-compose", "difference", "-composite",
                                  "-threshold", "0", "-format", "%@", "info:"],
                                 capture_output=True, text=True, check=True).stdout
            cells_wide, rows_high = (int(v) for v in box.split("+")[0].split("x"))
            self.assertLessEqual(cells_wide, 9, f"differences span {box}: not a cursor")
            self.assertLessEqual(rows_high, 2, f"differences span {box}: not a cursor")


if __name__ == "__main__":
    unittest.main(verbosity=2)
