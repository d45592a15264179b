"""Keys typed from our client reach the qxl-DRM Linux guest (tests/fixtures/qxl-guest): QEMU boots
it to a busybox shell on the qxl console, with the lossy settings (LOSSY_SPICE). Our client
(spicedesk-client-shot --keys, behind the passive image-type-counting proxy) types `red`: the
shell echoes it (QMP screendump's prompt line changes, nothing else); then Enter: the shell runs
/bin/red, which paints the top 64 rows pure red. After each step our client's picture equals QMP
screendump exactly (console text and flat colour go through lossless codecs, ZLIB_GLZ here).

    keys_test.py CLIENT_SHOT FIXTURE_CACHE_DIR
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lossy_util import LOSSY_SPICE, check, fail, keep, note, pixel_diff  # noqa: E402
from qemu_spice import read_ppm  # noqa: E402
from qxl_guest import QxlGuest  # noqa: E402
from spice_proxy import IMAGE_ZLIB_GLZ_RGB, SpiceProxy  # noqa: E402

# PC/AT set-1 scancodes
KEYS_RED = "13,12,20"  # r e d
KEY_ENTER = "1c"
RED_ROWS = 64

shot_bin, cache_dir = sys.argv[1], sys.argv[2]
if shutil.which("qemu-system-x86_64") is None:
    print("FAIL: qemu-system-x86_64 is not installed (scripts/install-deps.sh installs it)")
    sys.exit(1)


def diff_rows(a, b):
    """(first, last) row that differs between two same-sized pictures, or None."""
    row = a[0] * 3
    rows = [y for y in range(a[1]) if a[2][y * row:(y + 1) * row] != b[2][y * row:(y + 1) * row]]
    return (rows[0], rows[-1]) if rows else None


def top_is_red(p):
    return p[2][:p[0] * 3 * RED_ROWS] == b"\xff\x00\x00" * (p[0] * RED_ROWS)


with tempfile.TemporaryDirectory() as tmp:
    n = [0]

    def dump():
        n[0] += 1
        path = os.path.join(tmp, "dump%d.ppm" % n[0])
        g.screendump(path)
        keep.append(path)
        return read_ppm(path)

    def settled(limit=15):
        """QMP screendump once it has not changed for 1.5 s (three dumps 0.5 s apart)."""
        prev, same, deadline = None, 0, time.time() + limit
        while time.time() < deadline:
            cur = dump()
            same = same + 1 if prev is not None and cur[2] == prev[2] else 0
            if same >= 3 and len(set(cur[2][::97])) > 1:
                return cur
            prev = cur
            time.sleep(0.5)
        fail("the guest's screen did not settle within %ss" % limit)

    def ours(keys, name):
        out = os.path.join(tmp, name + ".ppm")
        keep.append(out)
        r = subprocess.run([shot_bin, "--port", str(proxy.port), "--keys", keys, "--quiet-ms",
                            "1500", "--out", out], capture_output=True, text=True, timeout=40)
        check(r.returncode == 0, "our client typed %s and took its picture (%s)"
              % (keys, r.stderr.strip()))
        return read_ppm(out)

    with QxlGuest(cache_dir, extra_spice=LOSSY_SPICE) as g, SpiceProxy(g.port) as proxy:
        m, boot = g.wait_serial(r"spicedesk-guest: ready (\d+)x(\d+)")
        check(True, "guest booted to the qxl console in %.1f s" % boot)
        before = settled()
        check(not top_is_red(before), "the shell's screen before typing (top rows not red)")
        typed = ours(KEYS_RED, "ours-typed")
        after = settled()
        rows = diff_rows(before, after)
        check(rows is not None and rows[0] >= RED_ROWS and rows[1] - rows[0] < 32,
              "`red` echoed on the qxl screen: only the prompt line changed (rows %s)" % (rows,))
        check(typed[2] == after[2], "our picture of the echo == QMP screendump")
        ours(KEY_ENTER, "ours-enter")
        deadline = time.time() + 10
        while not top_is_red(after := dump()) and time.time() < deadline:
            time.sleep(0.3)
        check(top_is_red(after), "Enter ran the typed command: the top %d rows are red" % RED_ROWS)
        after = settled()
        out = os.path.join(tmp, "ours-red.ppm")
        keep.append(out)
        r = subprocess.run([shot_bin, "--port", str(proxy.port), "--quiet-ms", "1500", "--out",
                            out], capture_output=True, text=True, timeout=40)
        check(r.returncode == 0, "our picture after Enter")
        mx, mean = pixel_diff(read_ppm(out), after)
        check(mx == 0, "our picture after Enter == QMP screendump (max diff %d)" % mx)
        check(not proxy.errors, "the proxy parsed the display stream (%s)" % proxy.errors)
        note("images our client received: %s" % proxy.summary())
        check(proxy.image_types[IMAGE_ZLIB_GLZ_RGB] > 0,
              "ZLIB_GLZ images reached our client (%d)" % proxy.image_types[IMAGE_ZLIB_GLZ_RGB])
print("PASS")
