#!/usr/bin/env bash
# Layout checks: every layoutcheck variant (static, static-pie, PIE, non-PIE,
# non-PIE at 0x08048000) runs under vmload with randomization off in each
# window and layout, and compares every address it can see with the kernel's
# numbers (KERNEL-FACTS.md §2-§6, §9). The same program is run natively under
# `setarch -R [-L]` in the 47-bit window, where the real kernel is the
# reference: that keeps the expectations honest.
#
# Then: a seed makes the layout reproducible (two runs with the same
# VMLOAD_SEED print identical /proc/self/maps, also in an exec'd child),
# different seeds differ, and with ASLR on and no seed two runs differ.
#
# Environment (set by meson): VMLOAD = the vmload binary, TESTPROGS = the
# build directory of testprogs/.
. "$(dirname "$0")/lib.sh"

variants="static static-pie pie nopie nopie-08048000"
for v in $variants; do need_testprogs "layoutcheck-$v"; done

# Every run is under clean_env (lib.sh): with that small, fixed environment
# the initial stack needs one page of strings and its VMA is the kernel's
# 132 KiB, and nothing of the caller's environment leaks into the layout.

# run_check LABEL TRIES CMD...: run a layoutcheck command; pass if it exits 0,
# every check line is "ok" and the stack VMA is 132 KiB. Up to TRIES runs
# (the 47-bit window excludes the host's own ranges, wherever host ASLR put
# them: a mapping that would overlap one moves, so a rare run differs).
run_check() {
	local label=$1 tries=$2 t rc
	shift 2
	for ((t = 1; t <= tries; t++)); do
		"$@" >"$work/out" 2>"$work/err"; rc=$?
		if [ $rc -eq 0 ] && ! grep -q '^FAIL' "$work/out" &&
		   grep -q '^  \[stack\] size 0x21000$' "$work/out" &&
		   grep -q ' 0 failed$' "$work/out"; then
			ok "$label$([ $t -gt 1 ] && echo " (on try $t)")"
			return 0
		fi
	done
	bad "$label: status $rc"
	grep -E '^(FAIL|layoutcheck|  )' "$work/out" | head -40 | sed 's/^/     | /'
	head -5 "$work/err" | sed 's/^/     ! /'
	return 1
}

echo "# layoutcheck under vmload, VMLOAD_ASLR=0, 8 MiB stack"
for aspace in 3g 4g 47; do
	tries=1
	[ "$aspace" = 47 ] && tries=3
	for layout in legacy topdown; do
		for v in $variants; do
			run_check "layoutcheck-$v aspace=$aspace layout=$layout" $tries \
				clean_env VMLOAD_ASLR=0 VMLOAD_ASPACE=$aspace \
				VMLOAD_LAYOUT=$layout VMLOAD_STACK=8M \
				"$VMLOAD" "$TESTPROGS/layoutcheck-$v"
		done
	done
done

# Other stack limits move the top-down mmap_base (gap = rlimit + 1 MiB guard,
# clamped to [128 MiB, TASK_SIZE/6*5]): 1 GiB gives 0x7ff00000 in 3g and
# 0xbfefe000 in 4g; unlimited gives 0x20000000 / 0x2aaab000 (still top-down
# on x86).
echo "# layoutcheck under vmload, other stack limits (top-down)"
for stack in 1G unlimited; do
	for aspace in 3g 4g; do
		for v in $variants; do
			run_check "layoutcheck-$v aspace=$aspace stack=$stack" 1 \
				clean_env VMLOAD_ASLR=0 VMLOAD_ASPACE=$aspace \
				VMLOAD_LAYOUT=topdown VMLOAD_STACK=$stack \
				"$VMLOAD" "$TESTPROGS/layoutcheck-$v"
		done
	done
done

# The expectations themselves, against the real kernel (47-bit x86-64 task).
echo "# layoutcheck natively (the kernel as reference), setarch -R [-L]"
if command -v setarch >/dev/null 2>&1 && setarch -R true 2>/dev/null &&
   [ "$(ulimit -s)" = 8192 ]; then
	for layout in topdown legacy; do
		flags=-R
		[ $layout = legacy ] && flags="-R -L"
		for v in $variants; do
			run_check "native layoutcheck-$v setarch $flags" 1 \
				clean_env VMLOAD_ASLR=0 VMLOAD_ASPACE=47 \
				VMLOAD_LAYOUT=$layout VMLOAD_STACK=8M \
				setarch $flags "$TESTPROGS/layoutcheck-$v"
		done
	done
else
	echo "skip native reference runs (no setarch -R, or stack rlimit $(ulimit -s) KiB is not 8 MiB)"
fi

# ---------------------------------------------------------------- seeds
# maps ASPACE [VAR=VALUE...]: /proc/self/maps of cat under vmload, ASLR on
maps() {
	local aspace=$1
	shift
	clean_env VMLOAD_ASPACE=$aspace "$@" "$VMLOAD" /bin/cat /proc/self/maps 2>&1
}

# twice ASPACE [VAR=VALUE...]: the maps of two runs in $a and $b; in the
# 47-bit window up to three tries for a pair that agrees (the host's stack,
# randomized by the host kernel, is excluded from the window: in a rare run
# a guest mapping has to move around it)
twice() {
	local t tries=1
	[ "$1" = 47 ] && tries=3
	for ((t = 1; t <= tries; t++)); do
		a=$(maps "$@")
		b=$(maps "$@")
		[ "$a" == "$b" ] && return 0
	done
	return 1
}

echo "# VMLOAD_SEED: same seed, same layout; ASLR without seed: different"
for aspace in 3g 4g 47; do
	for seed in 1 12345; do
		twice $aspace VMLOAD_SEED=$seed
		if [ "$a" == "$b" ] && grep -q '\[stack\]' <<<"$a"; then
			ok "seed $seed aspace=$aspace: identical maps in two runs"
		else
			bad "seed $seed aspace=$aspace: maps differ between two runs"
			diff <(echo "$a") <(echo "$b") | head -10 | sed 's/^/     | /'
		fi
	done
	a=$(maps $aspace VMLOAD_SEED=1)
	b=$(maps $aspace VMLOAD_SEED=2)
	if [ "$a" != "$b" ]; then
		ok "aspace=$aspace: seeds 1 and 2 give different maps"
	else
		bad "aspace=$aspace: seeds 1 and 2 give the same maps"
	fi
	a=$(maps $aspace)
	b=$(maps $aspace)
	if [ "$a" != "$b" ] && grep -q '\[stack\]' <<<"$a" && grep -q '\[stack\]' <<<"$b"; then
		ok "aspace=$aspace: ASLR on, no seed: two runs differ"
	else
		bad "aspace=$aspace: ASLR on, no seed: two runs gave the same maps"
		echo "$a" | head -5 | sed 's/^/     | /'
	fi
	# the reverse: with ASLR=0 the layout is fixed without any seed
	twice $aspace VMLOAD_ASLR=0
	if [ "$a" == "$b" ]; then
		ok "aspace=$aspace: ASLR off: identical maps in two runs"
	else
		bad "aspace=$aspace: ASLR off: maps differ between two runs"
		diff <(echo "$a") <(echo "$b") | head -10 | sed 's/^/     | /'
	fi
done

# The seed reaches the programs the guest execs: bash reads its own maps
# (a redirection: bash's process opens the file), then runs cat on its own.
child() {
	clean_env VMLOAD_ASPACE=3g VMLOAD_SEED=77 "$VMLOAD" /bin/bash -c \
		'while IFS= read -r l; do echo "$l"; done </proc/self/maps; echo ---; cat /proc/self/maps' 2>&1
}
a=$(child)
b=$(child)
if [ "$a" == "$b" ] && grep -q '^---$' <<<"$a" && [ "$(grep -c '\[stack\]' <<<"$a")" = 2 ]; then
	ok "seed 77: bash and the cat it execs have identical maps in two runs"
else
	bad "seed 77: maps of bash or its exec'd child differ between two runs"
	diff <(echo "$a") <(echo "$b") | head -10 | sed 's/^/     | /'
fi

# Another guest's /proc/<pid>/maps: a child reading its parent's maps must see
# the parent's guest layout, as the parent sees it itself (named lines; the
# anonymous ones may change in between), and nothing of vmload.
named() { grep -v ' 00:00 0 *$'; }
out=$(clean_env VMLOAD_ASPACE=3g VMLOAD_ASLR=0 "$VMLOAD" /bin/bash -c \
	'while IFS= read -r l; do echo "$l"; done </proc/self/maps; echo ---; cat /proc/$$/maps; true' 2>&1)
own=$(sed '/^---$/,$d' <<<"$out" | named)
seen=$(sed '1,/^---$/d' <<<"$out" | named)
if [ -n "$own" ] && [ "$own" == "$seen" ]; then
	ok "/proc/<parent pid>/maps read by a child equals the parent's own view"
else
	bad "/proc/<parent pid>/maps read by a child differs from the parent's own view (3g, ASLR off)"
	diff <(echo "$own") <(echo "$seen") | head -12 | sed 's/^/     | /'
fi

finish
