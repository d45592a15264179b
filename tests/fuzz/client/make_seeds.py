#!/usr/bin/python3
"""Writes the seed corpora of the client fuzz targets (corpus/<target>/): hand-built messages of
every family, plus the display messages of the recorded QEMU streams in
tests/fixtures/spice-streams (each message alone for 'display', whole recordings for
'display_stream'). Run from anywhere; rewrites the corpus directories."""

import glob
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
REC = os.path.join(HERE, "..", "..", "fixtures", "spice-streams")


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def rect(l, t, r, b):
    return struct.pack("<iiii", t, l, b, r)


def msg(t, body):
    return struct.pack("<H", t) + body


def frame(t, body):
    return struct.pack("<HI", t, len(body)) + body


no_mask = struct.pack("<BiiI", 0, 0, 0, 0)
surface = struct.pack("<IIIII", 0, 64, 48, 32, 1)
fill = struct.pack("<I", 0) + rect(1, 2, 30, 20) + b"\x01" + struct.pack("<I", 2) + \
    rect(0, 0, 10, 10) + rect(20, 5, 40, 30) + b"\x01" + struct.pack("<IH", 0xff00, 8) + no_mask
base = struct.pack("<I", 0) + rect(0, 0, 4, 2) + b"\x00"
fixed = base + struct.pack("<I", 0) + rect(0, 0, 4, 2) + struct.pack("<HB", 8, 1) + no_mask
bitmap = struct.pack("<QBBIIBBIIII", 9, 0, 1, 4, 2, 8, 4, 4, 2, 16, 0) + bytes(range(32))
copy = bytearray(fixed + bitmap)
struct.pack_into("<I", copy, len(base), len(fixed))
cached = bytearray(fixed + struct.pack("<QBBII", 9, 103, 0, 0, 0))
struct.pack_into("<I", cached, len(base), len(fixed))
copy_bits = base + struct.pack("<ii", 1, 1)
write("display", "surface_create", msg(314, surface))
write("display", "fill", msg(302, fill))
write("display", "copy_bitmap", msg(304, bytes(copy)))
write("display", "copy_bits", msg(104, copy_bits))
write("display", "inval_list", msg(105, struct.pack("<HBQ", 1, 1, 9)))
write("display", "monitors", msg(317, struct.pack("<HH", 1, 4) + struct.pack("<7I", 0, 0, 64, 48, 0, 0, 0)))
write("display", "stream_create", msg(122, struct.pack("<IIBBQIIII", 0, 1, 1, 1, 0, 16, 16, 16, 16) + rect(0, 0, 16, 16) + b"\x00"))
stream = b"SPDREC1\n" + frame(314, surface) + frame(302, fill) + frame(304, bytes(copy)) + \
    frame(304, bytes(cached)) + frame(104, copy_bits) + frame(105, struct.pack("<HBQ", 1, 1, 9)) + \
    frame(102, b"")
write("display_stream", "handmade", stream)

alpha = struct.pack("<hhB", 3, 4, 1) + struct.pack("<HQBHHHH", 2, 5, 0, 2, 2, 0, 0) + bytes(16)
mono = struct.pack("<hhB", 3, 4, 1) + struct.pack("<HQBHHHH", 0, 6, 1, 8, 2, 0, 0) + bytes(4)
color4 = struct.pack("<hhB", 3, 4, 1) + struct.pack("<HQBHHHH", 0, 7, 2, 2, 2, 0, 0) + bytes(2 + 64 + 1)
write("cursor", "set_alpha", msg(103, alpha))
write("cursor", "set_mono", msg(103, mono))
write("cursor", "set_color4", msg(103, color4))
write("cursor", "init", msg(101, struct.pack("<hhHHB", 1, 2, 0, 0, 1) + struct.pack("<H", 1)))
write("cursor", "move", msg(104, struct.pack("<hh", 5, 5)))

write("main", "init", msg(103, struct.pack("<8I", 1, 1, 3, 2, 0, 10, 0, 0)))
write("main", "channels", msg(104, struct.pack("<I", 3) + bytes([2, 0, 3, 0, 4, 0])))
write("main", "mouse_mode", msg(105, struct.pack("<HH", 3, 2)))
write("main", "migrate_begin", msg(101, struct.pack("<HHI", 1, 2, 4) + b"\0" * 16))

write("main", "agent_connected_tokens", msg(115, struct.pack("<I", 10)))
write("main", "agent_token", msg(110, struct.pack("<I", 5)))
write("main", "agent_data", msg(109, struct.pack("<IIQI", 1, 6, 0, 12) + struct.pack("<III", 1, 0x3ff, 0)))


def agent_msg(t, body):
    return struct.pack("<IIQI", 1, t, 0, len(body)) + body


def conv(t, body):
    return struct.pack("<HH", t, len(body)) + body


# 'agent': a main-channel conversation (type u16, length u16, body; 0xffff = ask for monitors).
caps = agent_msg(6, struct.pack("<II", 1, 0x3ff))  # ANNOUNCE_CAPABILITIES, request
reply = agent_msg(7, struct.pack("<II", 2, 0))     # REPLY to MONITORS_CONFIG: success
init = struct.pack("<8I", 1, 1, 3, 2, 1, 2, 0, 0)  # agent connected, 2 tokens
write("agent", "handshake", conv(103, init) + conv(109, caps) + conv(0xffff, struct.pack("<HH", 800, 600)) +
      conv(110, struct.pack("<I", 3)) + conv(109, reply))
split = caps + reply
write("agent", "pieces", conv(115, struct.pack("<I", 1)) +
      b"".join(conv(109, split[i:i + 7]) for i in range(0, len(split), 7)) +
      conv(0xffff, struct.pack("<HHHH", 1024, 768, 640, 480)) + conv(108, struct.pack("<I", 0)) +
      conv(107, b"") + conv(110, struct.pack("<I", 4)))
write("agent", "bad_protocol", conv(107, b"") + conv(109, struct.pack("<IIQI", 2, 6, 0, 4) + bytes(4)) +
      conv(109, caps))

write("base_inputs", "set_ack", msg(3, struct.pack("<II", 1, 20)))
write("base_inputs", "ping", msg(4, struct.pack("<IQ", 1, 2) + bytes(32)))
write("base_inputs", "notify", msg(7, struct.pack("<QIIII", 0, 1, 0, 0, 5) + b"hello"))
write("base_inputs", "wait", msg(5, struct.pack("<BBBQ", 1, 2, 0, 7)))
write("base_inputs", "inputs_init", msg(101, struct.pack("<H", 2)))

for path in sorted(glob.glob(os.path.join(REC, "*.spicerec"))):
    name = os.path.basename(path)[:-len(".spicerec")]
    data = open(path, "rb").read()
    write("display_stream", name, data)
    pos, n, seen = 8, 0, {}
    while pos + 6 <= len(data):
        t, size = struct.unpack_from("<HI", data, pos)
        body = data[pos + 6:pos + 6 + size]
        pos += 6 + size
        seen[t] = seen.get(t, 0) + 1
        if t >= 101 and seen[t] <= 2:  # a few of each type: the corpus stays small
            write("display", "%s-%03d-%d" % (name, n, t), msg(t, body))
            n += 1
