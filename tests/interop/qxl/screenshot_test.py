"""spicy-screenshot of spicedesk-demo-vm equals the worker's pixman primary surface, pixel for
pixel, once a workload reached its still picture ("finished": every command drawn and released).
argv: DEMO_VM WORKLOAD [--frames N]"""

import os
import sys
import tempfile

from qxl_test_util import DemoVm, check, diff_summary, domain_xml, spicy_screenshot

demo_vm, workload = sys.argv[1], sys.argv[2]
extra = sys.argv[3:]

with tempfile.TemporaryDirectory() as tmp:
    with DemoVm(demo_vm, tmp, domain_xml(), ["--workload", workload] + extra) as vm:
        vm.wait_line(lambda l: l == "finished", 30, "'finished'")
        check(True, "workload %s reached its still picture" % workload)
        w, h, shot = spicy_screenshot(vm.port, "secret", os.path.join(tmp, "shot.ppm"))
        (dw, dh, dumped), = vm.dump()
        check((w, h) == (dw, dh) == (1024, 768), "screenshot and dump are 1024x768")
        check(shot == dumped, "spicy-screenshot equals the worker's primary surface (%s)"
              % ("identical" if shot == dumped else diff_summary(w, shot, dumped)))
        check(len(set(dumped[i:i + 3] for i in range(0, len(dumped), 3))) > 1,
              "the picture is not a single colour")
        check(vm.terminate() == 0, "the demo VM exits 0 on SIGTERM")
print("PASS")
