#!/usr/bin/env bash
# Installs what is missing, builds, and starts spicedesk on its default connection.
# Without a display (neither DISPLAY nor WAYLAND_DISPLAY set) the GUI is served to a browser
# through GTK's Broadway backend on 127.0.0.1, and the address to open is printed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
./scripts/install-deps.sh
[ -f build/build.ninja ] || meson setup build >/dev/null
meson compile -C build >/dev/null
app=./build/admin-gui/spicedesk
# The GSettings schema compiled in the build tree (installed builds find theirs in /usr/share).
export GSETTINGS_SCHEMA_DIR="$top/build/admin-gui/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$app" "$@"
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
display=
for n in $(seq 1 40); do
    if port_free $((8080 + n)); then
        display=$n
        break
    fi
done
[ -n "$display" ] || { echo "run: no free Broadway port in 8081–8120" >&2; exit 1; }
port=$((8080 + display))
gtk4-broadwayd --address 127.0.0.1 ":$display" >/dev/null 2>&1 &
broadwayd=$!
trap 'kill $broadwayd 2>/dev/null' EXIT INT TERM
for _ in $(seq 1 50); do
    port_free "$port" || break
    sleep 0.1
done
echo "spicedesk: no display here; open http://127.0.0.1:$port/ in a browser on this machine"
GDK_BACKEND=broadway BROADWAY_DISPLAY=":$display" "$app" "$@"
