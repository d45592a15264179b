#!/usr/bin/python3
"""Capture a QEMU-driver dumpxml fixture on libvirt's embedded driver (no daemon).

usage: capture_embed.py define|start DOMAIN.xml [EMBED_ROOT]

define: define, print the inactive XML (secure flag: passwords shown), undefine.
start:  define, start (TCG), print the live XML, destroy, undefine.
EMBED_ROOT (default /tmp/embed-fixture) needs etc/qemu.conf with security_driver = "none",
user = "root", group = "root" and stdio_handler = "file". Needs Debian's python3-libvirt.
"""
import sys
import threading
import time

import libvirt


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ('define', 'start'):
        sys.exit(__doc__)
    mode, path = sys.argv[1], sys.argv[2]
    root = sys.argv[3] if len(sys.argv) > 3 else '/tmp/embed-fixture'
    libvirt.virEventRegisterDefaultImpl()  # the embed driver needs an event loop

    def loop():
        while True:
            libvirt.virEventRunDefaultImpl()

    threading.Thread(target=loop, daemon=True).start()
    conn = libvirt.open('qemu:///embed?root=' + root)
    with open(path, encoding='utf-8') as f:
        dom = conn.defineXML(f.read())
    try:
        if mode == 'start':
            dom.create()
            time.sleep(1)
        print(dom.XMLDesc(libvirt.VIR_DOMAIN_XML_SECURE), end='')
        if mode == 'start':
            dom.destroy()
    finally:
        dom.undefine()


if __name__ == '__main__':
    main()
