#!/usr/bin/python3
"""The default connection saved in GSettings (org.spicedesk.SpiceDesk default-uri, written with
the real `gsettings` tool into a private keyfile backend) is what spicedesk opens when neither
--connect nor SPICEDESK_URI is given."""
import os
import subprocess
import tempfile
import unittest

import atspi_harness as ui


class DefaultUriFromSettings(unittest.TestCase):
    def test_saved_default_uri_is_opened(self):
        env = dict(os.environ)
        env.pop("SPICEDESK_URI", None)
        env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="spicedesk-settings-")
        env["GSETTINGS_BACKEND"] = "keyfile"
        env["GSETTINGS_SCHEMA_DIR"] = os.environ["SPICEDESK_SCHEMA_DIR"]
        subprocess.run(["gsettings", "set", "org.spicedesk.SpiceDesk", "default-uri", "test:///default"],
                       env=env, check=True)
        app_proc = subprocess.Popen([ui.GUI], env=env)
        try:
            app = ui.find_app()
            status = ui.wait_for(lambda: ui.find(app, role="label", contains="Connected to", showing=False),
                                 20, "the connection status")
            self.assertEqual(status.name, "Connected to test:///default")
            ui.wait_for(lambda: ui.find(app, role="list item", contains="test (", showing=False), 20,
                        "the test driver's domain")
        finally:
            app_proc.terminate()
            app_proc.wait(10)


if __name__ == "__main__":
    unittest.main(verbosity=2)
