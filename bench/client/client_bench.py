#!/usr/bin/python3
"""Client decode CPU per frame, ours vs spice-gtk, on the same served stream: spicedesk-testserver
animates a 1024x768 picture at 30 frames/s (LZ4, then uncompressed); our client
(spicedesk-client-bench) and SpiceClientGLib (Debian's /usr/bin/python3, the library spicy and
remote-viewer use; decoding happens in its display channel whether or not a widget shows it)
each stay connected for SECONDS after the first MARK; each process's CPU time over that window
is divided by the frames the server sent. Then our CPU per draw message on the recorded QEMU
streams (tests/fixtures/spice-streams), which spice-gtk cannot replay.

    client_bench.py CLIENT_BENCH TESTSERVER FIXTURES_DIR [SECONDS]
"""

import glob
import os
import resource
import subprocess
import sys
import time

bench_bin, server_bin, fixtures = sys.argv[1], sys.argv[2], sys.argv[3]
SECONDS = float(sys.argv[4]) if len(sys.argv) > 4 else 4.0
FPS = 30
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests",
                                "interop", "spice-core"))
from spice_test_util import TestServer  # noqa: E402

GTK_CLIENT = r'''
import resource, sys, time
import gi
gi.require_version("SpiceClientGLib", "2.0")
from gi.repository import GLib, GObject
from gi.repository import SpiceClientGLib as Spice
port, pref, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
ctx = GLib.MainContext.default()
state = {"mark": False, "inv": 0}
s = Spice.Session()
s.set_property("host", "127.0.0.1")
s.set_property("port", port)
s.set_property("preferred-compression", pref)
def on_new(session, ch):
    if isinstance(ch, Spice.DisplayChannel):
        GObject.Object.connect(ch, "display-mark", lambda c, m: state.__setitem__("mark", True))
        GObject.Object.connect(ch, "display-invalidate",
                               lambda c, x, y, w, h: state.__setitem__("inv", state["inv"] + 1))
        Spice.Channel.connect(ch)
GObject.Object.connect(s, "channel-new", on_new)
Spice.Session.connect(s)
deadline = time.time() + 20
while not state["mark"] and time.time() < deadline:
    ctx.iteration(True)
def cpu():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime
c0, inv0 = cpu(), state["inv"]
GLib.timeout_add(int(seconds * 1000), lambda: state.__setitem__("done", True))
while not state.get("done"):
    ctx.iteration(True)  # blocks until an event: no polling overhead on the reference
print("invalidates", state["inv"] - inv0)
print("cpu_s", cpu() - c0)
'''


def parse(out):
    return dict(line.split(maxsplit=1) for line in out.strip().splitlines() if " " in line)


def run_ours(port, compression):
    r = subprocess.run([bench_bin, "--port", str(port), "--seconds", str(SECONDS),
                        "--compression", compression], capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        sys.exit("our client failed: " + r.stderr)
    return parse(r.stdout)


def run_gtk(port, compression):
    pref = {"off": 1, "lz4": 7}[compression]
    r = subprocess.run(["/usr/bin/python3", "-c", GTK_CLIENT, str(port), str(pref), str(SECONDS)],
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        sys.exit("spice-gtk client failed: " + r.stderr)
    return parse(r.stdout)


frames = FPS * SECONDS
for compression in ("lz4", "off"):
    with TestServer(server_bin, ["--port", "0", "--size", "1024x768", "--fps", str(FPS),
                                 "--image-compression", compression]) as srv:
        ours = run_ours(srv.port, compression)
        gtk = run_gtk(srv.port, compression)
    o_ms = float(ours["cpu_s"]) * 1000 / frames
    g_ms = float(gtk["cpu_s"]) * 1000 / frames
    print("served 1024x768 %s, %d frames: ours %.3f ms CPU/frame (%s batches), spice-gtk %.3f "
          "ms CPU/frame (%s invalidates); ratio ours/reference %.2f"
          % (compression, frames, o_ms, ours["batches"], g_ms, gtk["invalidates"],
             o_ms / g_ms if g_ms else float("nan")), flush=True)

recs = sorted(glob.glob(os.path.join(fixtures, "spice-streams", "*.spicerec")))
if recs:
    r = subprocess.run([bench_bin, "--replay"] + recs + ["--rounds", "20"], capture_output=True,
                       text=True, timeout=120)
    for line in r.stdout.strip().splitlines():
        f = line.split()
        print("recorded %s: %s draws, ours %s us CPU/draw (no reference: spice-gtk cannot "
              "replay a recording)" % (os.path.basename(f[1]), f[3], f[5]))
