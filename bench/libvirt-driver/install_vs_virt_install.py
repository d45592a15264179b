#!/usr/bin/python3
"""Benchmark: building the seed's domain (`install --print-xml`, template + model + libvirt's
RelaxNG validation) with spicedesk-cli and with Debian's virt-install, same flags, same
connection (test:///default), side by side in one run. Prints wall time per run and the ratio
ours/reference. Usage: install_vs_virt_install.py SPICEDESK_CLI [RUNS]"""
import statistics
import subprocess
import sys
import time

FLAGS = ["--print-xml", "-n", "windows", "-r", "2048", "--vcpus=2", "--os-type", "windows",
         "--os-variant=win7", "--network", "none", "--graphics",
         "spice,port=5930,listen=127.0.0.1,password-file=/dev/null", "--video", "qxl",
         "--channel", "spicevmc", "--cdrom", "/dev/null"]


def timed(command, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main():
    cli = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    ours = timed([cli, "--connect", "test:///default", "install", *FLAGS], runs)
    reference_flags = [f.replace("password-file=/dev/null", "password=x") for f in FLAGS]
    theirs = timed(["virt-install", "--connect", "test:///default", *reference_flags, "--disk", "none"], runs)
    print(f"seed line --print-xml, median of {runs} runs")
    print(f"  spicedesk-cli install: {ours * 1000:8.1f} ms")
    print(f"  virt-install:          {theirs * 1000:8.1f} ms")
    print(f"ratio ours/reference: {ours / theirs:.3f}")


if __name__ == "__main__":
    main()
