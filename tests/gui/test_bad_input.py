#!/usr/bin/python3
"""GUI test: bad input in the details editor is refused inline and changes nothing, on
qemu:///embed (libvirt's real QEMU driver): a port outside 5900-65535, a port another program
listens on, a vram QEMU would not take, and malformed XML (refused with its line). Apply then
writes nothing: the definition read back with spicedesk-cli is byte-for-byte what it was."""
import socket
import unittest

import atspi_harness as ui

GUEST = """<domain type='qemu'>
  <name>badinput</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <graphics type='spice' port='5950' autoport='no' listen='127.0.0.1'/>
    <video><model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1'/></video>
  </devices>
</domain>
"""


def listening_port():
    """A socket listening on some free port in SPICE's range (the test keeps it open)."""
    for port in range(5990, 6190):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            s.close()
            continue
        s.listen(1)
        return s, port
    raise AssertionError("no free port in 5990-6189 to occupy")


class BadInput(ui.EmbedAppTest):
    DOMAINS = (GUEST,)

    def error_label(self, app, contains, what):
        return ui.wait_for(lambda: ui.find(app, role="label", contains=contains, showing=False), 20, what)

    def test_refusals_are_inline_and_apply_writes_nothing(self):
        app = ui.find_app()
        ui.select_row(app, "badinput")
        ui.click(ui.wait_button(lambda: app, "Open"))
        ui.wait_button(lambda: app, "Add Hardware")

        ui.select_page(app, "Display")
        port = ui.wait_for(lambda: ui.find(app, role="spin button", name="Port", showing=False), 20, "port")
        port.queryValue().currentValue = 80
        refusal = self.error_label(app, "outside 5900", "the refusal of port 80")
        self.assertIn("80", refusal.name)
        ui.screenshot("e1-port-out-of-range")

        occupied, busy = listening_port()
        try:
            port.queryValue().currentValue = busy
            refusal = self.error_label(app, "in use", f"the refusal of busy port {busy}")
            self.assertIn(str(busy), refusal.name)
            ui.screenshot("e2-port-in-use")
        finally:
            occupied.close()
        port.queryValue().currentValue = 5950  # back to the definition's own port

        ui.select_page(app, "Video")
        vram = ui.wait_for(lambda: ui.find(app, role="spin button", contains="Video memory", showing=False),
                           20, "vram")
        vram.queryValue().currentValue = 3
        refusal = self.error_label(app, "not a power of two", "the refusal of vram 3 MiB")
        self.assertIn("vram", refusal.name)
        ui.screenshot("e3-vram-refused")
        vram.queryValue().currentValue = 64

        ui.select_page(app, "XML")
        text = ui.wait_for(lambda: ui.find(app, role="text", contains="Domain XML", showing=False) or
                           ui.find(app, name="Domain XML", showing=False), 20, "the XML text")
        text.queryEditableText().setTextContents("<domain type='qemu'>\n  <name>badinput</name>\n  <devices>\n</domain>\n")
        ui.click(ui.wait_button(lambda: app, "Apply"))
        ui.wait_for(lambda: ui.find(app, role="label", contains="The XML is not valid", showing=False), 20,
                    "Apply refusing the XML")
        refusal = self.error_label(app, "line 4", "the XML error with its line")
        ui.screenshot("e4-xml-refused")
        self.assertIn("line 4", refusal.name)
        self.stop_app()

        after = ui.cli("--connect", self.uri, "dumpxml", "--inactive", "badinput")
        self.assertIn("port='5950'", after)
        self.assertIn("vram='65536'", after)
        self.assertIn("<vcpu placement='static'>1</vcpu>", after)
        self.assertEqual(after, self.before)

    def before_app(self):
        self.before = ui.cli("--connect", self.uri, "dumpxml", "--inactive", "badinput")


if __name__ == "__main__":
    unittest.main(verbosity=2)
