"""The link stage and bad input on the wire, with a raw socket client: every
SPICE_LINK_ERR_* the server can answer, malformed and oversized messages closing only
their own connection, a new client replacing the previous one, a display client that
stops reading (the server keeps serving inputs, coalesces to one full refresh), and many
connects/disconnects leaking neither channel clients nor memory."""

import os
import socket
import struct
import subprocess
import sys
import tempfile
import time

from spice_test_util import (CHANNEL_DISPLAY, CHANNEL_INPUTS, CHANNEL_MAIN, CHANNEL_PLAYBACK,
                             LINK_ERR, SPICE_MAGIC, TestServer, check, fail, link_mess,
                             raw_link, read_link_reply, read_stats, recv_exact, recv_msg,
                             send_msg, wait_for)

server_bin = sys.argv[1]
PW = "robust-pw"
# spice-protocol enums.h values
MSG_SET_ACK, MSG_PING, MSG_DISCONNECTING, MSG_NOTIFY = 3, 4, 6, 7
MSGC_ACK_SYNC, MSGC_ACK, MSGC_PONG = 1, 2, 3
MSG_MAIN_INIT, MSGC_MAIN_MOUSE_MODE_REQUEST = 103, 105
MSGC_DISPLAY_INIT, MSG_DISPLAY_DRAW_COPY, MSG_DISPLAY_SURFACE_CREATE = 101, 304, 314
MSGC_INPUTS_MOUSE_MOTION, MSG_INPUTS_MOUSE_MOTION_ACK = 111, 111


def link_error_for(port, data):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(data)
    try:
        error, _ = read_link_reply(s)
    finally:
        s.close()
    return LINK_ERR.get(error, str(error))


def closed_by_server(sock, timeout=5):
    sock.settimeout(timeout)
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                return True
    except (ConnectionResetError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def link_main(port):
    sock, err = raw_link(port, CHANNEL_MAIN, password=PW)
    if err != "OK":
        fail("main link: %s" % err)
    while True:
        t, body = recv_msg(sock)
        if t == MSG_MAIN_INIT:
            return sock, struct.unpack_from("<I", body, 0)[0]


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


with tempfile.TemporaryDirectory() as tmp:
    stats_path = os.path.join(tmp, "stats")
    with TestServer(server_bin, ["--port", "0", "--fps", "200", "--size", "640x480", "--stats-file", stats_path,
                                 "--link-timeout", "2"],
                    env={"SPICEDESK_PASSWORD": PW}) as srv:
        port = srv.port
        good = link_mess(CHANNEL_MAIN)
        bad_magic = struct.pack("<I", 0x51444552 ^ 0xff) + good[4:]
        check(link_error_for(port, bad_magic) == "INVALID_MAGIC", "bad magic: INVALID_MAGIC")
        bad_version = good[:4] + struct.pack("<I", 3) + good[8:]
        check(link_error_for(port, bad_version) == "VERSION_MISMATCH",
              "major version 3: VERSION_MISMATCH")
        huge = good[:12] + struct.pack("<I", 1 << 20) + good[16:]
        check(link_error_for(port, huge) == "INVALID_DATA", "1 MiB link message: INVALID_DATA")
        bad_caps = good[:16] + good[16:30] + struct.pack("<I", 4000) + good[34:]
        check(link_error_for(port, bad_caps) == "INVALID_DATA", "caps_offset outside: INVALID_DATA")
        many_caps = good[:16] + good[16:22] + struct.pack("<I", 100000) + good[26:]
        check(link_error_for(port, many_caps) == "INVALID_DATA", "100000 caps words: INVALID_DATA")
        _, err = raw_link(port, CHANNEL_PLAYBACK, password=PW)
        check(err == "CHANNEL_NOT_AVAILABLE", "playback channel: %s" % err)
        _, err = raw_link(port, CHANNEL_DISPLAY, channel_id=3, password=PW)
        check(err == "CHANNEL_NOT_AVAILABLE", "display channel 3: %s" % err)
        _, err = raw_link(port, CHANNEL_MAIN, password="nope")
        check(err == "PERMISSION_DENIED", "wrong password: %s" % err)

        idle = socket.create_connection(("127.0.0.1", port))
        half = socket.create_connection(("127.0.0.1", port))
        half.sendall(good[:10])
        t0 = time.time()
        check(closed_by_server(idle, timeout=6) and closed_by_server(half, timeout=6),
              "silent and half-linked connections are closed by the link timeout")
        check(1.5 < time.time() - t0 < 5, "after %.1fs (--link-timeout 2)" % (time.time() - t0))

        main, session = link_main(port)
        check(session != 0, "main link OK, session id %#x" % session)
        _, err = raw_link(port, CHANNEL_DISPLAY, connection_id=session ^ 1, password=PW)
        check(err == "BAD_CONNECTION_ID", "display with another session id: %s" % err)
        disp, err = raw_link(port, CHANNEL_DISPLAY, connection_id=session, password=PW)
        check(err == "OK", "display joins the session by its id")
        send_msg(disp, MSGC_DISPLAY_INIT, b"\x01" + b"\0" * 13 + b"\0")  # 15 bytes: malformed
        check(closed_by_server(disp), "a malformed DISPLAY_INIT closes the display connection")
        inp, err = raw_link(port, CHANNEL_INPUTS, connection_id=session, password=PW)
        check(err == "OK", "inputs joins the same session")
        send_msg(inp, MSGC_INPUTS_MOUSE_MOTION, b"\0" * 9)
        check(closed_by_server(inp), "a short MOUSE_MOTION closes the inputs connection")
        inp, err = raw_link(port, CHANNEL_INPUTS, connection_id=session, password=PW)
        check(err == "OK", "the session still accepts channels")
        inp.sendall(struct.pack("<HI", MSGC_INPUTS_MOUSE_MOTION, 64 << 20))
        check(closed_by_server(inp), "a 64 MiB message header closes the inputs connection")
        inp, err = raw_link(port, CHANNEL_INPUTS, connection_id=session, password=PW)
        send_msg(inp, 999, b"")
        check(closed_by_server(inp), "an unknown message type closes the inputs connection")

        main2, session2 = link_main(port)
        check(session2 != session, "a second client gets a new session")
        seen = []
        main.settimeout(5)
        try:
            while True:
                t, body = recv_msg(main)
                seen.append(t)
                if t == MSG_NOTIFY:
                    text = body[24:24 + struct.unpack_from("<I", body, 20)[0]]
        except (ConnectionError, ConnectionResetError):
            pass
        check(MSG_NOTIFY in seen and seen[-1] == MSG_DISCONNECTING and b"replaced" in text,
              "the replaced client got NOTIFY (%r) and DISCONNECTING, then EOF" % text)
        _, err = raw_link(port, CHANNEL_DISPLAY, connection_id=session, password=PW)
        check(err == "BAD_CONNECTION_ID", "the old session id is gone: %s" % err)

        # A display client that stops reading must not hold up anything else.
        disp, err = raw_link(port, CHANNEL_DISPLAY, connection_id=session2, password=PW)
        send_msg(disp, MSGC_DISPLAY_INIT, struct.pack("<BqBi", 1, 1 << 20, 1, 1 << 20))
        inp, err = raw_link(port, CHANNEL_INPUTS, connection_id=session2, password=PW)
        start = time.time()
        for i in range(40):
            send_msg(inp, MSGC_INPUTS_MOUSE_MOTION, struct.pack("<iiH", 1, 1, 0))
            if i % 4 == 3:
                inp.settimeout(3)
                while True:
                    t, _ = recv_msg(inp)
                    if t == MSG_INPUTS_MOUSE_MOTION_ACK:
                        break
        check(time.time() - start < 3, "inputs served (10 MOTION_ACKs) while display is stalled")
        wait_for(lambda: read_stats(srv, stats_path)["coalesced_refreshes"] >= 1, 15,
                 "the stalled display client's queue to coalesce")
        rss_stalled = rss_kb(srv.proc.pid)
        time.sleep(1.0)
        grown = rss_kb(srv.proc.pid) - rss_stalled
        check(grown < 8 * 1024 or b"__asan_init" in open(server_bin, "rb").read(),
              "server memory stays bounded while the client is stalled (+%d kB in 1 s)" % grown)
        # Read again: answer SET_ACK/ACKs and expect two whole-surface DRAW_COPYs: the
        # initial image (still unread) and the refresh the stalled queue was coalesced into.
        disp.settimeout(10)
        window, count, full = 0, 0, 0
        deadline = time.time() + 20
        while time.time() < deadline and full < 2:
            t, body = recv_msg(disp)
            count += 1
            if t == MSG_SET_ACK:
                gen, window = struct.unpack("<II", body)
                send_msg(disp, MSGC_ACK_SYNC, struct.pack("<I", gen))
                count = 0
            elif window and count % window == 0:
                send_msg(disp, MSGC_ACK)
            if t == MSG_DISPLAY_DRAW_COPY:
                top, left, bottom, right = struct.unpack_from("<iiii", body, 4)
                full += (top, left, bottom, right) == (0, 0, 480, 640)
        check(full == 2, "after the stall the client gets a full-surface refresh")
        stats = read_stats(srv, stats_path)
        check(stats["full_refreshes"] >= 2, "full refreshes: %d" % stats["full_refreshes"])
        for s in (disp, inp, main2):
            s.close()

        # Many connects and disconnects leak nothing.
        def cycle():
            m, sid = link_main(port)
            d, _ = raw_link(port, CHANNEL_DISPLAY, connection_id=sid, password=PW)
            send_msg(d, MSGC_DISPLAY_INIT, struct.pack("<BqBi", 1, 1 << 20, 1, 1 << 20))
            i, _ = raw_link(port, CHANNEL_INPUTS, connection_id=sid, password=PW)
            recv_msg(d)
            for s in (d, i, m):
                s.close()

        for _ in range(5):
            cycle()
        time.sleep(0.3)
        rss_before = rss_kb(srv.proc.pid)
        for _ in range(30):
            cycle()
        wait_for(lambda: read_stats(srv, stats_path)["live_channel_clients"] == 0, 5,
                 "all channel clients to be released")
        rss_after = rss_kb(srv.proc.pid)
        with open(server_bin, "rb") as f:
            sanitized = b"__asan_init" in f.read()
        if sanitized:  # ASan's quarantine holds freed memory: RSS says nothing there
            print("note: AddressSanitizer build, RSS growth %d kB not judged (LeakSanitizer "
                  "checks at exit)" % (rss_after - rss_before))
        else:
            check(rss_after - rss_before < 4 * 1024, "30 sessions later RSS grew %d kB (< 4 MB)"
                  % (rss_after - rss_before))
        r = subprocess.run(["spicy-screenshot", "-h", "127.0.0.1", "-p", str(port), "-w", PW,
                            "-o", os.path.join(tmp, "after.ppm")], capture_output=True,
                           timeout=30)
        check(r.returncode == 0, "after all that, spicy-screenshot still works")
        stats = read_stats(srv, stats_path)
        check(stats["bad_messages"] == 4, "4 bad messages counted: %d" % stats["bad_messages"])
        check(srv.terminate() == 0, "the server exits 0 on SIGTERM")
print("PASS")
