#!/bin/sh
# run_fuzzer.sh FUZZER WORK_DIR SEED_DIR SECONDS: runs a libFuzzer target for SECONDS over
# its committed seeds; new inputs go to WORK_DIR (in the build tree), never the seeds.
set -e
fuzzer=$1 work=$2 seeds=$3 seconds=$4
mkdir -p "$work"
exec "$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    "$work" "$seeds"
