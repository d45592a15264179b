#!/usr/bin/python3
"""GUI test (b): a VNC machine switched to SPICE in the details editor. Runs spicedesk on a
qemu:///embed root (libvirt's real QEMU driver) under Xvfb, drives it through AT-SPI, and reads
the definition back with spicedesk-cli afterwards. Screenshots go to the artifacts folder."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

import atspi_harness as ui

GUI = os.environ["SPICEDESK_GUI"]
CLI = os.environ["SPICEDESK_CLI"]

VNC_DOMAIN = """<domain type='qemu'>
  <name>vncguest</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1' passwd='vncpw'/>
    <video><model type='vga' vram='16384' heads='1'/></video>
  </devices>
</domain>
"""


def cli(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, check=True).stdout


class SwitchToSpice(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="spicedesk-gui-")
        self.uri = f"qemu:///embed?root={self.root}"
        path = os.path.join(self.root, "vnc.xml")
        with open(path, "w") as f:
            f.write(VNC_DOMAIN)
        cli("--connect", self.uri, "define", path)
        self.app = subprocess.Popen([GUI, "--connect", self.uri])

    def stop_app(self):
        """Ends the app: an embed root serves one process at a time, so the CLI can read the
        definition back only afterwards."""
        if self.app.poll() is None:
            self.app.terminate()
            try:
                self.app.wait(10)
            except subprocess.TimeoutExpired:
                self.app.kill()
                self.app.wait()

    def tearDown(self):
        self.stop_app()
        shutil.rmtree(self.root, ignore_errors=True)

    def test_switch_then_apply_writes_spice_qxl_and_agent(self):
        app = ui.find_app()
        ui.select_row(app, "vncguest")
        ui.click(ui.wait_button(lambda: app, "Open"))
        switch = ui.wait_button(lambda: app, "Switch to SPICE")
        ui.screenshot("b1-details-vnc")
        ui.click(switch)
        confirm = ui.wait_button(lambda: app, "Switch")
        ui.screenshot("b2-switch-diff")
        ui.click(confirm)
        ui.wait_button(lambda: app, "Switch to VNC")  # the draft now has SPICE
        ui.click(ui.wait_button(lambda: app, "Apply"))
        ui.wait_for(lambda: ui.find(app, role="label", name="Saved.", showing=False), 20, "'Saved.'")
        ui.screenshot("b3-applied")
        self.stop_app()

        domain = ET.fromstring(cli("--connect", self.uri, "dumpxml", "--inactive", "--security-info",
                                   "vncguest"))
        self.assertEqual(domain.find("devices/graphics").get("type"), "spice")
        graphics = domain.find("devices/graphics")
        self.assertEqual(graphics.get("passwd"), "vncpw")
        self.assertEqual(domain.find("devices/video/model").get("type"), "qxl")
        channel = domain.find("devices/channel[@type='spicevmc']")
        self.assertIsNotNone(channel)
        self.assertEqual(channel.find("target").get("name"), "com.redhat.spice.0")

    def test_heads_five_is_refused_inline_and_changes_nothing(self):
        cli("--connect", self.uri, "to-spice", "vncguest")
        before = cli("--connect", self.uri, "dumpxml", "--inactive", "vncguest")
        app = ui.find_app()
        ui.select_row(app, "vncguest")
        ui.click(ui.wait_button(lambda: app, "Open"))
        ui.wait_button(lambda: app, "Switch to VNC")
        heads = ui.wait_for(lambda: ui.find(app, role="spin button", contains="Heads", showing=False),
                            20, "the heads spin button")
        heads.queryValue().currentValue = 5
        error = ui.wait_for(lambda: ui.find(app, role="label", contains="heads", showing=False),
                            20, "the inline error about heads")
        self.assertIn("5", error.name)
        ui.screenshot("b4-heads-refused")
        ui.click(ui.wait_button(lambda: app, "Apply"))
        ui.wait_for(lambda: ui.find(app, role="label", contains="pending change", showing=False) or
                    ui.find(app, role="label", name="Nothing to apply.", showing=False), 20, "the apply result")
        self.stop_app()
        self.assertEqual(cli("--connect", self.uri, "dumpxml", "--inactive", "vncguest"), before)


if __name__ == "__main__":
    unittest.main(verbosity=2)
