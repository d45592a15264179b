"""The reference harness: our video workload driven through Debian's libspice-server
(qxl-reference-vm, streaming-video=all) reaches SpiceClientGLib as an MJPEG video stream:
STREAM_CREATE is seen (spice-gtk's display_handle_stream_create) and, once the workload stopped,
the client's picture of the video region is within a small per-pixel tolerance of the source
(the same workload's last frame, rendered losslessly by our own demo VM).
argv: REFERENCE_VM [DEMO_VM]"""

import os
import subprocess
import sys
import tempfile
import time

import gi

gi.require_version("SpiceClientGLib", "2.0")
from gi.repository import GLib, GObject  # noqa: E402
from gi.repository import SpiceClientGLib as Spice  # noqa: E402

from qxl_test_util import DemoVm, check, domain_xml, fail, framebuffer_rgb  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)) + "/../spice-core")
from spice_test_util import glib_session, pump_glib_until  # noqa: E402

ref_vm = sys.argv[1]
demo_vm = sys.argv[2] if len(sys.argv) > 2 else None
FRAMES = 90
ctx = GLib.MainContext.default()

with tempfile.TemporaryDirectory() as tmp:
    # spice-gtk's debug log names every STREAM_CREATE it handles; GLib writes debug messages to
    # stdout and warnings to stderr: both go to a file meanwhile.
    log_path = os.path.join(tmp, "spice-gtk.log")
    sys.stdout.flush()
    saved = (os.dup(1), os.dup(2))
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(log, 1)
    os.dup2(log, 2)
    Spice.util_set_debug(True)
    proc = subprocess.Popen([ref_vm, "--workload", "video", "--frames", str(FRAMES),
                             "--password", "secret", "--streaming-video", "all"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env={k: v for k, v in os.environ.items()
                                 if k not in ("G_MESSAGES_DEBUG", "SPICE_DEBUG")})
    try:
        line = ""
        while not line.startswith("listening on "):
            line = proc.stdout.readline()
            if not line:
                fail("reference VM exited before 'listening on'")
            line = line.strip()
        port = int(line.rsplit(":", 1)[1])
        d = {"primary": None, "marks": 0}
        def on_channel(s, ch):
            if isinstance(ch, Spice.DisplayChannel):
                GObject.Object.connect(ch, "display-primary-create",
                                       lambda c, f, w, h, st, shm, data:
                                       d.__setitem__("primary", (w, h, st, data)))
                GObject.Object.connect(ch, "display-mark",
                                       lambda c, m: d.__setitem__("marks", d["marks"] + 1))
            if not isinstance(ch, Spice.MainChannel):
                Spice.Channel.connect(ch)

        session = glib_session(port, on_channel, password="secret")
        os.set_blocking(proc.stdout.fileno(), False)
        done = {"finished": False}

        def finished():
            try:
                for line in proc.stdout:
                    if line.strip() == "finished":
                        done["finished"] = True
            except (BlockingIOError, TypeError):
                pass
            return done["finished"]

        pump_glib_until(ctx, lambda: d["primary"] and d["marks"], 15, "primary surface and MARK")
        pump_glib_until(ctx, finished, 30, "the video workload to finish")
        # The last frame reaches the client as an MJPEG frame while the stream lives (the server
        # drops it about a second after the last update, then sends the region losslessly).
        end = time.time() + 0.8  # spice-gtk plays frames 400 ms late (its video margin)
        pump_glib_until(ctx, lambda: time.time() > end, 5, "the last stream frame")
        sys.stdout.flush()
        with open(log_path, errors="replace") as f:
            streaming_at_capture = "display_handle_stream_destroy" not in f.read()
        got_stream = framebuffer_rgb(d["primary"])
        end = time.time() + 2.5
        pump_glib_until(ctx, lambda: time.time() > end, 5, "the lossless refresh")
        got = framebuffer_rgb(d["primary"])
        Spice.Session.disconnect(session)
    except SystemExit:
        sys.stdout.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        with open(log_path, errors="replace") as f:
            print("".join(line for line in f if "FAIL" in line or "ok:" in line))
        raise
    finally:
        sys.stdout.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(log)
        proc.terminate()
        proc.wait(timeout=10)
    with open(log_path, errors="replace") as f:
        creates = sum(1 for line in f if "display_handle_stream_create" in line)
    check(creates >= 1, "libspice-server streamed the video region (%d STREAM_CREATE)" % creates)

    if demo_vm:
        with DemoVm(demo_vm, tmp, domain_xml(), ["--workload", "video", "--frames",
                                                 str(FRAMES)]) as vm:
            vm.wait_line(lambda l: l == "finished", 30, "'finished'")
            w, h, want = vm.dump()[0]
            vm.terminate()
        def compare(pic):
            x0, y0, rw, rh = 160, 120, 480, 320
            diffs = []
            for y in range(y0, y0 + rh):
                a = pic[(y * w + x0) * 3:(y * w + x0 + rw) * 3]
                b = want[(y * w + x0) * 3:(y * w + x0 + rw) * 3]
                diffs.extend(abs(p - q) for p, q in zip(a, b))
            return (sum(diffs) / len(diffs), sum(1 for v in diffs if v <= 40) / len(diffs))

        check(streaming_at_capture, "the stream was still live when its last frame was taken")
        mean, within = compare(got_stream)
        check(0 < mean < 8 and within > 0.99,
              "the last MJPEG stream frame is within tolerance of the source's last frame "
              "(mean |diff| %.2f, %.2f%% of channels within 40; lossy, so not 0)"
              % (mean, within * 100))
        mean, within = compare(got)
        check(mean < 1, "after the stream ends the region is sent losslessly (mean |diff| %.2f)"
              % mean)
print("PASS")
