"""Driving spicedesk through AT-SPI (pyatspi), as PEERS.md measured it for GTK 4: the app shows
up among the desktop's children under its program name; controls are found by role and
accessible name; buttons are clicked with their one action."""
import os
import shutil
import subprocess
import tempfile
import time
import unittest

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
    try:
        count = node.childCount
    except Exception:  # a window that went away while walking
        return
    for i in range(count):
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
KEYCODES = {"m": 58, "c": 54, "7": 16, "o": 32, "t": 28}


def press_mnemonic(key):
    pyatspi.Registry.generateKeyboardEvent(KEYCODE_ALT, None, pyatspi.KEY_PRESS)
    pyatspi.Registry.generateKeyboardEvent(KEYCODES[key], None, pyatspi.KEY_PRESSRELEASE)
    pyatspi.Registry.generateKeyboardEvent(KEYCODE_ALT, None, pyatspi.KEY_RELEASE)


def is_checked(node):
    return node.getState().contains(pyatspi.STATE_CHECKED)


def is_sensitive(node):
    return node.getState().contains(pyatspi.STATE_SENSITIVE)


def is_pressed(node):
    # GTK 4.8 shows a toggle button as a push button, PRESSED when on.
    return node.getState().contains(pyatspi.STATE_PRESSED)


def stop_process(proc, seconds=10):
    """Ends a process we started: SIGTERM, then SIGKILL when it has not gone in `seconds`."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def check_with_mnemonic(node, key, seconds=15):
    """Presses the mnemonic until `node` is checked: without a window manager the window that
    gets the keyboard may change a moment after another one opens or closes."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if is_checked(node):
            return
        press_mnemonic(key)
        for _ in range(10):
            time.sleep(0.15)
            if is_checked(node):
                return
    raise AssertionError(f"{node.name!r} did not get checked with Alt+{key}")


def click_until(button_getter, done, seconds=30, what="the click to take effect"):
    """Clicks until `done()` holds: a button in a window that has just been mapped may ignore
    the first AT-SPI click."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        button = button_getter()
        if button is not None:
            try:
                click(button)
            except Exception:  # the window went away: maybe it was done
                pass
        for _ in range(20):
            if done():
                return
            time.sleep(0.15)
    raise AssertionError(f"timed out after {seconds}s waiting for {what}")


def select_page(app, title):
    """Selects the details editor's hardware page titled `title` in its sidebar."""
    def look():
        sidebar = find(app, role="list", name="Sidebar", showing=False)
        if sidebar is None:
            return False
        for i in range(sidebar.childCount):
            row = sidebar.getChildAtIndex(i)
            if any(node.name == title for node in walk(row, limit=4)):
                sidebar.querySelection().selectChild(i)
                return True
        return False
    wait_for(look, 20, f"page '{title}'")


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


# A password-protected VNC machine without disks (SeaBIOS ends at "No bootable device.").
VNC_DOMAIN = """<domain type='qemu'>
  <name>vncguest</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1' passwd='vncpw'/>
    <video><model type='vga' vram='16384' heads='1'/></video>
  </devices>
</domain>
"""


GUI = os.environ.get("SPICEDESK_GUI", "spicedesk")
CLI = os.environ.get("SPICEDESK_CLI", "spicedesk-cli")


def cli(*args, check=True):
    return subprocess.run([CLI, *args], capture_output=True, text=True, check=check).stdout


class EmbedAppTest(unittest.TestCase):
    """spicedesk on a fresh qemu:///embed root (libvirt's real QEMU driver) per test. The root
    starts with the domains in DOMAINS (XML texts), defined through spicedesk-cli."""

    DOMAINS = ()
    START = ()  # names started before the app opens the root (one process at a time)

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="spicedesk-gui-")
        self.uri = f"qemu:///embed?root={self.root}"
        for index, xml in enumerate(self.DOMAINS):
            path = os.path.join(self.root, f"domain{index}.xml")
            with open(path, "w") as f:
                f.write(xml)
            cli("--connect", self.uri, "define", path)
        for name in self.START:
            cli("--connect", self.uri, "start", name)
        self.before_app()
        self.home = tempfile.mkdtemp(prefix="spicedesk-home-")
        env = dict(os.environ, HOME=self.home, XDG_CONFIG_HOME=os.path.join(self.home, ".config"))
        self.app = subprocess.Popen([GUI, "--connect", self.uri], env=env)

    def before_app(self):
        """Runs after the domains are defined and before the app opens the root (the only
        moment the CLI can read it during a test)."""

    def stop_app(self):
        """Ends the app: an embed root serves one process at a time, so the CLI can read the
        definition back only afterwards."""
        stop_process(self.app)

    def tearDown(self):
        self.stop_app()
        for line in cli("--connect", self.uri, "list", check=False).splitlines()[3:]:
            fields = line.split()
            if len(fields) >= 3 and fields[0] != "-":
                cli("--connect", self.uri, "destroy", fields[1], check=False)
        shutil.rmtree(self.root, ignore_errors=True)
        shutil.rmtree(self.home, ignore_errors=True)
