#!/usr/bin/env bash
# Differential test of the memory system calls: the same seeded random walk
# (tests/e2e/mmdiff.c) natively under setarch -R and under vmload with
# randomization off must print the same results, address for address, and
# the same /proc/self/maps. Normalized: inode numbers and temp-file names;
# adjacent unnamed anonymous lines with equal permissions are coalesced,
# because the kernel's merging also depends on anon_vma identity, which
# follows page faults vmload does not see in this version.
set -u
VMLOAD=${VMLOAD:?} MMDIFF=${MMDIFF:?}
pass=0 fail=0

norm() {
	sed -E 's/ [0-9a-f]{2}:[0-9a-f]{2} [0-9]+ +(\/dev\/zero|\/tmp\/mmdiff)/ DEV INO \1/;
		s/mmdiff[A-Za-z0-9]{6}/mmdiffXXXXXX/' |
	awk '
	function flush() { if (have) print cur; have = 0 }
	/^  [0-9a-f]+-[0-9a-f]+ [-r][-w][-x][ps] 00000000 00:00 0 *$/ {
		split($1, r, "-")
		if (have && anon && r[1] == end && $2 == perm) { end = r[2]; sub(/-[0-9a-f]+ /, "-" end " ", cur); next }
		flush(); cur = $0; have = 1; anon = 1; end = r[2]; perm = $2; next
	}
	{ flush(); print; anon = 0 }
	END { flush() }'
}

run() { # run NAME SETARCH-FLAGS VMLOAD-ENV STEPS
	local name=$1 flags=$2 env=$3 steps=$4 want got
	want=$(setarch $flags "$MMDIFF" "$steps" | norm)
	got=$(env $env setarch $flags "$VMLOAD" -R "$MMDIFF" "$steps" | norm)
	if [ -n "$want" ] && [ "$want" == "$got" ]; then
		pass=$((pass + 1)); echo "ok   $name ($steps steps, $(wc -l <<<"$want") lines)"
	else
		fail=$((fail + 1)); echo "FAIL $name"
		diff <(echo "$want") <(echo "$got") | head -20
	fi
}

run topdown -R "" 3000
run legacy "-R -L" "VMLOAD_LAYOUT=legacy" 3000
run topdown-long -R "" 10000

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
