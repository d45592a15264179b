#!/usr/bin/env bash
# Installs what is missing, builds, and starts spicedesk on its default connection.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
./scripts/install-deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
meson compile -C build >/dev/null
exec ./build/libvirt-driver/cli/spicedesk-cli list "$@"
