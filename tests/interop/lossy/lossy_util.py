"""Shared by the lossy-path interop tests: check/fail (spice_test_util's, keeping the pictures a
failed check was about), the fixture's cache dir, picture differences."""

import os
import sys
import time

_here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(_here, "..", "..", "fixtures", "qxl-guest"))
sys.path.insert(0, os.path.join(_here, "..", "..", "fixtures", "spice-streams"))
sys.path.insert(0, os.path.join(_here, "..", "spice-core"))
from spice_test_util import check, fail, on_fail  # noqa: E402,F401

_start = time.time()

# The guest's SPICE settings for the lossy paths (PEERS.md: `jpeg-wan-compression=always` makes
# QEMU send JPEG for photo-like images whatever the link; zlib-glz likewise for GLZ images).
LOSSY_SPICE = "jpeg-wan-compression=always,zlib-glz-wan-compression=always,streaming-video=all"


# Pictures to keep when a check fails (copied to $SPICEDESK_KEEP_DIR when set).
keep = []


def _keep_pictures():
    dest = os.environ.get("SPICEDESK_KEEP_DIR")
    if dest:
        import shutil
        os.makedirs(dest, exist_ok=True)
        for path in keep:
            if os.path.exists(path):
                shutil.copy(path, dest)
        print("    pictures kept in %s" % dest, flush=True)


on_fail.append(_keep_pictures)


def note(msg):
    print("    [%.2fs] %s" % (time.time() - _start, msg), flush=True)


def pixel_diff(a, b):
    """(max, mean) absolute per-channel difference of two same-sized RGB pictures."""
    if a[:2] != b[:2]:
        fail("sizes differ: %dx%d vs %dx%d" % (a[0], a[1], b[0], b[1]))
    pa, pb = a[2], b[2]
    hist = [0] * 256
    # bytes.translate-free, but fast enough: count differences through a zip over memoryviews
    for x, y in zip(pa, pb):
        hist[x - y if x >= y else y - x] += 1
    total = sum(i * n for i, n in enumerate(hist))
    mx = max(i for i, n in enumerate(hist) if n)
    return mx, total / len(pa)
