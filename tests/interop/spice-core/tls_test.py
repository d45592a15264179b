"""TLS: a throwaway CA and server certificate made with openssl; spicy-screenshot, told
the plain and the TLS port, is sent to TLS by NEED_SECURED and gets the server's exact
frame; a client trusting another CA fails; plain links to channels marked secure get
NEED_SECURED, TLS links to channels marked insecure get NEED_UNSECURED (libvirt's
defaultMode / <channel mode> semantics)."""

import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time

from spice_test_util import (CHANNEL_CURSOR, CHANNEL_DISPLAY, CHANNEL_INPUTS, CHANNEL_MAIN,
                             TestServer, check, read_ppm, raw_link)

server_bin = sys.argv[1]


def openssl(*args, cwd):
    subprocess.run(["openssl"] + list(args), cwd=cwd, check=True, capture_output=True)


def make_ca(d, name):
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + "-key.pem",
            "-out", name + "-cert.pem", "-days", "1", "-subj", "/CN=spicedesk test " + name,
            cwd=d)


def make_server_cert(d, ca):
    with open(os.path.join(d, "san.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\n")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server-key.pem", "-out",
            "server.csr", "-subj", "/CN=127.0.0.1", cwd=d)
    openssl("x509", "-req", "-in", "server.csr", "-CA", ca + "-cert.pem", "-CAkey",
            ca + "-key.pem", "-CAcreateserial", "-out", "server-cert.pem", "-days", "1",
            "-extfile", "san.ext", cwd=d)


def screenshot(ca_file, port, tls_port, out):
    # spicy-screenshot has no CA option; with no ca-file spice-gtk uses OpenSSL's default
    # verify paths, which SSL_CERT_FILE sets.
    env = dict(os.environ, SSL_CERT_FILE=ca_file)
    r = subprocess.run(["spicy-screenshot", "-h", "127.0.0.1", "-p", str(port), "-s",
                        str(tls_port), "-w", "tls-pw", "-o", out], env=env, capture_output=True,
                       text=True, timeout=30)
    return r.returncode


with tempfile.TemporaryDirectory() as tmp:
    make_ca(tmp, "ca")
    make_ca(tmp, "other-ca")
    make_server_cert(tmp, "ca")
    ca = os.path.join(tmp, "ca-cert.pem")
    sent = os.path.join(tmp, "sent.ppm")
    tls_args = ["--port", "0", "--tls-port", "0", "--cert", os.path.join(tmp, "server-cert.pem"),
                "--key", os.path.join(tmp, "server-key.pem"), "--ca", ca]
    ctx = ssl.create_default_context(cafile=ca)

    with TestServer(server_bin, tls_args + ["--secure-channels", "all", "--dump-sent", sent,
                                            "--link-timeout", "2"],
                    env={"SPICEDESK_PASSWORD": "tls-pw"}) as srv:
        check(srv.tls_port is not None, "the server printed its TLS port %s" % srv.tls_port)
        _, err = raw_link(srv.port, CHANNEL_MAIN, password="tls-pw")
        check(err == "NEED_SECURED", "plain main link with all channels secure: %s" % err)
        _, err = raw_link(srv.port, CHANNEL_DISPLAY, password="tls-pw")
        check(err == "NEED_SECURED", "plain display link: %s" % err)
        idle = socket.create_connection(("127.0.0.1", srv.tls_port))
        idle.settimeout(6)
        t0 = time.time()
        try:
            closed = idle.recv(1) == b""
        except ConnectionResetError:
            closed = True
        check(closed and time.time() - t0 > 1.5,
              "a TLS connection that never handshakes is closed after the link timeout")
        sock, err = raw_link(srv.tls_port, CHANNEL_MAIN, password="tls-pw", tls_context=ctx)
        check(err == "OK", "main link over TLS verified against the CA: %s" % err)
        sock.close()
        out = os.path.join(tmp, "tls.ppm")
        rc = screenshot(ca, srv.port, srv.tls_port, out)
        check(rc == 0, "spicy-screenshot switches to TLS after NEED_SECURED and succeeds")
        check(read_ppm(out) == read_ppm(sent), "its image over TLS equals the server's frame")
        rc = screenshot(os.path.join(tmp, "other-ca-cert.pem"),
                        srv.port, srv.tls_port, os.path.join(tmp, "bad.ppm"))
        check(rc != 0, "a client trusting another CA fails")
        check(srv.terminate() == 0, "the server exits 0 on SIGTERM")

    with TestServer(server_bin, tls_args + ["--secure-channels", "display,cursor",
                                            "--insecure-channels", "inputs"],
                    env={"SPICEDESK_PASSWORD": "tls-pw"}) as srv:
        main, err = raw_link(srv.port, CHANNEL_MAIN, password="tls-pw")
        check(err == "OK", "plain main link allowed when only display and cursor are secure")
        _, err = raw_link(srv.port, CHANNEL_DISPLAY, password="tls-pw")
        check(err == "NEED_SECURED", "plain display link refused: %s" % err)
        _, err = raw_link(srv.port, CHANNEL_CURSOR, password="tls-pw")
        check(err == "NEED_SECURED", "plain cursor link refused: %s" % err)
        _, err = raw_link(srv.tls_port, CHANNEL_INPUTS, password="tls-pw", tls_context=ctx)
        check(err == "NEED_UNSECURED", "TLS inputs link to an insecure channel: %s" % err)
        main.close()
        out = os.path.join(tmp, "mixed.ppm")
        rc = screenshot(ca, srv.port, srv.tls_port, out)
        check(rc == 0, "spicy-screenshot works with main plain and display over TLS")
        srv.terminate()
print("PASS")
