#!/usr/bin/python3
"""GUI test: when the SPICE server refuses the definition's password, the console page asks for
one instead of giving up. QEMU (under libvirt's QEMU driver) is given a ticket that expired
before the machine started (passwdValidTo in the past), so every password is refused: the page
shows the prompt, takes what is typed and tries again, and asks again when that is refused too."""
import unittest

import atspi_harness as ui

EXPIRED = """<domain type='qemu'>
  <name>expired</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <graphics type='spice' autoport='yes' listen='127.0.0.1' passwd='spicepw'
              passwdValidTo='2001-01-01T00:00:00'/>
    <video><model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1'/></video>
  </devices>
</domain>
"""


class ConsolePassword(ui.EmbedAppTest):
    DOMAINS = (EXPIRED,)
    START = ("expired",)

    def prompt(self, app):
        return ui.wait_for(lambda: ui.find(app, role="label", contains="Enter the display password",
                                           showing=False), 40, "the password prompt")

    def test_refused_password_is_asked_for(self):
        app = ui.find_app()
        ui.select_row(app, "expired")
        ui.click(ui.wait_button(lambda: app, "Open"))
        first = self.prompt(app)
        self.assertIn("refused", first.name)
        ui.screenshot("p1-password-prompt")
        entry = ui.wait_for(lambda: ui.find(app, role="password text", showing=False), 20,
                            "the password entry")
        entry.queryEditableText().setTextContents("spicepw")
        ui.click(ui.wait_button(lambda: app, "Log In"))
        # The typed password was taken (the entry is emptied) and refused in its turn: the
        # prompt is back, and the page did not fall back to a dead end.
        ui.wait_for(lambda: entry.queryText().characterCount == 0, 20, "the entry to be emptied")
        again = self.prompt(app)
        self.assertIn("refused", again.name)
        self.assertIsNone(ui.find(app, role="label", contains="connection failed"))
        ui.screenshot("p2-password-asked-again")


if __name__ == "__main__":
    unittest.main(verbosity=2)
