"""Driving spicedesk through AT-SPI (pyatspi), as PEERS.md measured it for GTK 4: the app shows
up among the desktop's children under its program name; controls are found by role and
accessible name; buttons are clicked with their one action."""
import os
import subprocess
import time

import pyatspi

ARTIFACTS = os.environ.get("SPICEDESK_GUI_ARTIFACTS", "/tmp/spicedesk-gui-artifacts")


def wait_for(predicate, seconds=20, what="condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {seconds}s waiting for {what}")


def find_app(name="spicedesk", seconds=20):
    def look():
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            child = desktop.getChildAtIndex(i)
            if child is not None and child.name == name:
                return child
        return None
    return wait_for(look, seconds, f"application '{name}' on the accessibility bus")


def walk(node, depth=0, limit=40):
    if node is None or depth > limit:
        return
    yield node
    for i in range(node.childCount):
        try:
            child = node.getChildAtIndex(i)
        except Exception:  # a child that went away while walking
            continue
        yield from walk(child, depth + 1, limit)


# GTK 4.8 reports VISIBLE, not always SHOWING, for widgets on screen: "showing" below means
# visible in that sense.
def find(root, role=None, name=None, contains=None, showing=True):
    for node in walk(root):
        try:
            if role is not None and node.getRoleName() != role:
                continue
            if name is not None and node.name != name:
                continue
            if contains is not None and contains not in (node.name or ""):
                continue
            if showing and not node.getState().contains(pyatspi.STATE_VISIBLE):
                continue
            return node
        except Exception:
            continue
    return None


def wait_find(root_getter, seconds=20, **criteria):
    return wait_for(lambda: find(root_getter(), **criteria), seconds, f"widget {criteria}")


def find_button(root, label, showing=True):
    """A push button by its visible label; GTK 4.8 names mnemonic buttons '_Label Label'."""
    for node in walk(root):
        try:
            if node.getRoleName() != "push button":
                continue
            name = node.name or ""
            if name != label and not name.endswith(" " + label):
                continue
            if showing and not node.getState().contains(pyatspi.STATE_VISIBLE):
                continue
            return node
        except Exception:
            continue
    return None


def wait_button(root_getter, label, seconds=20):
    return wait_for(lambda: find_button(root_getter(), label), seconds, f"button '{label}'")


def select_row(app, contains):
    """Selects the list row whose accessible name contains `contains`."""
    def look():
        for node in walk(app):
            try:
                if node.getRoleName() == "list":
                    for i in range(node.childCount):
                        if contains in (node.getChildAtIndex(i).name or ""):
                            node.querySelection().selectChild(i)
                            return True
            except Exception:
                continue
        return False
    wait_for(look, 20, f"row containing '{contains}'")


# X keycodes of the default keymap, for mnemonics: GTK 4.8's check and radio buttons have no
# AT-SPI action and refuse grabFocus, but answer their mnemonic like for a keyboard user.
KEYCODE_ALT = 64
KEYCODES = {"m": 58, "c": 54, "7": 16}


def press_mnemonic(key):
    pyatspi.Registry.generateKeyboardEvent(KEYCODE_ALT, None, pyatspi.KEY_PRESS)
    pyatspi.Registry.generateKeyboardEvent(KEYCODES[key], None, pyatspi.KEY_PRESSRELEASE)
    pyatspi.Registry.generateKeyboardEvent(KEYCODE_ALT, None, pyatspi.KEY_RELEASE)


def is_checked(node):
    return node.getState().contains(pyatspi.STATE_CHECKED)


def click(node):
    node.queryAction().doAction(0)


def dump(root, out=None):
    lines = []
    for node in walk(root):
        try:
            lines.append(f"{node.getRoleName()}: {node.name!r}")
        except Exception:
            pass
    text = "\n".join(lines)
    if out:
        with open(out, "w") as f:
            f.write(text)
    return text


def screenshot(name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.join(ARTIFACTS, name + ".png")
    subprocess.run(["import", "-window", "root", path], check=False, capture_output=True)
    return path
