#!/usr/bin/python3
"""GUI test (b): a VNC machine switched to SPICE in the details editor. Runs spicedesk on a
qemu:///embed root (libvirt's real QEMU driver) under Xvfb, drives it through AT-SPI, and reads
the definition back with spicedesk-cli afterwards. Screenshots go to the artifacts folder."""
import unittest
import xml.etree.ElementTree as ET

import atspi_harness as ui


class SwitchToSpice(ui.EmbedAppTest):
    DOMAINS = (ui.VNC_DOMAIN,)

    def test_switch_then_apply_writes_spice_qxl_and_agent(self):
        app = ui.find_app()
        ui.select_row(app, "vncguest")
        ui.click(ui.wait_button(lambda: app, "Open"))
        switch = ui.wait_button(lambda: app, "Switch to SPICE")
        ui.screenshot("b1-details-vnc")
        ui.click(switch)
        ui.wait_button(lambda: app, "Switch")
        ui.screenshot("b2-switch-diff")
        # the draft has SPICE once the header offers the way back
        ui.click_until(lambda: ui.find_button(app, "Switch"), lambda: ui.find_button(app, "Switch to VNC"),
                       what="the switch to SPICE")
        ui.click(ui.wait_button(lambda: app, "Apply"))
        ui.wait_for(lambda: ui.find(app, role="label", name="Saved.", showing=False), 20, "'Saved.'")
        ui.screenshot("b3-applied")
        self.stop_app()

        domain = ET.fromstring(ui.cli("--connect", self.uri, "dumpxml", "--inactive", "--security-info",
                                   "vncguest"))
        self.assertEqual(domain.find("devices/graphics").get("type"), "spice")
        graphics = domain.find("devices/graphics")
        self.assertEqual(graphics.get("passwd"), "vncpw")
        self.assertEqual(domain.find("devices/video/model").get("type"), "qxl")
        channel = domain.find("devices/channel[@type='spicevmc']")
        self.assertIsNotNone(channel)
        self.assertEqual(channel.find("target").get("name"), "com.redhat.spice.0")

    def test_heads_five_is_refused_inline_and_changes_nothing(self):
        ui.cli("--connect", self.uri, "to-spice", "vncguest")
        before = ui.cli("--connect", self.uri, "dumpxml", "--inactive", "vncguest")
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
        self.assertEqual(ui.cli("--connect", self.uri, "dumpxml", "--inactive", "vncguest"), before)


if __name__ == "__main__":
    unittest.main(verbosity=2)
