#!/usr/bin/python3
"""The console page shows a running VNC machine (real QEMU under libvirt's QEMU driver, password
protected) through gvnc in our own view: its Screenshot of the guest equals, pixel for pixel but
for SeaBIOS' blinking text cursor, the picture QEMU itself gives libvirt (spicedesk-cli
screenshot → virDomainScreenshot → QEMU screendump)."""
import glob
import os
import subprocess
import time

import atspi_harness as ui

def differing_pixels(a, b):
    """ImageMagick's count of pixels that differ between two images of the same size."""
    result = subprocess.run(["compare", "-metric", "AE", a, b, "null:"], capture_output=True, text=True)
    return int(float(result.stderr.split()[0]))


def size_of(path):
    out = subprocess.run(["identify", "-format", "%w %h", path], capture_output=True, text=True, check=True)
    width, height = out.stdout.split()
    return int(width), int(height)


class VncConsole(ui.EmbedAppTest):
    DOMAINS = (ui.VNC_DOMAIN,)
    START = ("vncguest",)

    def test_console_shows_the_guest_screen(self):
        app = ui.find_app()
        ui.select_row(app, "vncguest")
        ui.click(ui.wait_button(lambda: app, "Open"))
        shot = ui.wait_for(lambda: ui.find_button(app, "Screenshot"), 30, "the console")
        ui.wait_for(lambda: ui.is_sensitive(shot), 30, "the console connected")
        time.sleep(6)  # SeaBIOS reaches its still "No bootable device." screen
        ui.screenshot("c1-vnc-console")
        ui.click(shot)
        ours = ui.wait_for(lambda: glob.glob(os.path.join(self.home, "vncguest-*.png")), 20, "our screenshot")[0]
        self.stop_app()

        theirs = os.path.join(self.home, "qemu.png")
        ui.cli("--connect", self.uri, "screenshot", "vncguest", "--file", theirs)
        self.assertEqual(size_of(ours), size_of(theirs))
        width, height = size_of(ours)
        differ = differing_pixels(ours, theirs)
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
    import unittest
    unittest.main(verbosity=2)
