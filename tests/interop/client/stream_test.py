"""MJPEG streams from a real server: Debian's libspice-server, driven by
spicedesk-spice-stream-source (a 320x240 region of a 640x480 surface animated at 30 updates/s for
4 s, streaming-video=all), streams to our client: it logs the stream's creation (MJPEG, the
destination rectangle), decodes its frames onto the surface, and after the stream ends (the
server then sends the region losslessly) our picture equals the server's own rendering exactly."""

import os
import socket
import subprocess
import sys
import tempfile
import time

from spice_test_util import TestServer, check, read_ppm, wait_for

shot_bin, source_bin = sys.argv[1], sys.argv[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


with tempfile.TemporaryDirectory() as tmp:
    dump = os.path.join(tmp, "server.ppm")
    port = free_port()
    with TestServer(source_bin, ["--port", str(port), "--seconds", "4", "--lifetime", "30",
                                 "--dump", dump]) as src:
        out = os.path.join(tmp, "ours.ppm")
        env = dict(os.environ, SPICEDESK_LOG="info")
        r = subprocess.run([shot_bin, "--port", str(port), "--quiet-ms", "1500", "--settle-ms",
                            "20000", "--out", out], capture_output=True, text=True, timeout=40,
                           env=env)
        check(r.returncode == 0, "our client ran through the stream (%s)" % r.stderr[-300:])
        created = [l for l in r.stderr.splitlines() if "created: MJPEG" in l]
        check(len(created) >= 1 and "(100,80)-(420,320)" in created[0],
              "the server streamed the animated region as MJPEG: %s" % created)
        destroyed = [l for l in r.stderr.splitlines() if "destroyed after" in l]
        frames = int(destroyed[0].split("after ")[1].split()[0]) if destroyed else 0
        check(frames >= 20, "our client decoded %d stream frames before the stream ended" % frames)
        wait_for(lambda: os.path.exists(dump), 10, "the server's final picture")
        check(read_ppm(out) == read_ppm(dump),
              "after the stream, our picture equals the server's rendering pixel for pixel")
print("PASS")
