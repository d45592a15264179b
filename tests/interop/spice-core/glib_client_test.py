"""A SpiceClientGLib client (Debian's /usr/bin/python3 with gi) against
spicedesk-testserver: it connects with a password, receives display updates after MARK,
ends with a framebuffer equal to the server's last frame, gets a cursor, and sends keys,
200 mouse motions and 200 positions (4 at a time, more than the client lets through
without MOUSE_MOTION_ACKs), which the server's input sink must record exactly.

usage: glib_client_test.py SERVER_BIN lz4|off"""

import ctypes
import os
import sys
import tempfile
import time

import gi

gi.require_version("SpiceClientGLib", "2.0")
from gi.repository import GLib, GObject  # noqa: E402
from gi.repository import SpiceClientGLib as Spice  # noqa: E402

from spice_test_util import (TestServer, check, fail, glib_session, pump_glib_until, read_ppm,  # noqa: E402
                             read_stats)

server_bin, compression = sys.argv[1], sys.argv[2]
PASSWORD = "glib-pw"
ctx = GLib.MainContext.default()


def pump_until(pred, timeout, what):
    pump_glib_until(ctx, pred, timeout, what)


class Client:
    def __init__(self, port):
        self.primary = None
        self.marks = 0
        self.invalidates = 0
        self.invalidates_after_mark = 0
        self.inputs = None
        self.inputs_ready = False
        self.cursor_shapes = []
        self.cursor_moves = 0
        self.main_events = []
        # SPICE_IMAGE_COMPRESSION_OFF / _LZ4 (spice-protocol enums.h); the GType has no
        # introspected enum, so the values are given as integers.
        pref = {"lz4": 7, "off": 1}[compression]
        self.session = glib_session(port, self.on_channel_new, password=PASSWORD,
                                    preferred_compression=pref)

    def on_channel_new(self, session, channel):
        if isinstance(channel, Spice.MainChannel):
            GObject.Object.connect(channel, "channel-event",
                                   lambda ch, ev: self.main_events.append(ev))
            return
        if isinstance(channel, Spice.DisplayChannel):
            GObject.Object.connect(channel, "display-primary-create", self.on_primary)
            GObject.Object.connect(channel, "display-invalidate", self.on_invalidate)
            GObject.Object.connect(channel, "display-mark", self.on_mark)
        elif isinstance(channel, Spice.InputsChannel):
            self.inputs = channel
            GObject.Object.connect(channel, "channel-event", self.on_inputs_event)
        elif isinstance(channel, Spice.CursorChannel):
            GObject.Object.connect(channel, "cursor-set", self.on_cursor_set)
            GObject.Object.connect(channel, "cursor-move", self.on_cursor_move)
        Spice.Channel.connect(channel)

    def on_primary(self, ch, fmt, width, height, stride, shmid, data):
        self.primary = (width, height, stride, data)

    def on_invalidate(self, ch, x, y, w, h):
        self.invalidates += 1
        if self.marks:
            self.invalidates_after_mark += 1

    def on_mark(self, ch, mark):
        self.marks += 1

    def on_inputs_event(self, ch, event):
        if event == Spice.ChannelEvent.OPENED:
            self.inputs_ready = True

    def on_cursor_set(self, ch, width, height, hot_x, hot_y, rgba):
        self.cursor_shapes.append((width, height))

    def on_cursor_move(self, ch, x, y):
        self.cursor_moves += 1

    def framebuffer_rgb(self):
        width, height, stride, addr = self.primary
        raw = ctypes.string_at(addr, stride * height)
        out = bytearray(width * height * 3)
        for y in range(height):
            row = raw[y * stride:y * stride + width * 4]
            out[y * width * 3:(y + 1) * width * 3:3] = row[2::4]
            out[y * width * 3 + 1:(y + 1) * width * 3:3] = row[1::4]
            out[y * width * 3 + 2:(y + 1) * width * 3:3] = row[0::4]
        return bytes(out)


def log_lines(path):
    try:
        with open(path) as f:
            # spice-gtk also syncs its keyboard modifiers (KEY_MODIFIERS) on its own.
            return [line.strip() for line in f
                    if not line.startswith(("mouse_mode", "modifiers"))]
    except FileNotFoundError:
        return []


with tempfile.TemporaryDirectory() as tmp:
    frame_path = os.path.join(tmp, "frame.ppm")
    input_log = os.path.join(tmp, "inputs.log")
    stats_path = os.path.join(tmp, "stats")
    args = ["--port", "0", "--size", "640x480", "--heads", "2", "--fps", "40", "--frames", "60",
            "--dump-frame", frame_path, "--input-log", input_log, "--stats-file", stats_path,
            "--image-compression", "off" if compression == "lz4" else "lz4"]
    with TestServer(server_bin, args, env={"SPICEDESK_PASSWORD": PASSWORD}) as srv:
        c = Client(srv.port)
        pump_until(lambda: c.primary is not None and c.marks > 0, 10, "primary surface and MARK")
        check(c.primary[:2] == (640, 480), "primary surface is 640x480")
        pump_until(lambda: c.invalidates_after_mark >= 20, 10, "display updates after MARK")
        check(True, "%d display updates after MARK" % c.invalidates_after_mark)
        pump_until(lambda: os.path.exists(frame_path), 10, "the server's last frame")
        w, h, want = read_ppm(frame_path)
        pump_until(lambda: c.framebuffer_rgb() == want, 10,
                   "the client's framebuffer to equal the server's last frame")
        check(True, "client framebuffer equals the server's frame %dx%d pixel for pixel" % (w, h))
        pump_until(lambda: c.cursor_shapes and c.cursor_moves > 0, 5, "cursor shape and moves")
        check(c.cursor_shapes[0] == (16, 16), "cursor shape 16x16 received")

        pump_until(lambda: c.inputs_ready, 5, "inputs channel")

        def mode_lines():
            try:
                with open(input_log) as f:
                    return [line for line in f if line.startswith("mouse_mode")]
            except FileNotFoundError:
                return []

        pump_until(lambda: mode_lines(), 5, "the client's mouse mode request")
        check(mode_lines()[-1].strip() == "mouse_mode 2", "the client switched to client mouse mode")
        # spice-gtk answers its first MOUSE_MOTION_ACK with one position of its own, (0, 0)
        # on display 0 (its private display id starts zeroed, channel-inputs.c
        # inputs_handle_ack): warm up with 4 motions and expect exactly that extra position.
        before = len(log_lines(input_log))
        for _ in range(4):
            c.inputs.motion(1, 1, 0)
        pump_until(lambda: len(log_lines(input_log)) >= before + 5, 3, "the warm-up motions")
        check(log_lines(input_log)[before:] == ["motion 1 1 0"] * 4 + ["position 0 0 0 0"],
              "warm-up: 4 motions, then spice-gtk's own position after the first MOTION_ACK")
        # The server acks every 4 motions+positions (5 so far): 3 more realign its ACKs with
        # the batches of 4 below. A batch then fits in the client's window of 8 unacked
        # messages only if the previous ACK came; a missing ACK would make spice-gtk
        # coalesce positions and the exact comparison below fail.
        for _ in range(3):
            c.inputs.motion(1, 1, 0)
        pump_until(lambda: len(log_lines(input_log)) >= before + 8, 3, "the realigning motions")
        baseline = len(log_lines(input_log))
        expected = []

        def expect(lines, timeout=3):
            expected.extend(lines)
            pump_until(lambda: len(log_lines(input_log)) - baseline >= len(expected), timeout,
                       "the server to record %d input events" % len(expected))

        inp = c.inputs
        inp.key_press(0x1e)
        inp.key_release(0x1e)
        expect(["key_down 0x1e", "key_up 0x9e"])
        inp.key_press(0x11c)  # keypad Enter: e0 1c
        inp.key_release(0x11c)
        expect(["key_down 0x1ce0", "key_up 0x9ce0"])
        inp.key_press_and_release(0x30)
        expect(["scancode 30 b0"])
        inp.key_press_and_release(0x11d)
        expect(["scancode e0 1d e0 9d"])
        # Caps Lock toggles the sink's LED, which the server sends back as KEY_MODIFIERS.
        inp.key_press_and_release(0x3a)
        expect(["scancode 3a ba"])
        pump_until(lambda: inp.get_property("key-modifiers") & 4, 3,
                   "KEY_MODIFIERS with Caps Lock from the server")
        check(True, "the server's KEY_MODIFIERS (Caps Lock LED) reached the client")
        start = time.time()
        for i in range(0, 200, 4):
            batch = []
            for j in range(i, i + 4):
                dx, dy = (j % 7) + 1, -((j % 5) + 1)
                inp.motion(dx, dy, 0)
                batch.append("motion %d %d 0" % (dx, dy))
            expect(batch, timeout=2)
        motion_time = time.time() - start
        for i in range(0, 200, 4):
            batch = []
            for j in range(i, i + 4):
                x, y = (j * 3) % 640, (j * 2) % 480
                inp.position(x, y, 0, 0)
                batch.append("position %d %d 0 0" % (x, y))
            expect(batch, timeout=2)
        inp.button_press(1, 0)  # SPICE_MOUSE_BUTTON_LEFT
        inp.button_release(1, 0)
        expect(["press 1 1", "release 1 0"])
        got = log_lines(input_log)[baseline:]
        if got != expected:
            diff = [(i, a, b) for i, (a, b) in enumerate(zip(got, expected)) if a != b]
            print("first differences (index, got, expected):", diff[:5], len(got), len(expected))
        check(got == expected, "the server recorded exactly the %d events sent (keys, 200 motions, 200 positions, buttons)" % len(expected))
        check(motion_time < 10, "200 motions in %.2fs, none stalled" % motion_time)

        stats = read_stats(srv, stats_path)
        if compression == "lz4":
            check(stats["images_lz4"] > 0 and stats["images_bitmap"] == 0,
                  "PREFERRED_COMPRESSION=LZ4: %d LZ4 images, no raw bitmap" % stats["images_lz4"])
        else:
            check(stats["images_bitmap"] > 0 and stats["images_lz4"] == 0,
                  "PREFERRED_COMPRESSION=OFF: %d raw bitmaps, no LZ4" % stats["images_bitmap"])
        check(stats["draw_fills"] > 0 and stats["copy_bits"] > 0,
              "fills (%d) and COPY_BITS (%d) were drawn by spice-gtk" % (stats["draw_fills"],
                                                                        stats["copy_bits"]))
        check(stats["bad_messages"] == 0, "no malformed messages from spice-gtk")
        Spice.Session.disconnect(c.session)
        check(srv.terminate() == 0, "the server exits 0 on SIGTERM")
print("PASS")
