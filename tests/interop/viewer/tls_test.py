"""spicedesk-viewer --screenshot over TLS against spicedesk-testserver (every channel secure, so
the plain port answers NEED_SECURED): --tls-port with --ca-file, a spice:// URI's tls-port, and a
virt-viewer .vv file carrying the CA as PEM text (\\n escapes) and host-subject all give the
picture spicy-screenshot gets; a CA that did not sign the server's certificate or a wrong host
subject fails with one line.

    tls_test.py SPICEDESK_VIEWER SPICEDESK_TESTSERVER
"""

import os
import subprocess
import sys
import tempfile
import time

from spice_test_util import TestServer, check, read_ppm

viewer_bin, server_bin = sys.argv[1], sys.argv[2]
PASSWORD = "tls-viewer-pw"


def openssl(*args, cwd):
    subprocess.run(["openssl"] + list(args), cwd=cwd, check=True, capture_output=True)


def make_ca(d, name):
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + "-key.pem",
            "-out", name + "-cert.pem", "-days", "1", "-subj", "/CN=spicedesk viewer " + name,
            cwd=d)


def make_server_cert(d, ca):
    with open(os.path.join(d, "san.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\n")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server-key.pem", "-out",
            "server.csr", "-subj", "/O=spicedesk/CN=127.0.0.1", cwd=d)
    openssl("x509", "-req", "-in", "server.csr", "-CA", ca + "-cert.pem", "-CAkey",
            ca + "-key.pem", "-CAcreateserial", "-out", "server-cert.pem", "-days", "1",
            "-extfile", "san.ext", cwd=d)


def viewer(*args):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["SPICEDESK_PASSWORD"] = PASSWORD
    env["XDG_RUNTIME_DIR"] = runtime_dir
    return subprocess.run([viewer_bin] + list(args), capture_output=True, text=True, timeout=40,
                          env=env)


with tempfile.TemporaryDirectory() as tmp:
    runtime_dir = os.path.join(tmp, "runtime")
    os.mkdir(runtime_dir, 0o700)
    make_ca(tmp, "ca")
    make_ca(tmp, "other-ca")
    make_server_cert(tmp, "ca")
    ca = os.path.join(tmp, "ca-cert.pem")
    with TestServer(server_bin, ["--port", "0", "--tls-port", "0",
                                 "--cert", os.path.join(tmp, "server-cert.pem"),
                                 "--key", os.path.join(tmp, "server-key.pem"), "--ca", ca,
                                 "--secure-channels", "all", "--password", PASSWORD,
                                 "--size", "640x480", "--frames", "3"]) as srv:
        check(srv.tls_port is not None, "the server listens on a TLS port")
        time.sleep(0.5)
        spicy = os.path.join(tmp, "spicy.ppm")
        r = subprocess.run(["spicy-screenshot", "-h", "127.0.0.1", "-p", str(srv.port), "-s",
                            str(srv.tls_port), "-w", PASSWORD, "-o", spicy],
                           env=dict(os.environ, SSL_CERT_FILE=ca), capture_output=True,
                           text=True, timeout=30)
        check(r.returncode == 0, "spicy-screenshot over TLS exits 0")
        theirs = read_ppm(spicy)

        out = os.path.join(tmp, "flags.ppm")
        r = viewer("-h", "127.0.0.1", "-p", str(srv.port), "--tls-port", str(srv.tls_port),
                   "--ca-file", ca, "--screenshot", out)
        check(r.returncode == 0, "--tls-port with --ca-file: exit 0 (%s)" % r.stderr.strip())
        check(read_ppm(out) == theirs, "over TLS our picture equals spicy-screenshot's")

        out = os.path.join(tmp, "uri.ppm")
        r = viewer("spice://127.0.0.1:%d?tls-port=%d" % (srv.port, srv.tls_port),
                   "--ca-file", ca, "--host-subject", "O=spicedesk,CN=127.0.0.1",
                   "--screenshot", out)
        check(r.returncode == 0, "a spice:// URI's tls-port with --host-subject: exit 0 (%s)"
              % r.stderr.strip())
        check(read_ppm(out) == theirs, "the URI's picture equals spicy-screenshot's")

        with open(ca) as f:
            pem = f.read()
        vv = os.path.join(tmp, "tls.vv")
        with open(vv, "w") as f:
            f.write("[virt-viewer]\ntype=spice\nhost=127.0.0.1\nport=%d\ntls-port=%d\n"
                    "password=%s\nca=%s\nhost-subject=O=spicedesk,CN=127.0.0.1\n"
                    % (srv.port, srv.tls_port, PASSWORD, pem.replace("\n", "\\n")))
        out = os.path.join(tmp, "vv.ppm")
        r = viewer(vv, "--screenshot", out)
        check(r.returncode == 0, "a .vv file with the CA inline and host-subject: exit 0 (%s)"
              % r.stderr.strip())
        check(read_ppm(out) == theirs, "the .vv file's picture equals spicy-screenshot's")
        leftovers = os.listdir(runtime_dir)
        check(not leftovers, "the .vv file's CA copy is removed at exit")

        r = viewer("-h", "127.0.0.1", "-p", str(srv.port), "--tls-port", str(srv.tls_port),
                   "--ca-file", os.path.join(tmp, "other-ca-cert.pem"), "--screenshot",
                   os.path.join(tmp, "bad-ca.ppm"))
        lines = r.stderr.splitlines()
        check(r.returncode != 0 and len(lines) == 1,
              "a CA that did not sign the server's certificate fails with one line: %r" % lines)

        r = viewer("-h", "127.0.0.1", "-p", str(srv.port), "--tls-port", str(srv.tls_port),
                   "--ca-file", ca, "--host-subject", "O=spicedesk,CN=somebody-else",
                   "--screenshot", os.path.join(tmp, "bad-subject.ppm"))
        lines = r.stderr.splitlines()
        check(r.returncode != 0 and len(lines) == 1,
              "a wrong host subject fails with one line: %r" % lines)
print("PASS")
