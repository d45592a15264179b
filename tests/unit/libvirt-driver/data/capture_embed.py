#!/usr/bin/python3
"""Define/start domain XML on libvirt's embedded QEMU driver and print dumpxml."""
import sys, threading, time, libvirt

libvirt.virEventRegisterDefaultImpl()
def loop():
    while True:
        libvirt.virEventRunDefaultImpl()
threading.Thread(target=loop, daemon=True).start()
conn = libvirt.open('qemu:///embed?root=' + (sys.argv[3] if len(sys.argv) > 3 and not sys.argv[3].startswith('--') else '/tmp/embed-dom'))
mode = sys.argv[1]
xml = open(sys.argv[2]).read()
flags = libvirt.VIR_DOMAIN_XML_SECURE
try:
    dom = conn.defineXMLFlags(xml, libvirt.VIR_DOMAIN_DEFINE_VALIDATE if '--validate' in sys.argv else 0)
except libvirt.libvirtError as e:
    print('DEFINE FAILED:', e, file=sys.stderr); sys.exit(2)
try:
    if mode == 'define':
        print(dom.XMLDesc(flags), end='')
    elif mode == 'start':
        try:
            dom.create()
        except libvirt.libvirtError as e:
            print('START FAILED:', e, file=sys.stderr); sys.exit(3)
        time.sleep(1)
        print(dom.XMLDesc(flags), end='')
        dom.destroy()
finally:
    dom.undefine()
