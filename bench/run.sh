#!/bin/bash
# vmload benchmarks: every workload natively, under vmload, and under the
# alternatives a user would reach for when they are installed (setarch -R/-L,
# qemu-x86_64, valgrind --tool=none, proot; the report names the missing ones,
# nothing is installed), interleaved, reported as per-round ratios to native;
# plus vmload's own costs per workload (one more run with VMLOAD_STATS=1), the
# unit costs of a trap, a demand fault and a copy-on-write break, and a closing
# note on every missed target. Writes docs/bench.md and prints the report.
#
#   bench/run.sh                     7 rounds (peers 3; fewer for the slow
#                                    workloads), about 20 minutes on 2 cores
#                                    with every peer installed
#   bench/run.sh --quick             3 rounds (peers 1), for development
#   bench/run.sh --vmload PATH       measure that binary (copy it first if the
#                                    tree may be rebuilt during the run)
#   bench/run.sh --help              more options (--rounds, --only, --no-costs,
#                                    --no-write)
#
# Progress goes to stderr, the markdown report to stdout. Without --vmload the
# ./vmload of this tree is measured, built first if it is missing.
set -eu
cd "$(dirname "$0")/.."
case " $* " in
*" --vmload"*) ;;
*)
	if [ ! -x ./vmload ]; then
		meson setup build >/dev/null 2>&1 || true
		ninja -C build >&2
	fi
	;;
esac
exec python3 bench/bench.py "$@"
