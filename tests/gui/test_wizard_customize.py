#!/usr/bin/python3
"""GUI test (a): the new-VM wizard with "Customize configuration before install" on
qemu:///embed (libvirt's real QEMU driver): qxl heads 2 and ac97 chosen in the details editor,
Begin Installation defines and starts the machine; the definition read back has them. Bad input
on the way (a name already taken) is refused inline. Screenshots of each step are artifacts."""
import os
import unittest
import xml.etree.ElementTree as ET

import atspi_harness as ui


TAKEN = """<domain type='qemu'><name>taken</name><memory unit='MiB'>64</memory>
<os><type arch='x86_64'>hvm</type></os></domain>"""


def set_text(node, text):
    editable = node.queryEditableText()
    editable.setTextContents(text)


class WizardCustomize(ui.EmbedAppTest):
    DOMAINS = (TAKEN,)

    def entry(self, app, name):
        return ui.wait_for(lambda: ui.find(app, role="text", contains=name, showing=False), 20,
                           f"entry '{name}'")

    def test_customize_then_begin_installation(self):
        app = ui.find_app()
        ui.click(ui.wait_button(lambda: app, "New virtual machine"))
        ui.wait_button(lambda: app, "Forward")
        manual = ui.wait_for(lambda: ui.find(app, role="check box", contains="Manual install", showing=False),
                             20, "manual install")
        ui.check_with_mnemonic(manual, "m")
        ui.screenshot("a1-source")
        ui.click(ui.wait_button(lambda: app, "Forward"))
        memory = ui.wait_for(lambda: ui.find(app, role="spin button", contains="Memory in MiB", showing=False),
                             20, "memory")
        memory.queryValue().currentValue = 256
        ui.screenshot("a2-memory")
        ui.click(ui.wait_button(lambda: app, "Forward"))
        size = ui.wait_for(lambda: ui.find(app, role="spin button", contains="Disk size", showing=False),
                           20, "disk size")
        size.queryValue().currentValue = 1
        ui.screenshot("a3-storage")
        ui.click(ui.wait_button(lambda: app, "Forward"))

        name = self.entry(app, "Virtual machine name")
        set_text(name, "taken")
        customize = ui.wait_for(lambda: ui.find(app, role="check box", contains="Customize configuration",
                                                showing=False), 20, "customize checkbox")
        ui.check_with_mnemonic(customize, "c")
        ui.click(ui.wait_button(lambda: app, "Finish"))
        refusal = ui.wait_for(lambda: ui.find(app, role="label", contains="already exists", showing=False),
                              20, "the name-taken error")
        self.assertIn("taken", refusal.name)
        ui.screenshot("a4-name-taken")

        set_text(name, "wizvm")
        ui.click(ui.wait_button(lambda: app, "Finish"))
        begin = ui.wait_button(lambda: app, "Begin Installation", seconds=60)
        ui.screenshot("a5-customize")

        heads = ui.wait_for(lambda: ui.find(app, role="spin button", contains="Heads", showing=False),
                            20, "heads")
        heads.queryValue().currentValue = 2
        ui.select_page(app, "Sound")
        ac97 = ui.wait_for(lambda: ui.find(app, role="check box", contains="AC9", showing=False), 20, "AC97")
        ui.check_with_mnemonic(ac97, "7")
        ui.screenshot("a6-customized")
        ui.click(begin)
        ui.wait_for(lambda: ui.find_button(app, "Begin Installation") is None, 60, "the editor to close")
        ui.wait_for(lambda: ui.find(app, role="list item", contains="wizvm", showing=False), 30,
                    "wizvm in the list")
        ui.screenshot("a7-installed")
        self.stop_app()

        domain = ET.fromstring(ui.cli("--connect", self.uri, "dumpxml", "--inactive", "wizvm"))
        model = domain.find("devices/video/model")
        self.assertEqual((model.get("type"), model.get("heads")), ("qxl", "2"))
        self.assertEqual(domain.find("devices/sound").get("model"), "ac97")
        self.assertEqual(domain.find("devices/graphics").get("type"), "spice")
        self.assertEqual(domain.find("memory").text, str(256 * 1024))
        disk = domain.find("devices/disk[@device='disk']/source").get("file")
        self.assertTrue(disk.endswith("wizvm.qcow2") and os.path.exists(disk), disk)
        self.assertIn("running", ui.cli("--connect", self.uri, "list"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
