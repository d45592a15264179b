"""A passive SPICE proxy for tests: listens on a loopback port, forwards every connection to the
real server unchanged, and parses what the server sends on display channels to count the image
types inside DRAW_COPY messages (the only drawing QEMU's qxl DRM guest produces) -- the way to see
which codecs reached *our* client without touching the client.

    with SpiceProxy(qemu_port) as p:
        run the client against p.port
        p.image_types   # {SPICE_IMAGE_TYPE value: count}, p.msg_types likewise
"""

import os
import socket
import struct
import sys
import threading
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "spice-core"))
from spice_test_util import recv_exact  # noqa: E402

CHANNEL_DISPLAY = 2
COMMON_CAP_MINI_HEADER = 3
COMMON_CAP_AUTH_SELECTION = 0
MSG_DISPLAY_DRAW_COPY = 304
MSG_STREAM_CREATE, MSG_STREAM_DATA = 122, 123
CLIP_TYPE_RECTS = 1
# SPICE_IMAGE_TYPE_* (spice-protocol enums.h)
IMAGE_TYPE_NAMES = {0: "BITMAP", 1: "QUIC", 100: "LZ_PLT", 101: "LZ_RGB", 102: "GLZ_RGB",
                    103: "FROM_CACHE", 104: "SURFACE", 105: "JPEG", 106: "FROM_CACHE_LOSSLESS",
                    107: "ZLIB_GLZ_RGB", 108: "JPEG_ALPHA", 109: "LZ4"}
IMAGE_JPEG, IMAGE_ZLIB_GLZ_RGB, IMAGE_JPEG_ALPHA = 105, 107, 108


def _caps(body, ncommon_off):
    ncommon, nchannel, off = struct.unpack_from("<III", body, ncommon_off)
    return struct.unpack_from("<%dI" % ncommon, body, off) if ncommon else ()


class SpiceProxy:
    def __init__(self, server_port, host="127.0.0.1"):
        self.server = (host, server_port)
        self.lock = threading.Lock()
        self.image_types = Counter()
        self.msg_types = Counter()
        self.errors = []
        self._socks = []
        self._stop = False

    def __enter__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self._stop = True
        for s in [self.listener] + self._socks:
            try:
                s.close()
            except OSError:
                pass
        return False

    def summary(self):
        with self.lock:
            return ", ".join("%s %d" % (IMAGE_TYPE_NAMES.get(t, str(t)), n)
                             for t, n in sorted(self.image_types.items())) or "no images"

    def _accept(self):
        while not self._stop:
            try:
                c, _ = self.listener.accept()
            except OSError:
                return
            s = socket.create_connection(self.server)
            self._socks += [c, s]
            threading.Thread(target=self._session, args=(c, s), daemon=True).start()

    def _session(self, c, s):
        try:
            # client's link: SpiceLinkHeader (magic, major, minor, size) + SpiceLinkMess
            hdr = recv_exact(c, 16)
            mess = recv_exact(c, struct.unpack_from("<I", hdr, 12)[0])
            s.sendall(hdr + mess)
            channel_type = mess[4]
            client_caps = _caps(mess, 6)
            threading.Thread(target=self._pipe, args=(c, s), daemon=True).start()
            # server's reply: header + SpiceLinkReply (error, 162-byte key, caps)
            hdr = recv_exact(s, 16)
            reply = recv_exact(s, struct.unpack_from("<I", hdr, 12)[0])
            c.sendall(hdr + reply)
            server_caps = _caps(reply, 4 + 162)
            mini = all(caps and caps[0] & (1 << COMMON_CAP_MINI_HEADER)
                       for caps in (client_caps, server_caps))
            result = recv_exact(s, 4)  # link result
            c.sendall(result)
            if channel_type != CHANNEL_DISPLAY:
                self._pipe(s, c)
                return
            while True:
                if mini:
                    h = recv_exact(s, 6)
                    mtype, size = struct.unpack("<HI", h)
                else:
                    h = recv_exact(s, 18)
                    mtype, size = struct.unpack_from("<HI", h, 8)
                body = recv_exact(s, size)
                c.sendall(h + body)
                self._count(mtype, body)
        except (ConnectionError, OSError):
            pass
        except Exception as e:  # a parse error must show in the test, not vanish in a thread
            with self.lock:
                self.errors.append(repr(e))
        finally:
            for x in (c, s):
                try:
                    x.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def _count(self, mtype, body):
        with self.lock:
            self.msg_types[mtype] += 1
            if mtype != MSG_DISPLAY_DRAW_COPY:
                return
            # SpiceMsgDisplayBase: surface_id, box (4 x i32), clip (type u8 [, n u32, n rects])
            pos = 4 + 16
            clip_type = body[pos]
            pos += 1
            if clip_type == CLIP_TYPE_RECTS:
                n = struct.unpack_from("<I", body, pos)[0]
                pos += 4 + 16 * n
            image_off = struct.unpack_from("<I", body, pos)[0]
            if image_off:
                # SpiceImageDescriptor: id u64, type u8, flags u8, width, height
                self.image_types[body[image_off + 8]] += 1

    def _pipe(self, src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for x in (src, dst):
                try:
                    x.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
