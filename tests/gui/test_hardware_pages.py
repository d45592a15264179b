#!/usr/bin/python3
"""GUI test: the details editor's Overview, CPUs, Memory, Boot, Disks and NICs pages and Add
Hardware on qemu:///embed (libvirt's real QEMU driver). Values the host cannot give are refused
inline and change nothing; the rest is applied and read back with spicedesk-cli."""
import unittest
import xml.etree.ElementTree as ET

import atspi_harness as ui

GUEST = """<domain type='qemu'>
  <name>hwguest</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type><boot dev='hd'/><boot dev='cdrom'/></os>
  <devices>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <target dev='sda' bus='sata'/>
      <readonly/>
    </disk>
    <interface type='user'><model type='e1000'/></interface>
    <graphics type='spice' autoport='yes' listen='127.0.0.1'/>
    <video><model type='qxl' vram='65536' heads='1'/></video>
  </devices>
</domain>
"""


class HardwarePages(ui.EmbedAppTest):
    DOMAINS = (GUEST,)

    def spin(self, app, name):
        return ui.wait_for(lambda: ui.find(app, role="spin button", contains=name, showing=False),
                           20, f"spin button '{name}'")

    def test_edit_cpus_memory_boot_and_add_sound_then_apply(self):
        app = ui.find_app()
        ui.select_row(app, "hwguest")
        ui.click(ui.wait_button(lambda: app, "Open"))
        ui.wait_button(lambda: app, "Add Hardware")

        ui.select_page(app, "Overview")
        ui.wait_for(lambda: ui.find(app, role="label", name="hwguest", showing=False), 20,
                    "the name on the Overview page")
        ui.select_page(app, "Disks")
        ui.wait_for(lambda: ui.find(app, role="label", contains="sda sata cdrom", showing=False), 20,
                    "the CD-ROM row on the Disks page")
        ui.select_page(app, "Network interfaces")
        ui.wait_for(lambda: ui.find(app, role="label", contains="user-mode networking", showing=False), 20,
                    "the NIC row")
        ui.screenshot("h1-nics")

        ui.select_page(app, "Memory")
        memory = self.spin(app, "Memory in MiB")
        memory.queryValue().currentValue = 15
        refusal = ui.wait_for(lambda: ui.find(app, role="label", contains="too little", showing=False),
                              20, "the inline refusal of 15 MiB")
        self.assertIn("15", refusal.name)
        ui.screenshot("h2-memory-refused")
        memory.queryValue().currentValue = 96

        ui.select_page(app, "CPUs")
        self.spin(app, "vCPUs").queryValue().currentValue = 2

        ui.select_page(app, "Boot")
        ui.click(ui.wait_button(lambda: app, "Move CD-ROM up"))
        ui.wait_button(lambda: app, "Move Hard disk down")
        ui.screenshot("h3-boot")

        ui.click(ui.wait_button(lambda: app, "Add Hardware"))
        sound = ui.wait_for(lambda: ui.find(app, role="check box", contains="ound card", showing=False),
                            20, "the sound card choice")
        ui.check_with_mnemonic(sound, "o")
        ui.screenshot("h4-add-hardware")
        ui.click_until(lambda: ui.find_button(app, "Finish"),
                       lambda: ui.find_button(app, "Finish") is None, what="Add Hardware to close")

        ui.click(ui.wait_button(lambda: app, "Apply"))
        ui.wait_for(lambda: ui.find(app, role="label", name="Saved.", showing=False), 20, "'Saved.'")
        ui.screenshot("h5-applied")
        self.stop_app()

        domain = ET.fromstring(ui.cli("--connect", self.uri, "dumpxml", "--inactive", "hwguest"))
        self.assertEqual(domain.find("vcpu").text, "2")
        self.assertEqual(domain.find("memory").text, str(96 * 1024))
        self.assertEqual([b.get("dev") for b in domain.findall("os/boot")], ["cdrom", "hd"])
        self.assertEqual([s.get("model") for s in domain.findall("devices/sound")], ["ac97"])
        # what the editor was not asked to change is as it was
        self.assertEqual(domain.find("devices/interface/model").get("type"), "e1000")
        self.assertEqual(domain.find("devices/disk/target").get("dev"), "sda")


if __name__ == "__main__":
    unittest.main(verbosity=2)
