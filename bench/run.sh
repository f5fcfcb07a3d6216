#!/bin/bash
# vmload benchmarks: every workload natively and under vmload (and setarch
# -R/-L, qemu-x86_64, valgrind --tool=none, proot when installed), interleaved,
# reported as per-round ratios, plus vmload's own costs per workload (one
# more run with VMLOAD_STATS=1). Writes docs/bench.md and prints the tables.
#
#   bench/run.sh            7 rounds (peers 3; fewer for the slow workloads),
#                           about 8 minutes on 2 cores
#   bench/run.sh --quick    3 rounds (peers 1), about 6 minutes
#   bench/run.sh --help     more options (--rounds, --only, --no-costs, --no-write)
#
# Progress goes to stderr, the markdown report to stdout.
set -eu
cd "$(dirname "$0")/.."
if [ ! -x ./vmload ]; then
	meson setup build >/dev/null 2>&1 || true
	ninja -C build >&2
fi
exec python3 bench/bench.py "$@"
