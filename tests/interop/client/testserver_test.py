"""Our SPICE client (spicedesk-client-shot over spice-core/client) against spicedesk-testserver:
the screenshot equals the server's own frame pixel for pixel (image compression off and LZ4,
two display channels), a wrong password is a clean error, keys reach the server's input log,
TLS with a CA file (direct and after NEED_SECURED on the plain port), host-subject checks, and
an unknown CA or a wrong subject fail cleanly."""

import os
import subprocess
import sys
import tempfile
import time

from spice_test_util import TestServer, check, read_ppm, wait_for

shot_bin, server_bin = sys.argv[1], sys.argv[2]


def shot(args, out=None, timeout=30):
    cmd = [shot_bin] + args + (["--out", out] if out else [])
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def openssl(*args, cwd):
    subprocess.run(["openssl"] + list(args), cwd=cwd, check=True, capture_output=True)


def make_certs(d):
    for name in ("ca", "other-ca"):
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + "-key.pem",
                "-out", name + "-cert.pem", "-days", "1", "-subj", "/CN=spicedesk test " + name,
                cwd=d)
    with open(os.path.join(d, "san.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\n")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server-key.pem", "-out",
            "server.csr", "-subj", "/O=spicedesk/CN=127.0.0.1", cwd=d)
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca-cert.pem", "-CAkey", "ca-key.pem",
            "-CAcreateserial", "-out", "server-cert.pem", "-days", "1", "-extfile", "san.ext",
            cwd=d)


with tempfile.TemporaryDirectory() as tmp:
    pw = os.path.join(tmp, "pw")
    with open(pw, "w") as f:
        f.write("cl1ent-pw\n")
    bad = os.path.join(tmp, "bad")
    with open(bad, "w") as f:
        f.write("nope\n")
    for compression in ("off", "lz4"):
        dump = os.path.join(tmp, "frame-%s.ppm" % compression)
        inputs = os.path.join(tmp, "inputs-%s.log" % compression)
        with TestServer(server_bin, ["--port", "0", "--password-file", pw, "--size", "640x480",
                                     "--frames", "5", "--dump-frame", dump, "--displays", "2",
                                     "--image-compression", compression, "--input-log",
                                     inputs]) as srv:
            wait_for(lambda: os.path.exists(dump) and os.path.exists(dump + ".1"), 10,
                     "the server's last frame")
            time.sleep(0.2)
            for channel in (0, 1):
                out = os.path.join(tmp, "shot-%s-%d.ppm" % (compression, channel))
                r = shot(["--port", str(srv.port), "--password-file", pw, "--channel",
                          str(channel), "--quiet-ms", "200"], out)
                check(r.returncode == 0, "%s: display %d screenshot exits 0 (%s)"
                      % (compression, channel, r.stderr.strip()))
                want = read_ppm(dump if channel == 0 else dump + ".1")
                got = read_ppm(out)
                check(got[:2] == (640, 480), "%s: display %d is 640x480" % (compression, channel))
                check(got == want, "%s: display %d equals the server's frame pixel for pixel"
                      % (compression, channel))
            r = shot(["--port", str(srv.port), "--password-file", bad],
                     os.path.join(tmp, "bad.ppm"))
            check(r.returncode == 1 and "authentication failed" in r.stderr,
                  "a wrong password is a clean error: %s" % r.stderr.strip())
            check(not os.path.exists(os.path.join(tmp, "bad.ppm")), "no picture then")
            r = shot(["--port", str(srv.port), "--password-file", pw, "--keys", "1e,e04b"])
            check(r.returncode == 0, "keys sent (%s)" % r.stderr.strip())
            wait_for(lambda: "key_up 0xcbe0" in open(inputs).read(), 5, "the keys in the log")
            log = open(inputs).read()
            check("key_down 0x1e" in log and "key_up 0x9e" in log and
                  "key_down 0x4be0" in log, "A and extended Left reached the server as SPICE "
                  "key codes")
            r = shot(["--port", str(srv.port), "--password-file", pw, "--click", "300,200"])
            check(r.returncode == 0, "mouse sent (%s)" % r.stderr.strip())
            wait_for(lambda: "release 1 0" in open(inputs).read(), 5, "the click in the log")
            log = open(inputs).read()
            check("position 300 200 0 0" in log and "press 1 1" in log,
                  "client-mode positions and the click reached the server (flow-controlled by "
                  "MOTION_ACKs)")
            check(srv.alive(), "the server is still up")
        r = shot(["--port", "1", "--password-file", pw])
        check(r.returncode == 1 and "connecting" in r.stderr,
              "a closed port is a clean error: %s" % r.stderr.strip())

    make_certs(tmp)
    dump = os.path.join(tmp, "tls-frame.ppm")
    ca = os.path.join(tmp, "ca-cert.pem")
    with TestServer(server_bin, ["--port", "0", "--tls-port", "0", "--cert",
                                 os.path.join(tmp, "server-cert.pem"), "--key",
                                 os.path.join(tmp, "server-key.pem"), "--password-file", pw,
                                 "--secure-channels", "main,display", "--frames", "3",
                                 "--dump-frame", dump, "--size", "320x200"]) as srv:
        wait_for(lambda: os.path.exists(dump), 10, "the server's last frame")
        time.sleep(0.2)
        base = ["--port", str(srv.port), "--tls-port", str(srv.tls_port), "--password-file", pw]
        out = os.path.join(tmp, "tls.ppm")
        r = shot(base + ["--ca", ca], out)
        check(r.returncode == 0, "TLS after NEED_SECURED exits 0 (%s)" % r.stderr.strip())
        check(read_ppm(out) == read_ppm(dump), "the TLS screenshot equals the server's frame")
        r = shot(["--tls-port", str(srv.tls_port), "--password-file", pw, "--ca", ca,
                  "--host-subject", "O=spicedesk,CN=127.0.0.1"], out)
        check(r.returncode == 0, "TLS only, with the right host subject (%s)" % r.stderr.strip())
        r = shot(base + ["--ca", ca, "--host-subject", "O=other,CN=127.0.0.1"])
        check(r.returncode == 1 and "subject" in r.stderr,
              "a wrong host subject fails: %s" % r.stderr.strip())
        r = shot(base + ["--ca", os.path.join(tmp, "other-ca-cert.pem")])
        check(r.returncode == 1 and "certificate verification failed" in r.stderr,
              "an unknown CA fails: %s" % r.stderr.strip())
        r = shot(["--port", str(srv.port), "--password-file", pw])
        check(r.returncode == 1 and "NEED_SECURED" in r.stderr,
              "without a TLS port, NEED_SECURED is the error: %s" % r.stderr.strip())
print("PASS")
