"""Finding a guest's picture on the X screen: the root window is grabbed with ImageMagick's
`import` and searched for the exact pixels of a reference picture (a headless screenshot), so
the comparison needs no knowledge of where the window or its toolbar are."""
import os
import subprocess

import atspi_harness as ui


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P6", f"{path} is not a P6 PPM"
    w, h = int(parts[1]), int(parts[2])
    return w, h, parts[4][:w * h * 3]


def grab_root(name):
    """The whole screen as (width, height, RGB bytes); a PNG copy is kept as an artifact."""
    png = ui.screenshot(name)
    raw = subprocess.run(["convert", png, "-depth", "8", "rgb:-"], capture_output=True,
                         check=True).stdout
    size = subprocess.run(["identify", "-format", "%w %h", png], capture_output=True,
                          text=True, check=True).stdout.split()
    return int(size[0]), int(size[1]), raw


def find(screen, picture):
    """(x, y) of the top-left corner where `picture` appears pixel for pixel on `screen`, or
    None. Both are (width, height, RGB bytes)."""
    sw, sh, sraw = screen
    pw, ph, praw = picture
    row = pw * 3
    # The most varied row of the picture anchors the search.
    anchor = max(range(ph), key=lambda y: len(set(praw[y * row:(y + 1) * row:3])))
    needle = praw[anchor * row:(anchor + 1) * row]
    start = 0
    while True:
        at = sraw.find(needle, start)
        if at < 0:
            return None
        start = at + 1
        if at % 3:
            continue
        y, x = divmod(at // 3, sw)
        top = y - anchor
        if x + pw > sw or top < 0 or top + ph > sh:
            continue
        if all(sraw[((top + r) * sw + x) * 3:((top + r) * sw + x + pw) * 3] ==
               praw[r * row:(r + 1) * row] for r in range(ph)):
            return x, top


def save_ppm(picture, path):
    w, h, raw = picture
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (w, h) + raw)


def diff_box(screen, picture, x, y):
    """(x0, y0, x1, y1) of the pixels where `screen` at (x, y) differs from `picture`, in the
    picture's coordinates; None when they are equal."""
    sw, _, sraw = screen
    pw, ph, praw = picture
    xs, ys = [], []
    for r in range(ph):
        got = sraw[((y + r) * sw + x) * 3:((y + r) * sw + x + pw) * 3]
        want = praw[r * pw * 3:(r + 1) * pw * 3]
        if got != want:
            ys.append(r)
            xs.extend(c for c in range(pw) if got[c * 3:c * 3 + 3] != want[c * 3:c * 3 + 3])
    if not ys:
        return None
    return min(xs), min(ys), max(xs) + 1, max(ys) + 1
