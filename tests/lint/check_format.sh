#!/usr/bin/env bash
# Every C/C++ file in the repository is as .clang-format lays it out (CONVENTIONS.md); prints the
# files and lines that are not, so that `clang-format -i FILE` is the fix.
set -euo pipefail
cd "$(dirname "$0")/../.."
mapfile -t files < <(git ls-files '*.c' '*.h' '*.cpp' '*.hpp')
if [ ${#files[@]} -eq 0 ]; then
    echo "check_format: no C/C++ files found (not a git checkout?)" >&2
    exit 1
fi
clang-format --dry-run --Werror "${files[@]}"
echo "check_format: ${#files[@]} files follow .clang-format"
