"""Our SPICE client against real QEMU (-vga qxl -spice, TCG, no disk: SeaBIOS' "No bootable
device" screen): our screenshot equals spicy-screenshot's and QMP screendump's, but for the
blinking text cursor (differences must fit in one 16x16 box), for each image compression given
on the command line; and keys sent by our client reach the guest (SeaBIOS' boot menu opens on
ESC).

    qemu_test.py CLIENT_SHOT MODE[,MODE...] [keys]
    qemu_test.py CLIENT_SHOT password   QEMU with a ticket (password-secret, PEERS.md): ours ==
                                        spicy-screenshot's; a wrong password is a clean error
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


shot_bin, modes = sys.argv[1], sys.argv[2].split(",")
if shutil.which("qemu-system-x86_64") is None or shutil.which("spicy-screenshot") is None:
    print("FAIL: qemu-system-x86_64 or spicy-screenshot is not installed "
          "(scripts/install-deps.sh installs them)")
    sys.exit(1)
test_keys = len(sys.argv) > 3 and sys.argv[3] == "keys"


def our_shot(port, out, extra=()):
    r = subprocess.run([shot_bin, "--port", str(port), "--quiet-ms", "400", "--out", out] +
                       list(extra), capture_output=True, text=True, timeout=40)
    return r


def settle(q, tmp, limit=20):
    """Waits until QEMU's screen stops changing (but for the cursor) and is not blank."""
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


def password_case(tmp):
    pw = os.path.join(tmp, "pw")
    with open(pw, "w") as f:
        f.write("qemu-ticket\n")
    bad = os.path.join(tmp, "bad")
    with open(bad, "w") as f:
        f.write("wrong\n")
    with QemuSpice(image_compression="", password="qemu-ticket") as q:
        port = q.port
        settle(q, tmp)  # SeaBIOS reaches "No bootable device"
        ours = os.path.join(tmp, "ours-pw.ppm")
        r = our_shot(port, ours, ["--password-file", pw])
        check(r.returncode == 0, "password: our screenshot exits 0 (%s)" % r.stderr.strip())
        spicy = os.path.join(tmp, "spicy-pw.ppm")
        rs = subprocess.run(["spicy-screenshot", "-h", "127.0.0.1", "-p", str(port), "-w",
                             "qemu-ticket", "-o", spicy], capture_output=True, timeout=30)
        check(rs.returncode == 0, "password: spicy-screenshot exits 0")
        ok, why = same_but_cursor(read_ppm(ours), read_ppm(spicy))
        check(ok, "password: ours == spicy-screenshot's (%s)" % why)
        r = our_shot(port, os.path.join(tmp, "bad.ppm"), ["--password-file", bad])
        check(r.returncode == 1 and "authentication failed" in r.stderr,
              "a wrong password is a clean error: %s" % r.stderr.strip().splitlines()[-1])
        check(q.proc.poll() is None, "QEMU is still running")


with tempfile.TemporaryDirectory() as tmp:
    if modes == ["password"]:
        password_case(tmp)
        modes = []
    for mode in modes:
        extra_args = ["-boot", "menu=on,splash-time=30000"] if test_keys else []
        with QemuSpice(image_compression=mode, extra_args=extra_args) as q:
            settle(q, tmp)
            ours = os.path.join(tmp, "ours-%s.ppm" % mode)
            r = our_shot(q.port, ours)
            check(r.returncode == 0, "%s: our screenshot exits 0 (%s)" % (mode, r.stderr.strip()))
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
            check(ok, "%s: ours == QMP screendump (%s)" % (mode, why))
            if test_keys:
                r = our_shot(q.port, os.path.join(tmp, "after-keys.ppm"), ["--keys", "1"])
                check(r.returncode == 0, "ESC sent (%s)" % r.stderr.strip())
                after = settle(q, tmp)
                ok, why = same_but_cursor(a, after)
                check(not ok, "the guest's screen changed after our ESC (%s)" % why)
                r = our_shot(q.port, os.path.join(tmp, "menu.ppm"))
                check(r.returncode == 0, "screenshot of the boot menu")
                ok, why = same_but_cursor(read_ppm(os.path.join(tmp, "menu.ppm")), after)
                check(ok, "our picture of the boot menu == QMP screendump (%s)" % why)
print("PASS")
