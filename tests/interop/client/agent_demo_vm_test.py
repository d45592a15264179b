"""Our client's monitors request against spicedesk-demo-vm with its guest agent (the spicevmc
channel in the domain XML): the request resizes the demo VM's primary surface and our client sees
the new size (spicedesk-agent-monitors --expect primary).

    agent_demo_vm_test.py AGENT_MONITORS DEMO_VM device   the server hands the config to the QXL
                                                          device (its client-monitors interrupt)
    agent_demo_vm_test.py AGENT_MONITORS DEMO_VM agent    --no-qxl-monitors-interrupt: the config
                                                          goes to the guest agent, which resizes
                                                          and answers VD_AGENT_REPLY
    agent_demo_vm_test.py AGENT_MONITORS DEMO_VM none     no spicevmc channel: no agent reported
"""

import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "qxl"))
from qxl_test_util import DemoVm, domain_xml  # noqa: E402
from spice_test_util import check, fail  # noqa: E402  (PYTHONPATH from meson)

_start = time.time()


tool, demo_vm, mode = sys.argv[1], sys.argv[2], sys.argv[3]


def run(port, sizes, expect, timeout=20):
    args = [tool, "--port", str(port), "--password", "secret", "--expect", expect,
            "--timeout", str(timeout), "--hold", "300"]
    for s in sizes:
        args += ["--size", s]
    t0 = time.time()
    r = subprocess.run(args, capture_output=True, text=True, timeout=timeout + 10)
    print(r.stdout.rstrip(), flush=True)
    return r, time.time() - t0


with tempfile.TemporaryDirectory() as tmp:
    args = ["--workload", "text"] + (["--no-qxl-monitors-interrupt"] if mode == "agent" else [])
    with DemoVm(demo_vm, tmp, domain_xml(agent=mode != "none"), args) as vm:
        if mode == "none":
            r, _ = run(vm.port, ["800x600"], "none", timeout=4)
            check(r.returncode != 0 and "no agent connected" in r.stderr,
                  "without the spicevmc channel no agent is reported (%s)" % r.stderr.strip())
        else:
            sizes = ["800x600", "640x480"] if mode == "device" else ["640x480"]
            r, seconds = run(vm.port, sizes, "primary")
            check(r.returncode == 0, "our client's requests %s became the primary surface's size "
                  "at our client (%s)" % (", ".join(sizes), r.stderr.strip()))
            check("agent connected=1" in r.stdout, "the session reported the agent connected")
            check(True, "%d resizes in %.2f s (connect included)" % (len(sizes), seconds))
            for s in sizes:
                vm.wait_line(lambda l, s=s: l == "resized " + s, 5, "'resized %s'" % s)
                check(True, "the demo VM's guest switched to %s" % s)
            asked = vm.poll_line(lambda l: l.startswith("agent: monitors config"))
            if mode == "agent":
                check(asked, "the guest agent got the monitors config")
                # VD_AGENT_REPLY type MONITORS_CONFIG (2), error VD_AGENT_SUCCESS (1).
                check("reply 2 1" in r.stdout,
                      "VD_AGENT_REPLY (MONITORS_CONFIG, success) reached our client")
            else:
                check(not asked, "the agent was not asked (the QXL device took the config)")
        code = vm.terminate()
        check(code == 0, "demo VM exited cleanly (%s)" % code)
print("PASS [%.1fs]" % (time.time() - _start))
