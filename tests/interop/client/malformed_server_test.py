"""A fake SPICE server (raw sockets, ticket auth with a fresh RSA key) that links our client's
main and display channels and then sends a malformed display message: our client must close
that channel with an error naming the message, never crash; and a server that answers the link
with garbage makes a clean error too."""

import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from spice_test_util import SPICE_MAGIC, check, recv_exact

shot_bin = sys.argv[1]
key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
pub_der = key.public_key().public_bytes(serialization.Encoding.DER,
                                        serialization.PublicFormat.SubjectPublicKeyInfo)
assert len(pub_der) == 162


def link(conn):
    """Reads the client's link message; replies OK with mini headers; reads the ticket."""
    magic, major, minor, size = struct.unpack("<IIII", recv_exact(conn, 16))
    mess = recv_exact(conn, size)
    channel_type = mess[4]
    caps = struct.pack("<I", (1 << 0) | (1 << 1) | (1 << 3))
    body = struct.pack("<I", 0) + pub_der + struct.pack("<III", 1, 0, 4 + 162 + 12) + caps
    conn.sendall(struct.pack("<IIII", SPICE_MAGIC, 2, 2, len(body)) + body)
    recv_exact(conn, 4 + 128)  # auth mechanism + ticket
    conn.sendall(struct.pack("<I", 0))
    return channel_type


def send(conn, t, body=b""):
    conn.sendall(struct.pack("<HI", t, len(body)) + body)


def serve(sock, display_payload):
    conns = []
    try:
        while True:
            conn, _ = sock.accept()
            conns.append(conn)
            ctype = link(conn)
            if ctype == 1:  # main: INIT, then the channel list once ATTACH_CHANNELS arrives
                send(conn, 103, struct.pack("<8I", 42, 1, 1, 1, 0, 0, 0, 0))
                recv_exact(conn, 6)  # ATTACH_CHANNELS
                send(conn, 104, struct.pack("<I", 1) + bytes([2, 0]))
            elif ctype == 2:
                for t, body in display_payload:
                    send(conn, t, body)
    except OSError:
        pass
    finally:
        for c in conns:
            c.close()


def run_case(payload, what):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    port = sock.getsockname()[1]
    t = threading.Thread(target=serve, args=(sock, payload), daemon=True)
    t.start()
    r = subprocess.run([shot_bin, "--port", str(port), "--quiet-ms", "100"], capture_output=True,
                       text=True, timeout=30)
    sock.close()
    return r


surface = struct.pack("<5I", 0, 64, 48, 32, 1)
truncated_fill = struct.pack("<I", 0) + struct.pack("<iiii", 0, 0, 10, 10) + b"\x01" + \
    struct.pack("<I", 1000)  # RECTS clip claiming 1000 rects in a tiny message
r = run_case([(314, surface), (302, truncated_fill)], "truncated clip")
check(r.returncode == 1 and "display channel 0" in r.stderr and "DRAW_FILL" in r.stderr,
      "a malformed DRAW_FILL closes the display channel with an error naming it: %s"
      % r.stderr.strip().splitlines()[-1])
bad_pointer = struct.pack("<I", 0) + struct.pack("<iiii", 0, 0, 4, 4) + b"\x00" + \
    struct.pack("<I", 0xfffffff0) + bytes(40)
r = run_case([(314, surface), (304, bad_pointer)], "bad pointer")
check(r.returncode == 1 and "beyond" in r.stderr,
      "an image pointer beyond the message is an error: %s" % r.stderr.strip().splitlines()[-1])
r = run_case([(314, struct.pack("<5I", 0, 1 << 20, 1 << 20, 32, 1))], "huge surface")
check(r.returncode == 1 and "SURFACE_CREATE" in r.stderr,
      "an absurd surface size is refused: %s" % r.stderr.strip().splitlines()[-1])
r = run_case([(314, surface), (102, b""), (302, struct.pack("<I", 7) + bytes(40))],
             "unknown surface")
check(r.returncode == 1 and "unknown surface" in r.stderr,
      "a draw on an unknown surface is an error: %s" % r.stderr.strip().splitlines()[-1])

# A "server" that answers the link with garbage.
sock = socket.socket()
sock.bind(("127.0.0.1", 0))
sock.listen(1)


def garbage():
    try:
        conn, _ = sock.accept()
        recv_exact(conn, 16)
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
        conn.close()
    except OSError:
        pass


threading.Thread(target=garbage, daemon=True).start()
r = subprocess.run([shot_bin, "--port", str(sock.getsockname()[1])], capture_output=True,
                   text=True, timeout=30)
check(r.returncode == 1 and "magic" in r.stderr, "a non-SPICE peer is a clean error: %s"
      % r.stderr.strip().splitlines()[-1])
print("PASS")
