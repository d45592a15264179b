#!/usr/bin/python3
"""spicedesk-cli against libvirt's real QEMU driver (qemu:///embed, TCG QEMU): install with the
seed's SPICE flags, start, domdisplay, and frames through spice-gtk's spicy-screenshot; a VNC
domain converted with to-spice starts with SPICE and QXL; edits that fail keep the definition."""
import os
import socket
import stat
import tempfile
import unittest
import xml.etree.ElementTree as ET

from cli_harness import EmbedRootTest, parse_spice_uri, run_cli, spicy_screenshot, wait_for_frame


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # our rules want 5900–65535; ephemeral ports always are
    assert port >= 5900
    return port


VNC_DOMAIN = """<domain type='qemu'>
  <name>{name}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1' passwd='vncpw'/>
    <video><model type='vga' vram='16384' heads='1'/></video>
    <!-- kept as is by every edit -->
    <memballoon model='none'/>
  </devices>
</domain>
"""


class CliOnEmbeddedQemu(EmbedRootTest):
    def test_install_seed_flags_then_frames_with_password(self):
        port = free_port()
        password_file = tempfile.NamedTemporaryFile("w", delete=False)
        password_file.write("s3cret\n")
        password_file.close()
        result = run_cli("install", "-n", "seed", "-r", "256", "--vcpus=1", "--os-type", "windows",
                         "--os-variant=win7", "--network", "none",
                         "--graphics", f"spice,port={port},listen=127.0.0.1,password-file={password_file.name}",
                         "--video", "qxl", "--channel", "spicevmc", "--noautoconsole", uri=self.uri)
        self.assertIn("started", result.stdout)

        shown = run_cli("domdisplay", "seed", uri=self.uri).stdout.strip()
        self.assertEqual(shown, f"spice://127.0.0.1:{port}")
        uri = run_cli("domdisplay", "--include-password", "seed", uri=self.uri).stdout.strip()
        host, got_port, password = parse_spice_uri(uri)
        self.assertEqual((host, got_port, password), ("127.0.0.1", port, "s3cret"))

        frame = wait_for_frame(host, port, password)
        self.assertTrue(frame.startswith(b"P6"), frame[:16])
        status, _ = spicy_screenshot(host, port, "wrong-password")
        self.assertNotEqual(status, 0, "a wrong password must be refused")

        live = ET.fromstring(run_cli("dumpxml", "seed", uri=self.uri).stdout)
        self.assertEqual(live.find("devices/graphics").get("type"), "spice")
        self.assertEqual(live.find("devices/video/model").get("type"), "qxl")
        self.assertIsNotNone(live.find("devices/channel[@type='spicevmc']"))
        run_cli("destroy", "seed", uri=self.uri)
        run_cli("undefine", "seed", uri=self.uri)
        self.assertNotIn("seed", run_cli("list", uri=self.uri).stdout)

    def test_vnc_domain_to_spice_starts_with_spice_and_qxl(self):
        path = tempfile.mktemp(suffix=".xml")
        with open(path, "w") as out:
            out.write(VNC_DOMAIN.format(name="vncguest"))
        run_cli("define", path, uri=self.uri)
        result = run_cli("to-spice", "vncguest", uri=self.uri)
        self.assertIn("SPICE", result.stdout)
        run_cli("set-video", "vncguest", "--heads", "2", "--vram", "32768", uri=self.uri)
        run_cli("set-sound", "vncguest", "--model", "ac97", uri=self.uri)
        run_cli("start", "vncguest", uri=self.uri)

        live = ET.fromstring(run_cli("dumpxml", "--security-info", "vncguest", uri=self.uri).stdout)
        graphics = live.find("devices/graphics")
        self.assertEqual(graphics.get("type"), "spice")
        self.assertEqual(graphics.get("passwd"), "vncpw", "the password survives the switch")
        model = live.find("devices/video/model")
        self.assertEqual((model.get("type"), model.get("heads"), model.get("vram")), ("qxl", "2", "32768"))
        self.assertEqual(live.find("devices/sound").get("model"), "ac97")
        self.assertIsNotNone(live.find("devices/channel[@type='spicevmc']"))
        self.assertIsNotNone(live.find("devices/memballoon[@model='none']"), "unknown XML kept")

        host, port, password = parse_spice_uri(
            run_cli("domdisplay", "--include-password", "vncguest", uri=self.uri).stdout.strip())
        self.assertEqual(password, "vncpw")
        wait_for_frame(host, port, password)
        run_cli("destroy", "vncguest", uri=self.uri)

        # and back: VNC again, with no SPICE companion left behind, and it starts
        run_cli("to-vnc", "vncguest", uri=self.uri)
        inactive = ET.fromstring(run_cli("dumpxml", "--inactive", "vncguest", uri=self.uri).stdout)
        self.assertEqual(inactive.find("devices/graphics").get("type"), "vnc")
        self.assertIsNone(inactive.find("devices/channel[@type='spicevmc']"))
        self.assertIsNone(inactive.find("devices/redirdev"))
        run_cli("start", "vncguest", uri=self.uri)
        run_cli("destroy", "vncguest", uri=self.uri)

    def test_refused_edits_keep_the_old_definition(self):
        path = tempfile.mktemp(suffix=".xml")
        with open(path, "w") as out:
            out.write(VNC_DOMAIN.format(name="keepme"))
        run_cli("define", path, uri=self.uri)
        before = run_cli("dumpxml", "--inactive", "keepme", uri=self.uri).stdout

        run_cli("to-spice", "keepme", uri=self.uri)
        spice = run_cli("dumpxml", "--inactive", "keepme", uri=self.uri).stdout
        bad = run_cli("set-video", "keepme", "--heads", "5", uri=self.uri, check=False)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("heads", bad.stderr)
        self.assertEqual(run_cli("dumpxml", "--inactive", "keepme", uri=self.uri).stdout, spice)

        # an editor that breaks the XML: refused with the line, old definition kept
        editor = tempfile.mktemp(suffix=".sh")
        with open(editor, "w") as out:
            out.write("#!/bin/sh\nsed -i 's|</devices>|<video>|' \"$1\"\n")
        os.chmod(editor, stat.S_IRWXU)
        broken = run_cli("edit", "keepme", uri=self.uri, check=False, env={"EDITOR": editor, "VISUAL": ""})
        self.assertEqual(broken.returncode, 1, broken.stderr)
        self.assertIn("line", broken.stderr)
        self.assertIn("previous definition", broken.stderr)
        self.assertEqual(run_cli("dumpxml", "--inactive", "keepme", uri=self.uri).stdout, spice)

        # an editor that makes a schema-valid but refused change (port 80)
        with open(editor, "w") as out:
            out.write("#!/bin/sh\nsed -i \"s|<graphics type='spice'|<graphics type='spice' port='80' autoport='no'|; s|autoport='yes'||\" \"$1\"\n")
        refused = run_cli("edit", "keepme", uri=self.uri, check=False, env={"EDITOR": editor, "VISUAL": ""})
        self.assertEqual(refused.returncode, 1, refused.stdout + refused.stderr)
        self.assertIn("graphics", refused.stderr)
        self.assertEqual(run_cli("dumpxml", "--inactive", "keepme", uri=self.uri).stdout, spice)
        self.assertNotEqual(before, spice)


if __name__ == "__main__":
    unittest.main(verbosity=2)
