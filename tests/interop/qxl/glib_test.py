"""SpiceClientGLib (Debian's python3) against spicedesk-demo-vm. argv: DEMO_VM MODE [ARG]
  live WORKLOAD  connected while the workload draws: the client's framebuffer, built from the
                 draw commands the worker forwarded, equals the worker's primary surface at the end
  heads N        one QXL device with heads='N': MONITORS_CONFIG for N monitors, a primary N heads
                 wide
  devices        two qxl <video> devices: display channels 0 and 1, each equal to its worker
  echo           keys typed from the client appear on the keyboard-echo workload's screen"""

import sys
import tempfile

import gi

gi.require_version("SpiceClientGLib", "2.0")
from gi.repository import GLib, GObject  # noqa: E402
from gi.repository import SpiceClientGLib as Spice  # noqa: E402

from qxl_test_util import (DemoVm, check, diff_summary, domain_xml,  # noqa: E402
                           framebuffer_rgb)
sys.path.insert(0, __import__("os").path.dirname(__file__) + "/../spice-core")
from spice_test_util import glib_session, pump_glib_until  # noqa: E402

demo_vm, mode = sys.argv[1], sys.argv[2]
arg = sys.argv[3] if len(sys.argv) > 3 else None
ctx = GLib.MainContext.default()


def pump_until(pred, timeout, what):
    pump_glib_until(ctx, pred, timeout, what)


def wait_line(vm, text, timeout=30):
    """Waits for the demo VM to print text while the client keeps running."""
    pump_until(lambda: vm.poll_line(lambda l: l == text), timeout, "'%s'" % text)


class Client:
    def __init__(self, port):
        self.displays = {}
        self.inputs = None
        self.cursor_sets = 0
        self.session = glib_session(port, self.on_channel, password="secret")

    def on_channel(self, s, ch):
        if isinstance(ch, Spice.DisplayChannel):
            d = self.displays.setdefault(ch.get_property("channel-id"),
                                         {"ch": ch, "primary": None, "marks": 0})

            def on_create(c, f, w, h, st, shm, data):
                d["primary"] = (w, h, st, data)

            GObject.Object.connect(ch, "display-primary-create", on_create)
            GObject.Object.connect(ch, "display-mark",
                                   lambda c, m: d.__setitem__("marks", d["marks"] + 1))
        elif isinstance(ch, Spice.InputsChannel):
            # Keys sent before the link completes are dropped: wait for OPENED.
            def on_event(c, event):
                if event == Spice.ChannelEvent.OPENED:
                    self.inputs = c
            GObject.Object.connect(ch, "channel-event", on_event)
        elif isinstance(ch, Spice.CursorChannel):
            def on_set(*a):
                self.cursor_sets += 1
            GObject.Object.connect(ch, "cursor-set", on_set)
        if not isinstance(ch, Spice.MainChannel):
            Spice.Channel.connect(ch)

    def ready(self, n):
        return len(self.displays) >= n and all(
            d["marks"] and d["primary"] for d in self.displays.values())

    def wait_equal(self, cid, dumped, what):
        w, h, want = dumped
        d = self.displays[cid]
        try:
            pump_until(lambda: d["primary"] and d["primary"][:2] == (w, h)
                       and framebuffer_rgb(d["primary"]) == want, 10, what)
        except SystemExit:
            got = framebuffer_rgb(d["primary"]) if d["primary"] else b""
            print("  " + diff_summary(w, got, want), flush=True)
            raise
        check(True, what)


with tempfile.TemporaryDirectory() as tmp:
    if mode == "live":
        workload = arg
        with DemoVm(demo_vm, tmp, domain_xml(), ["--workload", workload]) as vm:
            c = Client(vm.port)
            pump_until(lambda: c.ready(1), 10, "display 0 with a primary surface and MARK")
            wait_line(vm, "finished")
            dumped = vm.dump()[0]
            c.wait_equal(0, dumped, "live client framebuffer equals the worker's primary surface "
                                    "after %s" % workload)
            if workload == "cursor":
                check(c.cursor_sets >= 3, "cursor shapes reached the client (%d cursor-set)"
                      % c.cursor_sets)
            Spice.Session.disconnect(c.session)
            check(vm.terminate() == 0, "the demo VM exits 0 on SIGTERM")
    elif mode == "heads":
        n = int(arg)
        with DemoVm(demo_vm, tmp, domain_xml(videos=(("qxl", n),)), ["--workload", "heads"]) as vm:
            c = Client(vm.port)
            pump_until(lambda: c.ready(1), 10, "display 0 with a primary surface and MARK")
            wait_line(vm, "finished")
            ch = c.displays[0]["ch"]
            pump_until(lambda: ch.get_property("monitors-max") == n, 10,
                       "MONITORS_CONFIG for %d monitors" % n)
            check(True, "the client got MONITORS_CONFIG for %d monitors" % n)
            check(c.displays[0]["primary"][:2] == (1024 * n, 768),
                  "the primary surface spans %d heads (%dx768)" % (n, 1024 * n))
            c.wait_equal(0, vm.dump()[0], "the %d-head primary equals the worker's" % n)
            Spice.Session.disconnect(c.session)
            check(vm.terminate() == 0, "the demo VM exits 0 on SIGTERM")
    elif mode == "devices":
        with DemoVm(demo_vm, tmp, domain_xml(videos=(("qxl", 1), ("qxl", 1))),
                    ["--workload", "terminal-copybits", "--frames", "30"]) as vm:
            c = Client(vm.port)
            pump_until(lambda: c.ready(2), 10, "display channels 0 and 1 with primary and MARK")
            check(sorted(c.displays) == [0, 1], "two qxl <video> give display channels 0 and 1")
            for i in range(2):
                wait_line(vm, "finished (display %d)" % i)
            dumps = vm.dump(2)
            for cid in (0, 1):
                c.wait_equal(cid, dumps[cid], "display %d equals its worker's primary" % cid)
            Spice.Session.disconnect(c.session)
            check(vm.terminate() == 0, "the demo VM exits 0 on SIGTERM")
    elif mode == "echo":
        with DemoVm(demo_vm, tmp, domain_xml(), ["--workload", "echo"]) as vm:
            c = Client(vm.port)
            pump_until(lambda: c.ready(1) and c.inputs is not None, 10,
                       "display 0 and the inputs channel open")
            wait_line(vm, "finished")
            before = vm.dump()[0]
            # h e l l o (PC XT set 1 make codes)
            for code in (0x23, 0x12, 0x26, 0x26, 0x18):
                Spice.InputsChannel.key_press(c.inputs, code)
                Spice.InputsChannel.key_release(c.inputs, code)
            wait_line(vm, "keys 5", 10)
            after = vm.dump()[0]
            w = after[0]
            row = lambda pic, x0, x1: b"".join(  # noqa: E731
                pic[2][(y * w + x0) * 3:(y * w + x1) * 3] for y in range(16))
            check(row(before, 16, 56) != row(after, 16, 56) and
                  row(after, 16, 56).count(b"\xff\xff\xff") > 0,
                  "five typed keys appear after the prompt")
            c.wait_equal(0, after, "the client shows the echoed keys, pixel for pixel")
            Spice.Session.disconnect(c.session)
            check(vm.terminate() == 0, "the demo VM exits 0 on SIGTERM")
    else:
        print("unknown mode", mode)
        sys.exit(2)
print("PASS")
