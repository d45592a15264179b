"""Our server against Debian's libspice-server on the same QXL device, workloads and client:
spicedesk-demo-vm (our worker and server) and qxl-reference-vm (libspice-server through its C
QXLInterface) each run a workload unpaced (the guest draws as fast as the server takes its
commands) while one SpiceClientGLib client watches through a byte-counting loopback proxy.
Per workload and server: frames/s until the workload finished (every command drawn and released,
both servers rendering the whole primary at the end), process CPU per frame (from /proc; it
includes the guest workload, the same in both) and bytes per frame (server to client, every
channel, the initial picture included), then ratios ours/libspice-server.

usage: qxl_bench.py DEMO_VM REFERENCE_VM [WORKLOAD ...]"""

import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests",
                                "interop", "qxl"))

import gi  # noqa: E402

gi.require_version("SpiceClientGLib", "2.0")
from gi.repository import GLib, GObject  # noqa: E402
from gi.repository import SpiceClientGLib as Spice  # noqa: E402

from qxl_test_util import domain_xml, fail  # noqa: E402
from spice_test_util import glib_session  # noqa: E402  (qxl_test_util puts it on sys.path)

demo_vm, ref_vm = sys.argv[1], sys.argv[2]
WORKLOADS = {  # name: frames
    "windows": 400, "terminal-drm": 300, "terminal-copybits": 1000, "video": 300, "cursor": 1000,
}
selected = sys.argv[3:] or list(WORKLOADS)
ctx = GLib.MainContext.default()
CLK = os.sysconf("SC_CLK_TCK")


def pump(seconds, until=lambda: False):
    """Runs SpiceClientGLib's main context for `seconds` or until `until()` holds."""
    deadline = time.time() + seconds
    while not until() and time.time() < deadline:
        while ctx.pending():
            ctx.iteration(False)
        time.sleep(0.002)


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK


class Proxy:
    """Loopback TCP proxy counting the bytes the server sends to the client."""

    def __init__(self, target_port):
        self.target = target_port
        self.down = 0
        self.lock = threading.Lock()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            s = socket.create_connection(("127.0.0.1", self.target))
            for a, b, count in ((c, s, False), (s, c, True)):
                threading.Thread(target=self.relay, args=(a, b, count), daemon=True).start()

    def relay(self, src, dst, count):
        try:
            while True:
                data = src.recv(1 << 20)
                if not data:
                    break
                if count:
                    with self.lock:
                        self.down += len(data)
                dst.sendall(data)
        except OSError:
            pass
        for x in (src, dst):
            try:
                x.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self):
        self.sock.close()


def run(kind, workload, frames, tmp):
    args = ["--workload", workload, "--fps", "0", "--hold"]
    if workload != "text":
        args += ["--frames", str(frames)]
    if kind == "ours":
        xml = os.path.join(tmp, "domain.xml")
        with open(xml, "w") as f:
            f.write(domain_xml(password="secret"))
        cmd = [demo_vm, "--xml", xml] + args
    else:
        cmd = [ref_vm, "--password", "secret"] + args
    env = {k: v for k, v in os.environ.items() if k not in ("G_MESSAGES_DEBUG", "SPICE_DEBUG")}
    # --hold: the guest draws its first picture, the client connects and gets it (MARK), then
    # SIGUSR2 starts the frames and the clock.
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=env)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l.strip()) for l in proc.stdout],
                     daemon=True).start()
    try:
        port = None
        deadline = time.time() + 15
        while port is None and time.time() < deadline:
            try:
                line = lines.get(timeout=0.1)
            except queue.Empty:
                continue
            if line.startswith("listening on "):
                port = int(line.rsplit(":", 1)[1])
        if port is None:
            fail("%s did not start" % kind)
        proxy = Proxy(port)
        marks = []

        def on_channel(s, ch):
            if isinstance(ch, Spice.DisplayChannel):
                GObject.Object.connect(ch, "display-mark", lambda *a: marks.append(1))
            if not isinstance(ch, Spice.MainChannel):
                Spice.Channel.connect(ch)

        session = glib_session(proxy.port, on_channel, password="secret")
        pump(15, until=lambda: marks)
        if not marks:
            fail("%s: no MARK" % kind)
        pump(0.3)
        # Start the clock on a quiet server: link-time work (our server refills its pool of RSA
        # ticket keys in the background after the client's links; libspice-server generates
        # each link's key during the link) is not frame work.
        quiet_deadline = time.time() + 10
        last = cpu_seconds(proc.pid)
        while time.time() < quiet_deadline:
            pump(0.1)
            now = cpu_seconds(proc.pid)
            if now - last <= 0.011:
                break
            last = now
        with proxy.lock:
            initial = proxy.down
        t0 = time.time()
        c0 = cpu_seconds(proc.pid)
        proc.send_signal(signal.SIGUSR2)
        drawn = False
        deadline = time.time() + 120
        while not drawn and time.time() < deadline:
            while ctx.pending():
                ctx.iteration(False)
            try:
                drawn = lines.get_nowait() == "drawn"
            except queue.Empty:
                time.sleep(0.001)
        if not drawn:
            fail("%s: %s did not draw its frames" % (kind, workload))
        t1 = time.time()
        c1 = cpu_seconds(proc.pid)
        # Let what the server still has queued reach the client.
        pump(1.0)
        with proxy.lock:
            down = proxy.down
        Spice.Session.disconnect(session)
        proxy.close()
        return {"fps": frames / (t1 - t0), "cpu_ms": (c1 - c0) * 1000 / frames,
                "bytes": (down - initial) / frames, "seconds": t1 - t0, "initial": initial}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


with tempfile.TemporaryDirectory() as tmp:
    print("%-18s %-6s %9s %12s %14s %8s %10s" % ("workload", "server", "frames/s",
                                                 "CPU ms/frame", "bytes/frame", "seconds",
                                                 "initial B"), flush=True)
    for name in selected:
        frames = WORKLOADS[name]
        res = {}
        for kind in ("ours", "ref"):
            r = run(kind, name, frames, tmp)
            res[kind] = r
            print("%-18s %-6s %9.1f %12.2f %14.0f %8.2f %10d" % (
                name, kind, r["fps"], r["cpu_ms"], r["bytes"], r["seconds"], r["initial"]),
                flush=True)
        o, f = res["ours"], res["ref"]
        print("%-18s ratio ours/libspice-server: frames/s %.2f, CPU/frame %.2f, bytes/frame %.2f"
              % (name, o["fps"] / f["fps"], o["cpu_ms"] / max(f["cpu_ms"], 1e-9),
                 o["bytes"] / max(f["bytes"], 1)), flush=True)
