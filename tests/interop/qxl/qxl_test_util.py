"""Helpers for the QXL interop tests: a domain XML for spicedesk-demo-vm, the demo VM as a context
manager that keeps its stdout lines ("listening on", "finished", "keys N", "dumped PATH") and is
always killed, dumps of the worker's primary surface, and SpiceClientGLib framebuffers as RGB."""

import ctypes
import os
import queue
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "spice-core"))
from spice_test_util import check, fail  # noqa: E402,F401


def read_ppm(path):
    """A P6 PPM as (w, h, rgb); the header is parsed token by token (pixel bytes may look like
    whitespace)."""
    with open(path, "rb") as f:
        data = f.read()
    fields = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    pos += 1  # the single whitespace byte after maxval
    if fields[0] != b"P6" or int(fields[3]) != 255:
        fail("%s is not an 8-bit P6 PPM" % path)
    w, h = int(fields[1]), int(fields[2])
    pixels = data[pos:]
    if len(pixels) != w * h * 3:
        fail("%s: %d pixel bytes for %dx%d" % (path, len(pixels), w, h))
    return w, h, pixels


def domain_xml(videos=(("qxl", 1),), password="secret", autoport=True, agent=False):
    """videos: (model, heads) per <video>; agent: the spicevmc channel of the guest agent."""
    vids = "\n".join(
        "    <video><model type='%s' ram='65536' vram='65536' vgamem='16384' heads='%d'%s/>"
        "</video>" % (model, heads, " primary='yes'" if i == 0 else "")
        for i, (model, heads) in enumerate(videos))
    port = "autoport='yes'" if autoport else "port='-1'"
    if agent:
        vids += "\n    <channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0'/></channel>"
    return """<domain type='qemu'>
  <name>qxl-interop</name>
  <memory unit='KiB'>65536</memory>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <graphics type='spice' %s listen='127.0.0.1' passwd='%s'/>
%s
  </devices>
</domain>
""" % (port, password, vids)


class DemoVm:
    def __init__(self, binary, tmp, xml, args=(), timeout=15):
        self.binary = binary
        self.tmp = tmp
        self.xml_path = os.path.join(tmp, "domain.xml")
        with open(self.xml_path, "w") as f:
            f.write(xml)
        self.args = list(args)
        self.timeout = timeout
        self.proc = None
        self.port = None
        self.lines = queue.Queue()
        self.seen = []

    def __enter__(self):
        env = dict(os.environ)
        env.setdefault("SPICEDESK_LOG", "warn")
        self.proc = subprocess.Popen(
            [self.binary, "--xml", self.xml_path, "--dump-dir", self.tmp] + self.args,
            stdout=subprocess.PIPE, stderr=None, env=env, text=True)

        def reader():
            for line in self.proc.stdout:
                self.lines.put(line.strip())

        threading.Thread(target=reader, daemon=True).start()
        line = self.wait_line(lambda l: l.startswith("listening on "), self.timeout,
                              "'listening on'")
        self.port = int(line.rsplit(":", 1)[1])
        return self

    def wait_line(self, pred, timeout, what):
        for line in self.seen:
            if pred(line):
                self.seen.remove(line)
                return line
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                line = self.lines.get(timeout=0.05)
            except queue.Empty:
                if self.proc.poll() is not None:
                    fail("demo VM exited early with %s" % self.proc.returncode)
                continue
            if pred(line):
                return line
            self.seen.append(line)
        fail("demo VM did not print %s within %ss" % (what, timeout))

    def poll_line(self, pred):
        """Non-blocking: True once a line matching pred was printed (kept lines included)."""
        while True:
            try:
                self.seen.append(self.lines.get_nowait())
            except queue.Empty:
                break
        for line in self.seen:
            if pred(line):
                self.seen.remove(line)
                return True
        return False

    def dump(self, count=1):
        """The worker's primary surface of each display: [(w, h, rgb)]."""
        for i in range(count):
            path = os.path.join(self.tmp, "qxl-%d.ppm" % i)
            if os.path.exists(path):
                os.unlink(path)
        self.proc.send_signal(signal.SIGUSR1)
        out = []
        for i in range(count):
            path = os.path.join(self.tmp, "qxl-%d.ppm" % i)
            self.wait_line(lambda l: l == "dumped " + path, 10, "'dumped %s'" % path)
            out.append(read_ppm(path))
        return out

    def terminate(self, timeout=10):
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            fail("demo VM ignored SIGTERM for %ss" % timeout)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def __exit__(self, *exc):
        self.kill()
        return False


def spicy_screenshot(port, password, out):
    r = subprocess.run(["spicy-screenshot", "-h", "127.0.0.1", "-p", str(port), "-w", password,
                        "-o", out], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=30)
    if r.returncode != 0:
        fail("spicy-screenshot exited %d: %s" % (r.returncode, r.stderr.decode(errors="replace")))
    return read_ppm(out)


def framebuffer_rgb(primary):
    """SpiceClientGLib's display-primary-create framebuffer (B, G, R, X rows) as RGB bytes."""
    width, height, stride, addr = primary
    raw = ctypes.string_at(addr, stride * height)
    out = bytearray(width * height * 3)
    for y in range(height):
        row = raw[y * stride:y * stride + width * 4]
        out[y * width * 3:(y + 1) * width * 3:3] = row[2::4]
        out[y * width * 3 + 1:(y + 1) * width * 3:3] = row[1::4]
        out[y * width * 3 + 2:(y + 1) * width * 3:3] = row[0::4]
    return bytes(out)


def diff_summary(w, a, b):
    """Where two RGB pictures of width w differ: count and first pixel."""
    n = 0
    first = None
    for i in range(0, min(len(a), len(b)), 3):
        if a[i:i + 3] != b[i:i + 3]:
            n += 1
            if first is None:
                first = ((i // 3) % w, (i // 3) // w, a[i:i + 3].hex(), b[i:i + 3].hex())
    return "%d pixels differ, first at %s" % (n, first)
