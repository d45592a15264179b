"""Several display channels (one per source, channel ids 0 and 1, as one QXL device per
monitor gives) and several heads on one surface: a SpiceClientGLib client gets both display
channels from CHANNELS_LIST, a primary surface and MARK on each, follows the resizes
(SURFACE_DESTROY + SURFACE_CREATE of the primary), ends with each framebuffer equal to its
source's last frame, and sees the heads of MONITORS_CONFIG."""

import ctypes
import os
import sys
import tempfile
import time

import gi

gi.require_version("SpiceClientGLib", "2.0")
from gi.repository import GLib, GObject  # noqa: E402
from gi.repository import SpiceClientGLib as Spice  # noqa: E402

from spice_test_util import TestServer, check, fail, glib_session, pump_glib_until, read_ppm  # noqa: E402

server_bin = sys.argv[1]
ctx = GLib.MainContext.default()


def pump_until(pred, timeout, what):
    pump_glib_until(ctx, pred, timeout, what)


def rgb(primary):
    width, height, stride, addr = primary
    raw = ctypes.string_at(addr, stride * height)
    out = bytearray(width * height * 3)
    for y in range(height):
        row = raw[y * stride:y * stride + width * 4]
        out[y * width * 3:(y + 1) * width * 3:3] = row[2::4]
        out[y * width * 3 + 1:(y + 1) * width * 3:3] = row[1::4]
        out[y * width * 3 + 2:(y + 1) * width * 3:3] = row[0::4]
    return bytes(out)


with tempfile.TemporaryDirectory() as tmp:
    frame = os.path.join(tmp, "frame.ppm")
    with TestServer(server_bin, ["--port", "0", "--displays", "2", "--heads", "3", "--size",
                                 "600x300", "--fps", "50", "--frames", "80", "--resize-every",
                                 "20", "--dump-frame", frame]) as srv:
        displays = {}
        def on_channel(s, ch):
            if isinstance(ch, Spice.DisplayChannel):
                cid = ch.get_property("channel-id")
                d = displays.setdefault(cid, {"ch": ch, "primary": None, "marks": 0,
                                              "creates": 0, "destroys": 0})

                def on_create(c, f, w, h, st, shm, data):
                    d["primary"] = (w, h, st, data)
                    d["creates"] += 1

                def on_destroy(c):
                    d["primary"] = None
                    d["destroys"] += 1

                GObject.Object.connect(ch, "display-primary-create", on_create)
                GObject.Object.connect(ch, "display-primary-destroy", on_destroy)
                GObject.Object.connect(ch, "display-mark",
                                       lambda c, m: d.__setitem__("marks", d["marks"] + 1))
            if not isinstance(ch, Spice.MainChannel):
                Spice.Channel.connect(ch)

        session = glib_session(srv.port, on_channel)
        pump_until(lambda: len(displays) == 2 and all(d["marks"] and d["primary"]
                                                      for d in displays.values()),
                   10, "two display channels with a primary surface and MARK")
        check(sorted(displays) == [0, 1], "display channels 0 and 1 from CHANNELS_LIST")
        pump_until(lambda: os.path.exists(frame) and os.path.exists(frame + ".1"), 10,
                   "the last frames")
        for cid, path in ((0, frame), (1, frame + ".1")):
            w, h, want = read_ppm(path)
            check((w, h) == (600, 300), "display %d ends at 600x300 after 4 resizes" % cid)
            pump_until(lambda: displays[cid]["primary"] and displays[cid]["primary"][:2] == (w, h)
                       and rgb(displays[cid]["primary"]) == want, 10,
                       "display %d to equal its source's last frame" % cid)
            check(True, "display %d equals its source's last frame pixel for pixel" % cid)
            d = displays[cid]
            # Resizes at frames 20, 40, 60, 80 (0.4 s apart); the client links within the
            # first ones, so it follows at least the last two live.
            check(d["destroys"] >= 2 and d["creates"] == d["destroys"] + 1,
                  "display %d: SURFACE_DESTROY + SURFACE_CREATE of the primary followed %d "
                  "resizes live" % (cid, d["destroys"]))
        check(rgb(displays[0]["primary"]) != rgb(displays[1]["primary"]),
              "the two displays show different pictures")
        # "monitors" (a GArray of structs) is not introspectable; "monitors-max" comes from
        # the same MONITORS_CONFIG message (max_allowed, which we set to the head count).
        check(displays[0]["ch"].get_property("monitors-max") == 3,
              "display 0 got MONITORS_CONFIG for 3 heads")
        Spice.Session.disconnect(session)
        check(srv.terminate() == 0, "the server exits 0 on SIGTERM")
print("PASS")
