#!/usr/bin/python3
"""Benchmark: spicedesk's start-up to a usable manager window, and to a list showing every domain,
on libvirt's test driver preloaded with N domains (default 1000). Measured from outside through
AT-SPI, as a user's assistive technology sees the window. Run under Xvfb + a D-Bus session:
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


def list_count(app):
    for node in ui.walk(app, limit=12):
        try:
            if node.getRoleName() == "list" and node.name == "Virtual machines":
                return node.childCount
        except Exception:
            continue
    return 0


def one_run(gui, uri, count):
    start = time.perf_counter()
    app_proc = subprocess.Popen([gui, "--connect", uri], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        app = ui.find_app(seconds=60)
        usable = ui.wait_for(lambda: ui.find_button(app, "Open", showing=False), 60, "the manager window")
        window = time.perf_counter() - start
        assert usable is not None
        ui.wait_for(lambda: list_count(app) >= count, 120, f"{count} rows")
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
    samples = [one_run(gui, uri, count) for _ in range(runs)]
    os.unlink(node.name)
    print(f"spicedesk start-up on test:/// with {count} domains, median of {runs} runs")
    print(f"  usable manager window: {statistics.median(s[0] for s in samples) * 1000:8.0f} ms")
    print(f"  all {count} domains listed: {statistics.median(s[1] for s in samples) * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
