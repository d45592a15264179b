"""Helpers for the spice-core interop tests: run spicedesk-testserver on an ephemeral
loopback port, wait for its "listening on" line, always kill it; read PPM files; a minimal
raw SPICE link client for the tests that need to see link errors on the wire."""

import contextlib
import os
import queue
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

SPICE_MAGIC = struct.unpack("<I", b"REDQ")[0]
# Values from spice-protocol's enums.h / protocol.h (checked by the unit tests in C++).
LINK_ERR = {0: "OK", 1: "ERROR", 2: "INVALID_MAGIC", 3: "INVALID_DATA",
            4: "VERSION_MISMATCH", 5: "NEED_SECURED", 6: "NEED_UNSECURED",
            7: "PERMISSION_DENIED", 8: "BAD_CONNECTION_ID", 9: "CHANNEL_NOT_AVAILABLE"}
CHANNEL_MAIN, CHANNEL_DISPLAY, CHANNEL_INPUTS, CHANNEL_CURSOR, CHANNEL_PLAYBACK = 1, 2, 3, 4, 5
COMMON_CAP_AUTH_SELECTION, COMMON_CAP_AUTH_SPICE, COMMON_CAP_MINI_HEADER = 0, 1, 3


# Run before a failing test exits (a test's own evidence keeping, say).
on_fail = []


def fail(msg):
    print("FAIL:", msg, flush=True)
    for hook in on_fail:
        hook()
    sys.exit(1)


_start = time.time()


def check(cond, msg):
    if not cond:
        fail(msg)
    print("ok: [%.2fs] %s" % (time.time() - _start, msg), flush=True)


class TestServer:
    """spicedesk-testserver as a context manager; killed on exit whatever happens."""

    def __init__(self, binary, args, env=None, timeout=15):
        self.binary = binary
        self.args = list(args)
        self.env = env
        self.timeout = timeout
        self.proc = None
        self.port = None
        self.tls_port = None

    def __enter__(self):
        env = dict(os.environ)
        env.setdefault("SPICEDESK_LOG", "info")
        if self.env:
            env.update(self.env)
        self.proc = subprocess.Popen([self.binary] + self.args, stdout=subprocess.PIPE,
                                     stderr=None, env=env, text=True)
        lines = queue.Queue()

        def reader():
            for line in self.proc.stdout:
                lines.put(line.strip())

        threading.Thread(target=reader, daemon=True).start()
        deadline = time.time() + self.timeout
        while time.time() < deadline:
            try:
                line = lines.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None:
                    fail("test server exited early with %s" % self.proc.returncode)
                continue
            if line.startswith("tls listening on "):
                self.tls_port = int(line.rsplit(":", 1)[1])
            elif line.startswith("listening on "):
                self.port = int(line.rsplit(":", 1)[1])
                return self
        self.kill()
        fail("test server did not print 'listening on' within %ss" % self.timeout)

    def signal(self, sig):
        self.proc.send_signal(sig)

    def terminate(self, timeout=10):
        """SIGTERM and wait; returns the exit status."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            fail("test server ignored SIGTERM for %ss" % timeout)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def alive(self):
        return self.proc.poll() is None

    def __exit__(self, *exc):
        self.kill()
        return False


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    parts = data.split(maxsplit=4)
    if parts[0] != b"P6":
        fail("%s is not a P6 PPM" % path)
    w, h, maxval = int(parts[1]), int(parts[2]), int(parts[3])
    pixels = parts[4]
    if len(pixels) != w * h * 3 or maxval != 255:
        fail("%s: bad PPM payload" % path)
    return w, h, pixels


def wait_for(pred, timeout, what, interval=0.02):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return
        time.sleep(interval)
    fail("timed out after %ss waiting for %s" % (timeout, what))


def read_stats(server, path, timeout=5):
    """SIGUSR1 makes the server rewrite its stats file."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    server.signal(signal.SIGUSR1)
    wait_for(lambda: os.path.exists(path), timeout, "the stats file")
    stats = {}
    with open(path) as f:
        for line in f:
            k, v = line.strip().split("=")
            stats[k] = int(v)
    return stats


def recv_exact(sock, n):
    out = b""
    while len(out) < n:
        chunk = sock.recv(n - len(out))
        if not chunk:
            raise ConnectionError("peer closed after %d of %d bytes" % (len(out), n))
        out += chunk
    return out


def caps_words(bits):
    words = [0] * (max(bits) // 32 + 1 if bits else 0)
    for b in bits:
        words[b // 32] |= 1 << (b % 32)
    return words


def link_mess(channel_type, channel_id=0, connection_id=0,
              common=(COMMON_CAP_AUTH_SELECTION, COMMON_CAP_AUTH_SPICE, COMMON_CAP_MINI_HEADER),
              channel_caps=()):
    cw, chw = caps_words(list(common)), caps_words(list(channel_caps))
    body = struct.pack("<IBBIII", connection_id, channel_type, channel_id, len(cw), len(chw), 18)
    body += b"".join(struct.pack("<I", w) for w in cw + chw)
    return struct.pack("<IIII", SPICE_MAGIC, 2, 2, len(body)) + body


def read_link_reply(sock):
    magic, major, minor, size = struct.unpack("<IIII", recv_exact(sock, 16))
    if magic != SPICE_MAGIC:
        fail("link reply magic %#x" % magic)
    body = recv_exact(sock, size)
    error = struct.unpack_from("<I", body, 0)[0]
    pub_key = body[4:4 + 162]
    return error, pub_key


def encrypt_ticket(pub_key_der, password):
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    key = serialization.load_der_public_key(pub_key_der)
    return key.encrypt(password.encode() + b"\0",
                       padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA1()),
                                    algorithm=hashes.SHA1(), label=None))


def raw_link(port, channel_type, channel_id=0, connection_id=0, password="", host="127.0.0.1",
             channel_caps=(), tls_context=None):
    """Links one channel with AUTH_SPICE and mini headers (over TLS when tls_context is
    given). Returns (socket, link error name); the socket is open (and ready for messages)
    only when the error is OK."""
    sock = socket.create_connection((host, port), timeout=10)
    if tls_context is not None:
        sock = tls_context.wrap_socket(sock, server_hostname=host)
    sock.sendall(link_mess(channel_type, channel_id, connection_id, channel_caps=channel_caps))
    error, pub_key = read_link_reply(sock)
    if error != 0:
        sock.close()
        return None, LINK_ERR.get(error, str(error))
    sock.sendall(struct.pack("<I", COMMON_CAP_AUTH_SPICE))
    sock.sendall(encrypt_ticket(pub_key, password))
    result = struct.unpack("<I", recv_exact(sock, 4))[0]
    if result != 0:
        sock.close()
        return None, LINK_ERR.get(result, str(result))
    return sock, "OK"


def send_msg(sock, msg_type, body=b""):
    sock.sendall(struct.pack("<HI", msg_type, len(body)) + body)


def recv_msg(sock):
    msg_type, size = struct.unpack("<HI", recv_exact(sock, 6))
    return msg_type, recv_exact(sock, size)


def glib_session(port, on_channel, password=None, **props):
    """A SpiceClientGLib session to 127.0.0.1:`port`, connecting: `on_channel(session, channel)`
    sees every new channel; `props` are further session properties (dashes as underscores).
    The caller has done gi.require_version("SpiceClientGLib", "2.0")."""
    from gi.repository import GObject
    from gi.repository import SpiceClientGLib as Spice
    session = Spice.Session()
    session.set_property("host", "127.0.0.1")
    session.set_property("port", str(port))
    if password is not None:
        session.set_property("password", password)
    for name, value in props.items():
        session.set_property(name.replace("_", "-"), value)
    GObject.Object.connect(session, "channel-new", on_channel)
    if not Spice.Session.connect(session):
        fail("spice_session_connect failed")
    return session


def pump_glib_until(ctx, pred, timeout, what):
    """Runs the GLib main context `ctx` (SpiceClientGLib's) until `pred()` holds; fails the test
    after `timeout` seconds, naming `what` it waited for."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        while ctx.pending():
            ctx.iteration(False)
        if pred():
            return
        time.sleep(0.002)
    fail("timed out after %ss waiting for %s" % (timeout, what))
