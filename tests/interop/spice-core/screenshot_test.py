"""spicy-screenshot (Debian spice-client-gtk) against spicedesk-testserver: the picture it
saves equals, pixel for pixel, the full image the server sent (dumped by --dump-sent);
a wrong password fails; an expired ticket is refused; the password can come from a file
or SPICEDESK_PASSWORD and never shows up in the server's log."""

import os
import subprocess
import sys
import tempfile
import time

from spice_test_util import TestServer, check, fail, read_ppm

server_bin = sys.argv[1]


def screenshot(port, password, out, extra_env=None):
    env = dict(os.environ)
    if extra_env:
        env.update(extra_env)
    r = subprocess.run(["spicy-screenshot", "-h", "127.0.0.1", "-p", str(port), "-w", password,
                        "-o", out], env=env, capture_output=True, text=True, timeout=30)
    return r.returncode


with tempfile.TemporaryDirectory() as tmp:
    pwfile = os.path.join(tmp, "pw")
    with open(pwfile, "w") as f:
        f.write("s3cret-pw\n")
    sent = os.path.join(tmp, "sent.ppm")
    log = os.path.join(tmp, "server.log")
    with open(log, "w") as logf:
        os.dup2(logf.fileno(), 2)  # the server's stderr (its log) goes to the file
    with TestServer(server_bin, ["--port", "0", "--password-file", pwfile, "--dump-sent", sent,
                                 "--size", "800x600"], env={"SPICEDESK_LOG": "info"}) as srv:
        for i in range(3):  # the picture animates: every shot must match its own full image
            out = os.path.join(tmp, "shot%d.ppm" % i)
            rc = screenshot(srv.port, "s3cret-pw", out)
            check(rc == 0, "spicy-screenshot with the right password exits 0 (run %d)" % i)
            w, h, got = read_ppm(out)
            ws, hs, want = read_ppm(sent)
            check((w, h) == (800, 600) and (ws, hs) == (800, 600), "both images are 800x600")
            check(got == want, "spicy-screenshot's image equals the server's frame, pixel for pixel")
            time.sleep(0.15)
        rc = screenshot(srv.port, "wrong", os.path.join(tmp, "bad.ppm"))
        check(rc != 0, "a wrong password fails (exit %d)" % rc)
        check(not os.path.exists(os.path.join(tmp, "bad.ppm")), "no image with a wrong password")
        check(srv.terminate() == 0, "the server exits 0 on SIGTERM")

    with TestServer(server_bin, ["--port", "0", "--password-expires-in", "2.5"],
                    env={"SPICEDESK_PASSWORD": "envpass", "SPICEDESK_LOG": "info"}) as srv:
        started = time.time()
        rc = screenshot(srv.port, "envpass", os.path.join(tmp, "env.ppm"))
        check(rc == 0, "the password from SPICEDESK_PASSWORD works before the ticket expires")
        time.sleep(max(0, 2.7 - (time.time() - started)))
        rc = screenshot(srv.port, "envpass", os.path.join(tmp, "expired.ppm"))
        check(rc != 0, "the right password is refused once the ticket expired")
        check(srv.terminate() == 0, "the server exits 0 on SIGTERM")

    with TestServer(server_bin, ["--port", "0", "--password", "argvpass",
                                 "--password-expires-in", "0"],
                    env={"SPICEDESK_LOG": "info"}) as srv:
        rc = screenshot(srv.port, "argvpass", os.path.join(tmp, "expired0.ppm"))
        check(rc != 0, "a ticket that expired at start is refused")
        srv.terminate()

    with open(log) as f:
        text = f.read()
    check("PERMISSION_DENIED" in text and "ticket expired" in text,
          "the server logged the refusals with their reasons")
    check("s3cret-pw" not in text and "envpass" not in text and "wrong" not in text.replace(
        "wrong password", ""), "no password appears in the server's log")
    check("visible in the process list" in text, "--password warns that argv is visible")
print("PASS")
