"""spicedesk-viewer --screenshot against spicedesk-testserver: no display needed; the PPM equals
spicy-screenshot's pixel for pixel (and the PNG holds the same pixels); spicec's flags, a
spice:// URI and a virt-viewer .vv file all reach the server; a wrong password or a closed port
exits non-zero with one clear line on stderr that never shows the password; -w warns.

    testserver_test.py SPICEDESK_VIEWER SPICEDESK_TESTSERVER
"""

import os
import subprocess
import sys
import tempfile
import time

from spice_test_util import TestServer, check, read_ppm

viewer_bin, server_bin = sys.argv[1], sys.argv[2]
PASSWORD = "v1ewer-pw"


def viewer(*args, env_password=None):
    env = {k: v for k, v in os.environ.items() if k != "SPICEDESK_PASSWORD"}
    env.pop("DISPLAY", None)  # headless: no display may be needed
    env.pop("WAYLAND_DISPLAY", None)
    if env_password is not None:
        env["SPICEDESK_PASSWORD"] = env_password
    started = time.time()
    r = subprocess.run([viewer_bin] + list(args), capture_output=True, text=True, timeout=40,
                       env=env)
    r.elapsed = time.time() - started
    return r


def spicy(port, out):
    r = subprocess.run(["spicy-screenshot", "-h", "127.0.0.1", "-p", str(port), "-w", PASSWORD,
                        "-o", out], capture_output=True, text=True, timeout=30)
    check(r.returncode == 0, "spicy-screenshot exits 0")
    return read_ppm(out)


def png_pixels(path):
    r = subprocess.run(["convert", path, "-depth", "8", "ppm:-"], capture_output=True,
                       check=True)
    ppm = path + ".ppm"
    with open(ppm, "wb") as f:
        f.write(r.stdout)
    return read_ppm(ppm)


with tempfile.TemporaryDirectory() as tmp:
    pwfile = os.path.join(tmp, "pw")
    with open(pwfile, "w") as f:
        f.write(PASSWORD + "\n")
    # --frames: the picture stops changing, so both clients see the same one.
    with TestServer(server_bin, ["--port", "0", "--password-file", pwfile, "--size", "800x600",
                                 "--frames", "4"]) as srv:
        time.sleep(0.5)
        theirs = spicy(srv.port, os.path.join(tmp, "spicy.ppm"))
        check(theirs[:2] == (800, 600) and len(set(theirs[2])) > 1,
              "spicy-screenshot's picture is 800x600 and not blank")

        ours_ppm = os.path.join(tmp, "ours.ppm")
        r = viewer("-h", "127.0.0.1", "-p", str(srv.port), "--password-file", pwfile,
                   "--screenshot", ours_ppm)
        check(r.returncode == 0, "spicec flags + --password-file: exit 0 in %.2fs (%s)"
              % (r.elapsed, r.stderr.strip()))
        check(read_ppm(ours_ppm) == theirs, "our PPM equals spicy-screenshot's, pixel for pixel")
        check(r.stderr == "", "no warning without -w")

        ours_png = os.path.join(tmp, "ours.png")
        r = viewer("-p", str(srv.port), "--screenshot", ours_png, env_password=PASSWORD)
        check(r.returncode == 0, "SPICEDESK_PASSWORD, PNG by extension: exit 0")
        with open(ours_png, "rb") as f:
            check(f.read(8) == b"\x89PNG\r\n\x1a\n", "the .png file is a PNG")
        check(png_pixels(ours_png) == theirs, "the PNG holds the same pixels")

        uri_png = os.path.join(tmp, "uri.ppm")
        r = viewer("spice://127.0.0.1:%d?password=%s" % (srv.port, PASSWORD),
                   "--screenshot", uri_png)
        check(r.returncode == 0, "a spice:// URI with the password works (%s)" % r.stderr.strip())
        check(read_ppm(uri_png) == theirs, "the URI's picture equals spicy-screenshot's")

        vv = os.path.join(tmp, "machine.vv")
        with open(vv, "w") as f:
            f.write("[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=%d\npassword=%s\n"
                    "title=Test machine\ndelete-this-file=1\n" % (srv.port, PASSWORD))
        vv_shot = os.path.join(tmp, "vv.ppm")
        r = viewer(vv, "--screenshot", vv_shot)
        check(r.returncode == 0, "a .vv file works (%s)" % r.stderr.strip())
        check(read_ppm(vv_shot) == theirs, "the .vv file's picture equals spicy-screenshot's")
        check(not os.path.exists(vv), "delete-this-file=1: the .vv file (it holds the password) "
              "was deleted once read")

        argv_shot = os.path.join(tmp, "argv.ppm")
        r = viewer("-h", "127.0.0.1", "-p", str(srv.port), "-w", PASSWORD,
                   "--screenshot", argv_shot)
        check(r.returncode == 0, "-w PASSWORD works")
        check("visible" in r.stderr and "--password-file" in r.stderr
              and "SPICEDESK_PASSWORD" in r.stderr and PASSWORD not in r.stderr,
              "-w warns that the password is visible and names the alternatives: "
              + r.stderr.strip())

        bad = os.path.join(tmp, "bad.ppm")
        r = viewer("-h", "127.0.0.1", "-p", str(srv.port), "-w", "wrong-secret",
                   "--screenshot", bad)
        lines = [line for line in r.stderr.splitlines() if "warning" not in line]
        check(r.returncode != 0, "a wrong password exits %d" % r.returncode)
        check(len(lines) == 1 and ("password" in lines[0] or "authentication" in lines[0]),
              "one clear line says why: %r" % lines)
        check("wrong-secret" not in r.stderr, "the password is not printed")
        check(not os.path.exists(bad), "no picture with a wrong password")

        r = viewer("-h", "127.0.0.1", "-p", str(srv.port), "--screenshot", bad)
        check(r.returncode != 0, "no password at all exits %d" % r.returncode)

        r = viewer("--help")
        check(r.returncode == 0 and "-h, --host" in r.stdout and "--screenshot" in r.stdout,
              "--help prints the usage; -h is the host, as spicec has it")
        r = viewer("-h")
        check(r.returncode == 2 and "-h" in r.stderr, "-h without a host is an error")
        check(srv.terminate() == 0, "the server exits 0 on SIGTERM")

    # A port nobody listens on (the server above is gone).
    r = viewer("-h", "127.0.0.1", "-p", str(srv.port), "--screenshot",
               os.path.join(tmp, "none.ppm"), env_password=PASSWORD)
    lines = r.stderr.splitlines()
    check(r.returncode != 0 and len(lines) == 1 and "refused" in lines[0],
          "a closed port exits %d with one clear line: %r" % (r.returncode, lines))
print("PASS")
