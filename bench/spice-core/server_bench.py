"""End to end: spicedesk-testserver at 1920x1080, 30 fps, serving a SpiceClientGLib client
over loopback, once with PREFERRED_COMPRESSION=OFF (raw) and once LZ4. Reports the server
process's CPU time per frame (from /proc; it includes the test source's own drawing, a
64x64 tile per frame) and the display channel's bytes per frame, plus the initial full
image's cost.

usage: server_bench.py SERVER_BIN [SECONDS]"""

import os
import signal
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests",
                                "interop", "spice-core"))

import gi  # noqa: E402

gi.require_version("SpiceClientGLib", "2.0")
from gi.repository import GLib, GObject  # noqa: E402
from gi.repository import SpiceClientGLib as Spice  # noqa: E402

from spice_test_util import TestServer, fail, read_stats  # noqa: E402

server_bin = sys.argv[1]
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 4.0
ctx = GLib.MainContext.default()
CLK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK


def pump(seconds_, pred=None):
    deadline = time.time() + seconds_
    while time.time() < deadline:
        while ctx.pending():
            ctx.iteration(False)
        if pred and pred():
            return True
        time.sleep(0.002)
    return pred is None


def run(compression, tmp):
    stats_path = os.path.join(tmp, "stats-" + compression)
    with TestServer(server_bin, ["--port", "0", "--size", "1920x1080", "--fps", "30",
                                 "--stats-file", stats_path]) as srv:
        state = {"marks": 0}
        session = Spice.Session()
        session.set_property("host", "127.0.0.1")
        session.set_property("port", str(srv.port))
        session.set_property("preferred-compression", {"lz4": 7, "off": 1}[compression])

        def on_channel(s, ch):
            if isinstance(ch, Spice.DisplayChannel):
                GObject.Object.connect(ch, "display-mark",
                                       lambda *a: state.__setitem__("marks", 1))
            if not isinstance(ch, Spice.MainChannel):
                Spice.Channel.connect(ch)

        GObject.Object.connect(session, "channel-new", on_channel)
        Spice.Session.connect(session)
        if not pump(10, lambda: state["marks"]):
            fail("no MARK from the server")
        s0 = read_stats(srv, stats_path)
        c0 = cpu_seconds(srv.proc.pid)
        pump(seconds)
        s1 = read_stats(srv, stats_path)
        c1 = cpu_seconds(srv.proc.pid)
        Spice.Session.disconnect(session)
        pump(0.2)
        frames = s1["frame"] - s0["frame"]
        per_frame_bytes = (s1["display_bytes_sent"] - s0["display_bytes_sent"]) / max(1, frames)
        per_frame_cpu = (c1 - c0) / max(1, frames) * 1000
        print("%-4s 1920x1080: %d frames in %.1fs, server CPU %.3f ms/frame, %.0f display "
              "bytes/frame; initial full image + setup %d bytes"
              % (compression, frames, seconds, per_frame_cpu, per_frame_bytes,
                 s0["display_bytes_sent"]), flush=True)
        srv.signal(signal.SIGTERM)
        return per_frame_bytes, s0["display_bytes_sent"]


with tempfile.TemporaryDirectory() as tmp:
    raw = run("off", tmp)
    lz4 = run("lz4", tmp)
    print("ratio lz4/raw: %.3f bytes per frame, %.4f initial image" % (lz4[0] / raw[0],
                                                                     lz4[1] / raw[1]))
