#!/usr/bin/env bash
# The 2004 bugs that the top-down layout (2.6.9, "flexible mmap") exposed,
# reproduced in the classic 3 GiB window (and the 4 GiB ia32 window):
#
#  1. intptr_bug keeps malloc()/mmap() results in an `int` and takes a
#     negative value for failure. Legacy layout: every allocation is below
#     2 GiB, it works (status 0). Top-down: the mmap area is just below the
#     stack, above 0x80000000, the int is negative: "allocation failed",
#     status 1. The same holds with randomization on, for any seed.
#  2. heap_into_mmap (non-PIE) grows the brk heap until brk refuses. Legacy:
#     the heap runs into the mmap area at TASK_SIZE/3 (1 GiB in 3g), where
#     ld.so sits, and stops exactly one page below it. Top-down: it grows far
#     past 1 GiB, up to one page below the lowest mmap-area mapping.
#
# Both also run natively (x86-64 kernel, for reference output only: there the
# int truncates a 47-bit pointer, a different failure).
#
# Environment (set by meson): VMLOAD, TESTPROGS.
. "$(dirname "$0")/lib.sh"
need_testprogs intptr_bug heap_into_mmap
INTPTR=$TESTPROGS/intptr_bug
HEAP=$TESTPROGS/heap_into_mmap

# ------------------------------------------------------------ intptr_bug
# intptr CONFIG WANT_STATUS: run intptr_bug under vmload with CONFIG
# (VAR=VALUE words) and check the status, the message and where the
# allocations landed (all below 2 GiB when it works; the failing one above).
intptr() {
	local cfg=$1 want=$2 rc addrs a
	clean_env $cfg "$VMLOAD" "$INTPTR" >"$work/out" 2>"$work/err"; rc=$?
	addrs=$(awk '/^(malloc|mmap)/ { for (i = 1; i <= NF; i++) if ($i ~ /^0x/) { print $i; break } }' "$work/out")
	if [ $want -eq 0 ]; then
		local high=0
		for a in $addrs; do hex "$a" -ge 0x80000000 && high=1; done
		if [ $rc -eq 0 ] && grep -q '^all allocations ok$' "$work/out" &&
		   [ "$(wc -w <<<"$addrs")" = 3 ] && [ $high = 0 ]; then
			ok "intptr_bug $cfg: works, every allocation below 2 GiB (status 0)"
		else
			bad "intptr_bug $cfg: expected status 0 with every allocation below 2 GiB, got status $rc"
			show "$work/out" "$work/err"
		fi
	else
		local last
		last=$(tail -n1 <<<"$addrs")
		if [ $rc -eq 1 ] && grep -q '^allocation failed$' "$work/err" &&
		   [ -n "$last" ] && hex "$last" -ge 0x80000000 &&
		   grep -q '(negative)$' "$work/out"; then
			ok "intptr_bug $cfg: 'allocation failed' at $last (above 2 GiB, status 1)"
		else
			bad "intptr_bug $cfg: expected status 1 and 'allocation failed' for an mmap above 0x80000000, got status $rc"
			show "$work/out" "$work/err"
		fi
	fi
}

echo "# intptr_bug: a pointer kept in an int"
for aslr in "VMLOAD_ASLR=0" "VMLOAD_SEED=1" "VMLOAD_SEED=2" "VMLOAD_SEED=3"; do
	intptr "VMLOAD_ASPACE=3g VMLOAD_LAYOUT=legacy $aslr" 0
	intptr "VMLOAD_ASPACE=3g VMLOAD_LAYOUT=topdown $aslr" 1
done
intptr "VMLOAD_ASPACE=4g VMLOAD_LAYOUT=legacy VMLOAD_ASLR=0" 0
intptr "VMLOAD_ASPACE=4g VMLOAD_LAYOUT=topdown VMLOAD_ASLR=0" 1

# ------------------------------------------------------------ heap_into_mmap
# heap CONFIG: run heap_into_mmap under vmload; sets brk_start brk_end next
# next_name limit (empty if missing). Returns its status.
heap() {
	local rc
	clean_env $1 "$VMLOAD" "$HEAP" >"$work/out" 2>"$work/err"; rc=$?
	brk_start=$(sed -n 's/^brk_start=//p' "$work/out")
	brk_end=$(sed -n 's/^brk_end=//p' "$work/out")
	next=$(sed -n 's/^next=\([^ ]*\).*/\1/p' "$work/out")
	next_name=$(sed -n 's/^next=[^ ]* //p' "$work/out")
	limit=$(sed -n 's/^limit=//p' "$work/out")
	[ -n "$brk_start" ] && [ -n "$brk_end" ] && [ -n "$next" ] || rc=99
	return $rc
}

echo "# heap_into_mmap: the brk heap against the mmap area"
# legacy, no ASLR: exact. The heap starts at the page-aligned end of bss of a
# non-PIE program (below 16 MiB) and stops one page below ld.so at the base.
for w in "3g 0x40000000" "4g 0x55555000"; do
	set -- $w
	cfg="VMLOAD_ASPACE=$1 VMLOAD_LAYOUT=legacy VMLOAD_ASLR=0"
	if heap "$cfg" && [ "$limit" = brk ] && hex "$brk_start" -lt 0x1000000 &&
	   hex "$next" -eq "$2" && hex "$brk_end" -eq "$2 - 0x1000" &&
	   [[ $next_name == *ld-linux* ]]; then
		ok "heap_into_mmap $cfg: heap $brk_start-$brk_end stops one page below ld.so at $next"
	else
		bad "heap_into_mmap $cfg: expected brk to stop at $2 - 0x1000 below ld.so at $2; got start ${brk_start:-?} end ${brk_end:-?} next ${next:-?} ${next_name:-} ($limit)"
		show "$work/out" "$work/err"
	fi
done
# legacy with randomization: still stops one page below ld.so, which sits in
# [base, base + 1 MiB) (8 random bits of pages).
for seed in 1 2 3; do
	cfg="VMLOAD_ASPACE=3g VMLOAD_LAYOUT=legacy VMLOAD_SEED=$seed"
	if heap "$cfg" && [ "$limit" = brk ] && hex "$next" -ge 0x40000000 &&
	   hex "$next" -lt 0x40100000 && hex "$brk_end" -eq "$next - 0x1000" &&
	   [[ $next_name == *ld-linux* ]]; then
		ok "heap_into_mmap $cfg: stops at $brk_end, one page below ld.so at $next"
	else
		bad "heap_into_mmap $cfg: expected brk to stop one page below ld.so in [0x40000000, 0x40100000); got end ${brk_end:-?} next ${next:-?} ${next_name:-} ($limit)"
		show "$work/out" "$work/err"
	fi
done
# top-down: far past 1 GiB (past 2 GiB), up to one page below the lowest
# mapping of the mmap area, which is below mmap_base.
for w in "3g 0xB8000000" "4g 0xF7FFE000"; do
	set -- $w
	for aslr in "VMLOAD_ASLR=0" "VMLOAD_SEED=1"; do
		cfg="VMLOAD_ASPACE=$1 VMLOAD_LAYOUT=topdown $aslr"
		if heap "$cfg" && [ "$limit" = brk ] && hex "$brk_end" -gt 0x80000000 &&
		   hex "$next" -lt "$2" && hex "$brk_end" -eq "$next - 0x1000"; then
			ok "heap_into_mmap $cfg: grows to $brk_end (past 2 GiB), one page below $next"
		else
			bad "heap_into_mmap $cfg: expected the heap to grow past 0x80000000 up to one page below the mmap area (< $2); got end ${brk_end:-?} next ${next:-?} ($limit)"
			show "$work/out" "$work/err"
		fi
	done
done

# ------------------------------------------------------------ native
echo "# native reference (x86-64 kernel; not asserted)"
echo "  \$ intptr_bug                      (ASLR on)"
"$INTPTR" 2>&1 | sed 's/^/    /'; echo "    status ${PIPESTATUS[0]}"
if setarch -R true 2>/dev/null; then
	echo "  \$ setarch -R -L intptr_bug        (legacy: the int truncates a 47-bit heap pointer)"
	(setarch -R -L "$INTPTR" 2>&1) 2>&1 | sed 's/^/    /'; echo "    status ${PIPESTATUS[0]}"
	echo "  \$ setarch -R -L heap_into_mmap 4  (capped at 4 GiB of growth)"
	setarch -R -L "$HEAP" 4 2>&1 | sed 's/^/    /'
fi

finish
