"""spicedesk-viewer --screenshot against real QEMU (-vga qxl -spice, TCG, no disk: SeaBIOS' "No
bootable device" screen, tests/fixtures/spice-streams/qemu_spice.py): our picture equals
spicy-screenshot's and QEMU's own screendump but for the blinking text cursor (differences fit in
one 16x16 box), for QEMU's default image compression and for QUIC.

    qemu_test.py SPICEDESK_VIEWER
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "fixtures", "spice-streams"))
from qemu_spice import QemuSpice, read_ppm, same_but_cursor  # noqa: E402
from spice_test_util import check, fail  # noqa: E402  (PYTHONPATH from meson)


def settle(q, tmp, limit=25):
    """Waits until QEMU's screen is not blank and stops changing (but for the cursor)."""
    prev = None
    deadline = time.time() + limit
    n = 0
    while time.time() < deadline:
        path = os.path.join(tmp, "settle%d.ppm" % n)
        n += 1
        q.screendump(path)
        cur = read_ppm(path)
        if prev is not None and len(set(cur[2])) > 1 and same_but_cursor(prev, cur)[0]:
            return cur
        prev = cur
        time.sleep(0.7)
    fail("QEMU's screen did not settle within %ss" % limit)


viewer_bin = sys.argv[1]
if shutil.which("qemu-system-x86_64") is None or shutil.which("spicy-screenshot") is None:
    print("FAIL: qemu-system-x86_64 or spicy-screenshot is not installed "
          "(scripts/install-deps.sh installs them)")
    sys.exit(1)

env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
with tempfile.TemporaryDirectory() as tmp:
    for mode in ("auto_glz", "quic"):
        with QemuSpice(image_compression=mode) as q:
            settle(q, tmp)
            ours = os.path.join(tmp, "ours-%s.ppm" % mode)
            started = time.time()
            r = subprocess.run([viewer_bin, "-h", "127.0.0.1", "-p", str(q.port),
                                "--screenshot", ours], capture_output=True, text=True,
                               timeout=40, env=env)
            check(r.returncode == 0, "%s: spicedesk-viewer --screenshot exits 0 in %.2fs (%s)"
                  % (mode, time.time() - started, r.stderr.strip()))
            spicy = os.path.join(tmp, "spicy-%s.ppm" % mode)
            rs = subprocess.run(["spicy-screenshot", "-h", "127.0.0.1", "-p", str(q.port), "-o",
                                 spicy], capture_output=True, text=True, timeout=30)
            check(rs.returncode == 0, "%s: spicy-screenshot exits 0" % mode)
            dump = os.path.join(tmp, "dump-%s.ppm" % mode)
            q.screendump(dump)
            a, b, c = read_ppm(ours), read_ppm(spicy), read_ppm(dump)
            check(len(set(a[2])) > 1, "%s: our %dx%d picture is not blank" % (mode, a[0], a[1]))
            ok, why = same_but_cursor(a, b)
            check(ok, "%s: ours == spicy-screenshot's (%s)" % (mode, why))
            ok, why = same_but_cursor(a, c)
            check(ok, "%s: ours == QEMU's screendump (%s)" % (mode, why))
print("PASS")
