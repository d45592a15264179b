"""The lossy paths end to end: QEMU (-vga qxl, TCG) boots the qxl-DRM Linux guest fixture
(tests/fixtures/qxl-guest) whose init rewrites a photo-like picture to /dev/fb0 for PHOTO_SECONDS,
with `jpeg-wan-compression=always,zlib-glz-wan-compression=always,streaming-video=all`. Our client
(spicedesk-client-shot) is connected through a passive proxy that counts the image types reaching
it while the picture moves, and takes its picture once the screen has been still for a while; then
spicy-screenshot and QMP screendump take theirs of the same still screen.

Asserts: JPEG images reached our client (the lossy path ran; MJPEG stream frames are counted and
printed too); our picture matches spicy-screenshot's within TOLERANCE_MAX per channel and
TOLERANCE_MEAN on average (room for JPEG's loss if the last picture came as JPEG; when QEMU's
server ends a stream it resends the area losslessly, and then the difference is 0);
spicy-screenshot connects after the motion and gets the surface losslessly, so it must equal the
screendump exactly.

    photo_test.py CLIENT_SHOT FIXTURE_CACHE_DIR [STREAMING]

STREAMING (default `all`) is given to `streaming-video=`; with `off` no stream starts, the last
picture stays as the JPEG images painted it, and the tolerance is what is really measured.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lossy_util import LOSSY_SPICE, check, fail, keep, note, pixel_diff  # noqa: E402
from qemu_spice import read_ppm  # noqa: E402
from qxl_guest import QxlGuest  # noqa: E402
from spice_proxy import (IMAGE_JPEG, IMAGE_JPEG_ALPHA, IMAGE_ZLIB_GLZ_RGB,  # noqa: E402
                         MSG_STREAM_CREATE, MSG_STREAM_DATA, SpiceProxy)

PHOTO_SECONDS = 6
# JPEG's loss on this picture (gradients + +-12 noise), measured with streaming-video=off:
# max 26, mean 3.92 per channel
TOLERANCE_MAX = 64    # per channel, 0..255
TOLERANCE_MEAN = 6.0  # average absolute difference per channel

shot_bin, cache_dir = sys.argv[1], sys.argv[2]
streaming = sys.argv[3] if len(sys.argv) > 3 else "all"
spice = LOSSY_SPICE.replace("streaming-video=all", "streaming-video=" + streaming)
for tool in ("qemu-system-x86_64", "spicy-screenshot"):
    if shutil.which(tool) is None:
        print("FAIL: %s is not installed (scripts/install-deps.sh installs it)" % tool)
        sys.exit(1)

with tempfile.TemporaryDirectory() as tmp:
    with QxlGuest(cache_dir, photo_seconds=PHOTO_SECONDS, extra_spice=spice) as g:
        m, boot = g.wait_serial(r"spicedesk-guest: ready (\d+)x(\d+)")
        check(True, "guest booted to the qxl console in %.1f s (%sx%s)" % (boot, m.group(1),
                                                                           m.group(2)))
        with SpiceProxy(g.port) as proxy:
            ours = os.path.join(tmp, "ours.ppm")
            # Connected while the picture moves; shoots after 5 s without a display message.
            g.wait_serial(r"photo start", timeout=10)
            client = subprocess.Popen([shot_bin, "--port", str(proxy.port), "--quiet-ms", "5000",
                                       "--settle-ms", "60000", "--out", ours],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            try:
                out, err = client.communicate(timeout=70)
            except subprocess.TimeoutExpired:
                client.kill()
                fail("our client did not finish within 70 s")
            check(client.returncode == 0, "our client's picture taken (%s)" % err.strip())
            m, t = g.wait_serial(r"photo done frames (\d+)", timeout=5)
            note("the guest wrote %s pictures to /dev/fb0 in %d s" % (m.group(1), PHOTO_SECONDS))
            check(not proxy.errors, "the proxy parsed the display stream (%s)" % proxy.errors)
            note("images our client received: %s; MJPEG streams created %d, stream frames %d; "
                 "display messages by type: %s" % (
                     proxy.summary(), proxy.msg_types[MSG_STREAM_CREATE],
                     proxy.msg_types[MSG_STREAM_DATA], dict(sorted(proxy.msg_types.items()))))
            jpeg = proxy.image_types[IMAGE_JPEG] + proxy.image_types[IMAGE_JPEG_ALPHA]
            check(jpeg > 0, "JPEG images reached our client (%d; ZLIB_GLZ %d)"
                  % (jpeg, proxy.image_types[IMAGE_ZLIB_GLZ_RGB]))
        spicy = os.path.join(tmp, "spicy.ppm")
        r = subprocess.run(["spicy-screenshot", "-h", "127.0.0.1", "-p", str(g.port), "-o", spicy],
                           capture_output=True, text=True, timeout=30)
        check(r.returncode == 0, "spicy-screenshot's picture taken")
        dump = os.path.join(tmp, "dump.ppm")
        g.screendump(dump)
        keep += [ours, spicy, dump]
        a, b, c = read_ppm(ours), read_ppm(spicy), read_ppm(dump)
        check(len(set(a[2][::4099])) > 50, "our picture is photo-like (many colours)")
        mx, mean = pixel_diff(b, c)
        check(mx == 0, "spicy-screenshot's picture == QMP screendump (lossless on connect)")
        mx, mean = pixel_diff(a, b)
        print("measured: ours vs spicy-screenshot: max %d, mean %.3f per channel "
              "(tolerance max %d, mean %.1f)" % (mx, mean, TOLERANCE_MAX, TOLERANCE_MEAN),
              flush=True)
        check(mx <= TOLERANCE_MAX and mean <= TOLERANCE_MEAN,
              "ours matches spicy-screenshot's within tolerance")
        if streaming == "off":
            check(mx > 0, "our last picture is JPEG's (lossy), not a lossless resend")
print("PASS")
