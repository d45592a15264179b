"""SpiceClientGLib (Debian's python3, real spice-gtk) against spicedesk-demo-vm and its guest agent.
argv: DEMO_VM MODE
  caps           with the spicevmc channel: the main channel reports the agent connected and the
                 agent's capabilities (monitors config, reply, sparse monitors config)
  none           without the channel: agent not connected
  resize-device  update_display + send_monitor_config: the server hands the config to the QXL
                 device (the guest driver unmasked its interrupt), the guest switches its primary
                 surface, spice-gtk's display channel sees the new size; the agent is not asked
  resize-agent   the same with --no-qxl-monitors-interrupt: the config goes to the guest agent,
                 which resizes (the vdagent + xrandr way)
  refuse         a mode larger than the device's vgamem: refused, the old primary stays"""

import os
import sys
import tempfile
import time

import gi

gi.require_version("SpiceClientGLib", "2.0")
from gi.repository import GLib, GObject  # noqa: E402
from gi.repository import SpiceClientGLib as Spice  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "qxl"))
sys.path.insert(0, os.path.join(HERE, "..", "spice-core"))
from qxl_test_util import DemoVm, check, domain_xml, fail  # noqa: E402
from spice_test_util import glib_session, pump_glib_until  # noqa: E402

# spice-protocol's vd_agent.h (VD_AGENT_CAP_*).
CAP_MONITORS_CONFIG, CAP_REPLY, CAP_SPARSE_MONITORS_CONFIG = 1, 2, 7

demo_vm, mode = sys.argv[1], sys.argv[2]
ctx = GLib.MainContext.default()


def pump_until(pred, timeout, what):
    pump_glib_until(ctx, pred, timeout, what)


class Client:
    def __init__(self, port):
        self.main = None
        self.primaries = []  # (w, h) of every display-primary-create on display 0
        self.session = glib_session(port, self.on_channel, password="secret")

    def on_channel(self, s, ch):
        if isinstance(ch, Spice.MainChannel):
            self.main = ch
            return
        if isinstance(ch, Spice.DisplayChannel) and ch.get_property("channel-id") == 0:
            GObject.Object.connect(ch, "display-primary-create",
                                   lambda c, f, w, h, st, shm, data: self.primaries.append((w, h)))
        Spice.Channel.connect(ch)

    def agent_connected(self):
        return self.main is not None and self.main.get_property("agent-connected")

    def has_cap(self, cap):
        return Spice.MainChannel.agent_test_capability(self.main, cap)

    def ask_size(self, w, h):
        """What a viewer's "resize guest to window" does: display 0 enabled at w x h, sent now."""
        Spice.MainChannel.update_display_enabled(self.main, 0, True, False)
        Spice.MainChannel.update_display(self.main, 0, 0, 0, w, h, False)
        if not Spice.MainChannel.send_monitor_config(self.main):
            fail("spice-gtk did not send the monitors config")

    def close(self):
        Spice.Session.disconnect(self.session)


def wait_line(vm, pred, timeout, what):
    """Waits for a demo VM line while the client keeps running; returns it."""
    found = []
    pump_until(lambda: vm.poll_line(lambda l: pred(l) and (found.append(l) or True)), timeout,
               what)
    return found[0]


def run_resize(vm, c, w, h, via_agent):
    pump_until(lambda: len(c.primaries) >= 1, 20, "the first primary surface")
    check(c.primaries[-1] == (1024, 768), "first primary 1024x768 (%s)" % (c.primaries[-1],))
    pump_until(lambda: c.agent_connected() and c.has_cap(CAP_MONITORS_CONFIG), 20,
               "agent capabilities")
    t0 = time.time()
    c.ask_size(w, h)
    wait_line(vm, lambda l: l == "resized %dx%d" % (w, h), 20, "'resized %dx%d'" % (w, h))
    pump_until(lambda: c.primaries[-1] == (w, h), 20, "a %dx%d primary at the client" % (w, h))
    check(True, "spice-gtk's display channel has a %dx%d primary %.2fs after the request"
          % (w, h, time.time() - t0))
    agent_asked = vm.poll_line(lambda l: l.startswith("agent: monitors config"))
    if via_agent:
        check(agent_asked, "the guest agent got the monitors config")
    else:
        check(not agent_asked, "the agent was not asked (the QXL device took the config)")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        agent = mode != "none"
        args = ["--workload", "text"]
        if mode == "resize-agent":
            args.append("--no-qxl-monitors-interrupt")
        with DemoVm(demo_vm, tmp, domain_xml(agent=agent), args) as vm:
            c = Client(vm.port)
            if mode == "caps":
                pump_until(c.agent_connected, 20, "agent-connected")
                check(True, "main channel: agent connected")
                pump_until(lambda: c.has_cap(CAP_MONITORS_CONFIG), 20, "the agent's capabilities")
                for cap, name in ((CAP_MONITORS_CONFIG, "MONITORS_CONFIG"), (CAP_REPLY, "REPLY"),
                                  (CAP_SPARSE_MONITORS_CONFIG, "SPARSE_MONITORS_CONFIG")):
                    check(c.has_cap(cap), "agent capability %s" % name)
            elif mode == "none":
                pump_until(lambda: len(c.primaries) >= 1, 20, "the first primary surface")
                deadline = time.time() + 1.0
                pump_until(lambda: time.time() > deadline, 5, "a second of session")
                check(c.main is not None and not c.agent_connected(),
                      "without the spicevmc channel the agent is not connected")
            elif mode == "resize-device":
                run_resize(vm, c, 800, 600, via_agent=False)
            elif mode == "resize-agent":
                run_resize(vm, c, 640, 480, via_agent=True)
            elif mode == "refuse":
                pump_until(lambda: len(c.primaries) >= 1, 20, "the first primary surface")
                pump_until(lambda: c.agent_connected() and c.has_cap(CAP_MONITORS_CONFIG), 20,
                           "agent capabilities")
                c.ask_size(4096, 2160)  # 33 MiB of pixels, vgamem is 16 MiB
                wait_line(vm, lambda l: l.startswith("resize 4096x2160 refused"), 20,
                          "'resize 4096x2160 refused'")
                check(True, "the guest refused a mode larger than vgamem")
                c.ask_size(800, 600)
                wait_line(vm, lambda l: l == "resized 800x600", 20, "'resized 800x600'")
                pump_until(lambda: c.primaries[-1] == (800, 600), 20, "an 800x600 primary")
                check((4096, 2160) not in c.primaries, "no 4096x2160 primary ever reached the "
                      "client, the next request worked")
            else:
                fail("unknown mode " + mode)
            c.close()
            code = vm.terminate()
            check(code == 0, "demo VM exited cleanly (%s)" % code)


main()
