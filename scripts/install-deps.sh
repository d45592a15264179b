#!/usr/bin/env bash
# Installs every Debian package spicedesk needs to build, run and test.
# Idempotent: when nothing is missing it touches nothing; otherwise it runs
# `apt-get update` once and installs only what is missing.
set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config g++ clang clang-format clang-tidy libclang-rt-14-dev gettext
  libvirt-dev libvirt-glib-1.0-dev libxml2-dev libxml2-utils libglib2.0-dev
  libgtkmm-4.0-dev libgtk-4-bin libgvnc-1.0-dev
  libssl-dev libpixman-1-dev libopus-dev liblz4-dev libturbojpeg0-dev libjpeg62-turbo-dev zlib1g-dev
  libusb-1.0-0-dev libusbredirparser-dev libusbredirhost-dev
  libasio-dev libspice-protocol-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # reference implementation, linked only by tests and benchmarks
  libspice-server-dev
  # runtime: libvirt with its QEMU driver, QEMU itself
  libvirt-daemon-system libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 qemu-utils
  # real peers for tests
  spice-client-gtk gir1.2-spiceclientglib-2.0 python3-gi virt-viewer virtinst
  # references for benchmarks: virt-manager beside our manager window (bench/admin-gui)
  virt-manager
  xvfb xauth dbus-x11 at-spi2-core python3-pyatspi imagemagick
  openssl python3-cryptography
  # the qxl-DRM Linux guest fixture (tests/fixtures/qxl-guest): busybox initramfs, kernel unpacked
  # with apt-get download + dpkg-deb, modules possibly zstd/xz-compressed
  busybox-static cpio kmod zstd xz-utils
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
echo "install-deps: installing ${#missing[@]} missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
