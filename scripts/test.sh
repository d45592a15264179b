#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test:
#   build/       gcc, -Werror: the programs, interop and GUI tests against real peers, benchmarks built
#   build-asan/  clang, ASan+UBSan, -Werror: unit tests and the libFuzzer targets
# Ends with "N passed, N failed" over both runs.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

./scripts/install-deps.sh || exit 1

configure() {  # configure DIR [meson options...]: set up once, reconfigure when options changed
    local dir=$1
    shift
    if [ -f "$dir/build.ninja" ]; then
        meson configure "$dir" "$@" >/dev/null
    else
        meson setup "$dir" "$@" >/dev/null
    fi
}

configure build --werror || exit 1
meson compile -C build || exit 1
CC=clang CXX=clang++ configure build-asan --werror -Db_sanitize=address,undefined -Db_lundef=false \
    -Dfuzzing=true -Dgui=false -Dbench=false || exit 1
meson compile -C build-asan || exit 1

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

status=0
meson test -C build --no-rebuild --print-errorlogs --no-suite unit --no-suite fuzz "$@" || status=1
meson test -C build-asan --no-rebuild --print-errorlogs --suite unit --suite fuzz "$@" || status=1

/usr/bin/python3 scripts/test_summary.py build/meson-logs/testlog.json build-asan/meson-logs/testlog.json
exit $status
