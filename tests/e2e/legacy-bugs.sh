#!/usr/bin/env bash
# The legacy pointer bugs, each shown in each mode: which layouts, windows
# and placements (VMLOAD_PLACE) hide a bug and which expose it, with the exit
# status (or the signal) the program gets and, for the crashes, the crash
# report's diagnosis. Where a mode exists natively (the x86-64 top-down
# layout; setarch -L for legacy), the native run is compared too.
#
#   intptr_bug    pointer kept in an int, "negative means failure"
#   ptr_truncate  pointer kept in a 32-bit handle and used again
#   sign_extend   (long)(int)p
#   heap_order    "the heap is below the mmap area / below the stack"
#   int_hash      a table keyed on (int)p
#
# seed-bug.sh has the rest of intptr_bug and heap_into_mmap (the legacy heap
# running into the mmap area at 1 GiB).
#
# Environment (set by meson): VMLOAD, TESTPROGS.
. "$(dirname "$0")/lib.sh"
progs="intptr_bug ptr_truncate sign_extend heap_order heap_order-nopie int_hash"
need_testprogs $progs

# expect PROG "CONFIG" STATUS [PATTERN...]: run PROG under vmload with
# CONFIG (VAR=VALUE words, may be empty; the crash report is off unless
# CONFIG turns it on); its status must be STATUS and its output (stdout and
# stderr together) must match every PATTERN (grep -E).
expect() {
	local prog=$1 cfg=$2 want=$3 rc pat missing=
	shift 3
	clean_env VMLOAD_REPORT=0 $cfg "$VMLOAD" "$TESTPROGS/$prog" \
		>"$work/out" 2>&1; rc=$?
	for pat in "$@"; do
		grep -Eq -- "$pat" "$work/out" || missing="$missing '$pat'"
	done
	if [ $rc -eq "$want" ] && [ -z "$missing" ]; then
		ok "$prog ${cfg:-(default)}: status $rc"
	else
		bad "$prog ${cfg:-(default)}: expected status $want${missing:+ and output matching$missing}, got $rc"
		show "$work/out"
	fi
}

# native PROG STATUS [setarch flags]: the same program natively.
native() {
	local prog=$1 want=$2 rc
	shift 2
	if [ $# -gt 0 ] && ! setarch "$@" true 2>/dev/null; then
		echo "skip native $prog setarch $*: setarch not permitted here"
		return
	fi
	(if [ $# -gt 0 ]; then exec setarch "$@" "$TESTPROGS/$prog"
	 else exec "$TESTPROGS/$prog"; fi) >"$work/out" 2>&1; rc=$?
	if [ $rc -eq "$want" ]; then
		ok "$prog natively${*:+ under setarch $*}: status $rc"
	else
		bad "$prog natively${*:+ under setarch $*}: expected status $want, got $rc"
		show "$work/out"
	fi
}

G3L="VMLOAD_ASPACE=3g VMLOAD_LAYOUT=legacy"
G3T="VMLOAD_ASPACE=3g VMLOAD_LAYOUT=topdown"
G4L="VMLOAD_ASPACE=4g VMLOAD_LAYOUT=legacy"
G4T="VMLOAD_ASPACE=4g VMLOAD_LAYOUT=topdown"
W47L="VMLOAD_LAYOUT=legacy"
W47T="VMLOAD_LAYOUT=topdown"
SEGV=139

echo "# intptr_bug: a pointer kept in an int (more in seed-bug.sh)"
expect intptr_bug "$G3L" 0 '^all allocations ok$'
expect intptr_bug "$G3T" 1 'allocation failed' '\(negative\)'

echo "# ptr_truncate: a pointer in a 32-bit handle"
for c in "$G3L" "$G3T" "$G4L" "$G4T"; do
	expect ptr_truncate "$c" 0 '^every handle ok$'
done
# the PIE's brk heap is above 4 GiB in the 47-bit window: the first handle
# already lost its high bits
expect ptr_truncate "$W47T" $SEGV '^malloc\(32\) .*\(high bits lost\)$'
expect ptr_truncate "$W47L" $SEGV '^malloc\(32\) .*\(high bits lost\)$'
native ptr_truncate $SEGV

echo "# sign_extend: (long)(int)p"
expect sign_extend "$G3L" 0 '^every pointer survived$'
expect sign_extend "$G4L" 0 '^every pointer survived$'
# top-down: the mmap area is just below the stack, above 2 GiB
expect sign_extend "$G3T" $SEGV '^mmap\(1 MiB\) .* = 0xffffffff[0-9a-f]{8}  \(damaged\)$'
expect sign_extend "$G4T" $SEGV '^mmap\(1 MiB\) .* = 0xffffffff[0-9a-f]{8}  \(damaged\)$'
expect sign_extend "$W47T" $SEGV '\(damaged\)$'
native sign_extend $SEGV

echo "# heap_order: the heap below the mmap area and below the stack"
for c in "$G3L" "$G3T" "$G4L" "$G4T" "$W47T"; do
	expect heap_order-nopie "$c" 0 'chosen right' 'finds the stack'
done
for c in "$G3T" "$G4T" "$W47T"; do
	expect heap_order "$c" 0 'chosen right' 'finds the stack'
done
# legacy: a PIE is mapped at the mmap base like any ET_DYN (i386), or the
# mmap area starts at TASK_SIZE/3, below the PIE (x86-64): its heap is
# above the first mappings
expect heap_order "$G3L" 1 'would munmap\(\) it' 'finds the stack'
expect heap_order "$W47L" 1 'would munmap\(\) it' 'finds the stack'
native heap_order 0
native heap_order 1 -L -R

echo "# int_hash: a table keyed on (int)p"
for c in "$G3L" "$G3T" "$G4L" "$G4T"; do
	expect int_hash "$c" 0 'every key unique'
done
# 8 GiB of 256 MiB regions: region i and i + 16 share their low 32 bits
expect int_hash "$W47T" 1 '^arena 0x[0-9a-f]+, 32 regions' 'object 0 at .* finds object 16'
expect int_hash "$W47L" 1 'object 0 at .* finds object 16'
native int_hash 1

echo "# the crash report names the damage"
R=VMLOAD_REPORT=1
expect sign_extend "$G3T $R" $SEGV \
	'^vmload: signal +SIGSEGV \(SEGV_MAPERR' \
	'^vmload: address +0xffffffff[0-9a-f]{8} \(write\)' \
	'^vmload: diagnosis +looks like a pointer stored in a 32-bit int and sign-extended' \
	'^vmload: +#0 .* in (check|main)\+0x'
expect ptr_truncate "$W47T $R" $SEGV \
	'^vmload: diagnosis +looks like a pointer truncated to 32 bits .*\[heap\]' \
	'^vmload: +#0 .* in (use|main)\+0x'

echo "# VMLOAD_PLACE=high: the bugs show in every layout"
H=VMLOAD_PLACE=high
expect intptr_bug "$G3L $H" 1 'allocation failed' '\(negative\)'
expect sign_extend "$G3L $H $R" $SEGV \
	'^vmload: diagnosis +looks like a pointer stored in a 32-bit int and sign-extended'
expect sign_extend "$G4L $H" $SEGV '\(damaged\)$'
# the heap of a non-PIE program moves above 2 GiB, over the legacy mmap base
expect heap_order-nopie "$G3L $H" 1 'would munmap\(\) it'
expect ptr_truncate "$W47T $H" $SEGV '\(high bits lost\)$'
# a 32-bit window has no room for two keys to collide, even at the top
expect int_hash "$G3L $H" 0 'every key unique'

echo "# VMLOAD_PLACE=low: the workaround"
L=VMLOAD_PLACE=low
expect intptr_bug "$G3T $L" 0 '^all allocations ok$'
expect intptr_bug "$W47T $L" 0 '^all allocations ok$'
expect sign_extend "$G3T $L" 0 '^every pointer survived$'
expect sign_extend "$W47T $L" 0 '^every pointer survived$'
expect ptr_truncate "$W47T $L" 0 '^every handle ok$'
expect ptr_truncate "$W47L $L" 0 '^every handle ok$'
expect heap_order "$W47T $L" 0 'chosen right' 'finds the stack'
# what cannot fit below 2 GiB is said, and placed where the kernel would
expect int_hash "$W47T $L" 1 \
	'^vmload: place=low: mmap of 8 GiB does not fit below 2 GiB; placed at 0x' \
	'finds object 16'

finish
