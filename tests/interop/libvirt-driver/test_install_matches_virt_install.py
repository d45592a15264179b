#!/usr/bin/python3
"""The XML `spicedesk-cli install` writes for the seed's flags has the same display-related
devices as Debian's virt-install writes for the same flags (both --print-xml on test:///default).
Compared by device kind, as PEERS.md advises, not attribute by attribute."""
import subprocess
import unittest
import xml.etree.ElementTree as ET
from collections import Counter

from cli_harness import run_cli

URI = "test:///default"
# The seed's line; --network none instead of bridge=br0 (no bridge on the test driver), a
# --cdrom that exists, and a disk in a folder the test driver's default pool covers.
SEED_FLAGS = ["-n", "windows", "-r", "2048", "--vcpus=2", "--os-type", "windows", "--os-variant=win7",
              "--network", "none", "--graphics", "spice,port=5930,listen=127.0.0.1,password=password",
              "--video", "qxl", "--channel", "spicevmc", "--cdrom", "/dev/null"]


def first_document(xml_text):
    """virt-install --print-xml with --cdrom prints the install-time and the boot-time domain."""
    end = xml_text.index("</domain>") + len("</domain>")
    return xml_text[:end]


def device_kinds(xml_text):
    devices = ET.fromstring(first_document(xml_text)).find("devices")
    kinds = Counter()
    for device in devices:
        if device.tag == "graphics":
            kinds[("graphics", device.get("type"))] += 1
        elif device.tag == "video":
            kinds[("video", device.find("model").get("type"))] += 1
        elif device.tag == "sound":
            kinds[("sound", "any")] += 1  # the model follows each tool's own OS database
        elif device.tag == "channel":
            kinds[("channel", device.get("type"), device.find("target").get("name"))] += 1
        elif device.tag == "redirdev":
            kinds[("redirdev", device.get("bus"), device.get("type"))] += 1
        elif device.tag == "input" and device.get("type") == "tablet":
            kinds[("input", "tablet", device.get("bus"))] += 1
        elif device.tag == "controller" and device.get("type") == "usb":
            kinds[("controller", "usb")] += 1
    return kinds


class InstallMatchesVirtInstall(unittest.TestCase):
    def test_seed_line_devices(self):
        ours = run_cli("install", "--print-xml", *SEED_FLAGS, uri=URI).stdout
        theirs = subprocess.run(["virt-install", "--connect", URI, "--print-xml", *SEED_FLAGS,
                                 "--disk", "none"], capture_output=True, text=True, check=True).stdout
        ours_kinds, theirs_kinds = device_kinds(ours), device_kinds(theirs)
        # virt-install lists the EHCI controller and its UHCI companions as several <controller
        # type='usb'>; one USB controller of either shape serves the redirectors and the tablet.
        self.assertGreaterEqual(ours_kinds.pop(("controller", "usb"), 0), 1)
        theirs_kinds.pop(("controller", "usb"), None)
        self.assertEqual(ours_kinds, theirs_kinds, f"ours:\n{ours}\nvirt-install:\n{theirs}")

        graphics = ET.fromstring(ours).find("devices/graphics")
        self.assertEqual((graphics.get("port"), graphics.get("listen"), graphics.get("passwd")),
                         ("5930", "127.0.0.1", "password"))
        self.assertIsNone(graphics.get("tlsPort"), "tlsPort='-1' keeps the domain from starting")

    def test_install_creates_the_disk_through_a_storage_pool_then_starts(self):
        # test:/// keeps nothing between processes, so one install does it all: the qcow2 volume
        # through libvirt's storage pool API (a pool is defined for the image folder), the
        # definition, the start.
        result = run_cli("install", "-n", "pooled", "-r", "512", "--os-variant", "debian12",
                         "--disk", "path=/var/lib/libvirt/images/pooled.qcow2,size=2",
                         "--network", "network=default", "--graphics", "spice", "--video", "qxl",
                         "--channel", "spicevmc", uri=URI)
        self.assertIn("Created /var/lib/libvirt/images/pooled.qcow2 (2 GiB, qcow2)", result.stdout)
        self.assertIn("Domain 'pooled' defined on test:///default", result.stdout)
        self.assertIn("Domain 'pooled' started", result.stdout)
        taken = run_cli("install", "-n", "test", "--disk", "none", uri=URI, check=False)
        self.assertEqual(taken.returncode, 2)
        self.assertIn("already exists", taken.stderr)

    def test_password_on_command_line_warns(self):
        result = run_cli("install", "--print-xml", *SEED_FLAGS, uri=URI)
        self.assertIn("visible to other users", result.stderr)
        self.assertNotIn("password", result.stderr.replace("password-file", "").replace("a password", ""),
                         "the password itself is never printed in a warning")

    def test_bad_input_is_refused_with_reason(self):
        cases = [
            (["--vcpus", "two"], "--vcpus"),
            (["--graphics", "spice,port=80"], "5900"),
            (["--graphics", "rdp"], "rdp"),
            (["--bogus"], "unknown option"),
        ]
        for extra, reason in cases:
            result = run_cli("install", "--print-xml", "-n", "bad", *extra, uri=URI, check=False)
            self.assertEqual(result.returncode, 2, (extra, result.stderr))
            self.assertIn(reason, result.stderr)
        missing = run_cli("install", "--print-xml", uri=URI, check=False)
        self.assertEqual(missing.returncode, 2)
        self.assertIn("--name", missing.stderr)

    def test_every_subcommand_has_help(self):
        overview = run_cli("--help").stdout
        commands = [line.split()[0] for line in overview.split("Commands:\n")[1].split("\n\n")[0].splitlines()]
        self.assertIn("domdisplay", commands)
        for command in commands:
            result = run_cli(command, "--help")
            self.assertIn(f"spicedesk-cli {command}", result.stdout)
            self.assertIn("--connect", result.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
