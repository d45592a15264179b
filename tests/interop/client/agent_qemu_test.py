"""Our client's monitors request through real QEMU to the Linux qxl DRM driver: QEMU (-vga qxl
-spice, TCG) boots the qxl-DRM guest fixture with the SPICE agent's virtio-serial port
(com.redhat.spice.0 on a spicevmc chardev), which the guest's init holds open, so QEMU's
libspice-server reports the agent connected. Our client (spicedesk-agent-monitors) asks for a
monitor size; libspice-server hands VD_AGENT_MONITORS_CONFIG to QEMU's qxl device, which raises
the client-monitors interrupt in the guest's qxl driver: the connector's preferred mode (printed
by the guest's init on its serial port) becomes that size. Two sizes in turn, each by a new
connection: 800x600, which the guest's fbcon then also takes as its mode (inside its 1024x768
framebuffer), so our client sees the guest's monitor (MONITORS_CONFIG head) become 800x600 — the
whole loop; and 1280x720, larger than that framebuffer, seen as the preferred mode only. Without
the port, the agent is never reported (and nothing is sent).

    agent_qemu_test.py AGENT_MONITORS QXL_GUEST_CACHE
"""

import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "fixtures", "qxl-guest"))
from qxl_guest import QxlGuest  # noqa: E402
from spice_test_util import check, fail  # noqa: E402  (PYTHONPATH from meson)

_start = time.time()


tool, cache = sys.argv[1], sys.argv[2]


def request(port, size, expect="none", timeout=30):
    # --hold: the session stays 1 s after the request, so it is written before we close.
    r = subprocess.run([tool, "--port", str(port), "--size", size, "--expect", expect,
                        "--timeout", str(timeout), "--hold", "1000"],
                       capture_output=True, text=True, timeout=timeout + 10)
    print(r.stdout.rstrip(), flush=True)
    return r


with QxlGuest(cache, agent=True) as g:
    g.wait_serial(r"spicedesk-guest: ready")
    m, t = g.wait_serial(r"spicedesk-guest: agent port open (\S+)")
    check(True, "the guest opened the agent port %s (%.1f s after QEMU started)" % (m.group(1), t))
    first, _ = g.wait_serial(r"spicedesk-guest: modes (\S+)=(\S+)")
    connector = first.group(1)
    check(True, "connector %s starts with preferred mode %s" % (connector, first.group(2)))
    for size, expect in (("800x600", "heads"), ("1280x720", "none")):
        t0 = time.time()
        r = request(g.port, size, expect)
        check(r.returncode == 0, "our client saw the agent and sent %s%s (%s)" % (
            size, ", then a guest monitor of that size" if expect == "heads" else "",
            r.stderr.strip()))
        check("agent connected=1" in r.stdout, "the session reported the agent connected")
        m, _ = g.wait_serial(r"spicedesk-guest: modes %s=%s\b" % (re.escape(connector), size),
                             timeout=30)
        check(True, "the guest's qxl driver made %s its preferred mode (%.1f s after the request)"
              % (size, time.time() - t0))

with QxlGuest(cache, agent=False) as g:
    g.wait_serial(r"spicedesk-guest: ready")
    r = request(g.port, "800x600", timeout=6)
    check(r.returncode != 0 and "no agent connected" in r.stderr,
          "without the agent port no agent is reported (%s)" % r.stderr.strip())

print("PASS [%.1fs]" % (time.time() - _start))
