"""Shared helpers for the spicedesk-cli interop tests: run the CLI, own an embed root, take
frames with spice-gtk's spicy-screenshot (the real SPICE client from Debian)."""
import os
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

CLI = os.environ.get("SPICEDESK_CLI", "spicedesk-cli")


def run_cli(*args, uri=None, check=True, env=None, timeout=120):
    command = [CLI] + (["--connect", uri] if uri else []) + list(args)
    merged = dict(os.environ)
    merged.update(env or {})
    result = subprocess.run(command, capture_output=True, text=True, env=merged, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed ({result.returncode}):\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


def spicy_screenshot(host, port, password, timeout=60):
    """Returns (exit status, PPM bytes or None) of one spicy-screenshot run."""
    out = tempfile.mktemp(suffix=".ppm")
    args = ["spicy-screenshot", "-h", host, "-p", str(port), "-o", out]
    if password is not None:
        args += ["-w", password]
    try:
        result = subprocess.run(args, capture_output=True, timeout=timeout)
        data = None
        if os.path.exists(out):
            with open(out, "rb") as f:
                data = f.read()
        return result.returncode, data
    finally:
        if os.path.exists(out):
            os.unlink(out)


def parse_spice_uri(uri):
    assert uri.startswith("spice://"), uri
    rest = uri[len("spice://"):]
    hostport, _, query = rest.partition("?")
    host, _, port = hostport.rpartition(":")
    params = dict(item.split("=", 1) for item in query.split("&") if "=" in item)
    return host.strip("[]"), int(port), params.get("password")


def wait_for_frame(host, port, password, seconds=60):
    """Polls until spicy-screenshot gets a frame; returns the PPM bytes."""
    deadline = time.monotonic() + seconds
    status = None
    while time.monotonic() < deadline:
        status, data = spicy_screenshot(host, port, password)
        if status == 0 and data:
            return data
        time.sleep(0.5)
    raise AssertionError(f"no frame from spice://{host}:{port} in {seconds}s (last status {status})")


def kill_if_qemu(pid_file):
    """Kills the process a QEMU pid file names, if it still is a QEMU."""
    try:
        with open(pid_file) as f:
            pid = int(f.read().strip())
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            if b"qemu-system" not in f.read():
                return
        os.kill(pid, signal.SIGKILL)
    except (ValueError, OSError):
        pass


class EmbedRootTest(unittest.TestCase):
    """A fresh qemu:///embed root per test class, whose QEMU processes are always stopped."""

    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="spicedesk-embed-")
        cls.uri = f"qemu:///embed?root={cls.root}"

    @classmethod
    def tearDownClass(cls):
        listing = run_cli("list", uri=cls.uri, check=False).stdout.splitlines()
        for line in listing[3:]:
            fields = line.split()
            if len(fields) >= 3 and fields[0] != "-":
                run_cli("destroy", fields[1], uri=cls.uri, check=False)
        # QEMU outlives the process that started it: make sure none is left behind.
        for dirpath, _dirs, files in os.walk(cls.root):
            for name in files:
                if name.endswith(".pid") and name != "driver.pid":
                    kill_if_qemu(os.path.join(dirpath, name))
        shutil.rmtree(cls.root, ignore_errors=True)
