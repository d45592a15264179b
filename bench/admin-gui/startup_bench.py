#!/usr/bin/python3
"""Benchmark: spicedesk's start-up to a usable manager window, and to a list showing every domain,
on libvirt's test driver preloaded with N domains (default 1000), side by side with Debian's
virt-manager (the reference) on the same connection file, runs interleaved. Measured from outside
through AT-SPI, as a user's assistive technology sees each window: "usable" is the window's Open
button being there, "listed" is the domain list holding N rows. Prints medians and the ratio
ours/virt-manager. Run under Xvfb + a D-Bus session:
  xvfb-run -a -s '-screen 0 1280x1024x24 -noreset' dbus-run-session -- startup_bench.py SPICEDESK [N] [RUNS]"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "gui"))
import atspi_harness as ui  # noqa: E402

DOMAIN = """  <domain type='test'>
    <name>bench{index:04d}</name>
    <uuid>00000000-0000-4000-8000-{index:012d}</uuid>
    <memory unit='MiB'>{memory}</memory>
    <vcpu>1</vcpu>
    <os><type arch='x86_64'>hvm</type></os>
    <test:runstate xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>{state}</test:runstate>
  </domain>
"""


def node_xml(count):
    # every third domain running, the rest shut off
    domains = "".join(DOMAIN.format(index=i, memory=256 + i % 7 * 128, state=1 if i % 3 == 0 else 5)
                      for i in range(count))
    return f"<node>\n{domains}</node>\n"


def spicedesk_rows(app):
    for node in ui.walk(app, limit=12):
        try:
            if node.getRoleName() == "list" and node.name == "Virtual machines":
                return node.childCount
        except Exception:
            continue
    return 0


def virt_manager_rows(app):
    # virt-manager's GtkTreeView: one row for the connection, then one per domain
    for node in ui.walk(app, limit=12):
        try:
            if node.getRoleName() == "tree table" and node.name == "vm-list":
                return node.queryTable().nRows - 1
        except Exception:
            continue
    return 0


APPS = {
    "spicedesk": lambda binary, uri: ([binary, "--connect", uri], "spicedesk", spicedesk_rows),
    "virt-manager": lambda binary, uri: (["virt-manager", "--no-fork", "--connect", uri], "virt-manager",
                                         virt_manager_rows),
}


def one_run(kind, binary, uri, count):
    argv, app_name, rows = APPS[kind](binary, uri)
    start = time.perf_counter()
    app_proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        app = ui.find_app(name=app_name, seconds=60)
        usable = ui.wait_for(lambda: ui.find_button(app, "Open", showing=False), 60, f"{kind}'s window")
        window = time.perf_counter() - start
        assert usable is not None
        ui.wait_for(lambda: rows(app) >= count, 120, f"{count} rows in {kind}")
        listed = time.perf_counter() - start
        return window, listed
    finally:
        app_proc.terminate()
        app_proc.wait(10)


def main():
    gui = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as node:
        node.write(node_xml(count))
    uri = f"test://{node.name}"
    samples = {"spicedesk": [], "virt-manager": []}
    for _ in range(runs):  # interleaved, so that both see the same machine load
        for kind, runs_of_kind in samples.items():
            runs_of_kind.append(one_run(kind, gui, uri, count))
    os.unlink(node.name)
    print(f"start-up on test:/// with {count} domains, median of {runs} runs each")
    medians = {}
    for kind, runs_of_kind in samples.items():
        medians[kind] = (statistics.median(s[0] for s in runs_of_kind), statistics.median(s[1] for s in runs_of_kind))
        print(f"  {kind:13s} usable window {medians[kind][0] * 1000:7.0f} ms, "
              f"all {count} domains listed {medians[kind][1] * 1000:7.0f} ms")
    ours, theirs = medians["spicedesk"], medians["virt-manager"]
    print(f"ratio ours/virt-manager: usable window {ours[0] / theirs[0]:.2f}, all listed {ours[1] / theirs[1]:.2f}")


if __name__ == "__main__":
    main()
