#!/usr/bin/env bash
# Real programs from the system, run natively and under vmload with the same
# input: stdout and exit status must match. Each runs under the default
# configuration (47-bit top-down), the legacy layout and the 3g window.
set -u
VMLOAD=${VMLOAD:?VMLOAD must name the vmload binary}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0

all_cfgs=("" "VMLOAD_LAYOUT=legacy" "VMLOAD_ASPACE=3g" "VMLOAD_ASPACE=4g VMLOAD_LAYOUT=legacy")
# the 47-bit window only, for runtimes that reserve more than 4 GiB
cfgs64=("" "VMLOAD_LAYOUT=legacy")

# compare_in CONFIG-ARRAY NAME CMD...: run natively and under vmload in each
# configuration of the named array
compare_in() {
	local -n cfgs=$1
	local name=$2; shift 2
	local want rc_want got rc_got cfg
	want=$(cd "$work" && "$@" 2>/dev/null); rc_want=$?
	for cfg in "${cfgs[@]}"; do
		got=$(cd "$work" && env $cfg "$VMLOAD" "$@" 2>"$work/stderr"); rc_got=$?
		if [ "$got" == "$want" ] && [ $rc_got -eq $rc_want ]; then
			pass=$((pass + 1))
			echo "ok   $name ${cfg:-default}"
		else
			fail=$((fail + 1))
			echo "FAIL $name ${cfg:-default}: status $rc_got (native $rc_want)"
			diff <(echo "$want") <(echo "$got") | head -10
			head -5 "$work/stderr"
		fi
	done
}

compare() { compare_in all_cfgs "$@"; }
compare64() { compare_in cfgs64 "$@"; }

check() { # check NAME COND-COMMAND...
	local name=$1; shift
	if "$@"; then pass=$((pass + 1)); echo "ok   $name"
	else fail=$((fail + 1)); echo "FAIL $name"; fi
}

mkdir -p "$work/tree/a/b" && echo hello > "$work/tree/a/b/f" && echo x > "$work/tree/g"

compare ls ls -la --time-style=+ "$work/tree/a"
compare ls-usr ls /usr/bin
compare sort-sha bash -c 'seq 1000 | sort -r | sha256sum'
compare tar bash -c 'tar -C tree -cf - . --sort=name --mtime=@0 --owner=0 --group=0 | sha256sum'
compare bash-pipeline bash -c '(echo a; echo b; echo c) | sort -r | (read x; echo "first=$x"; cat); echo $(( $(seq 100 | paste -sd+) ))'
compare bash-subshells bash -c 'f() { echo "$1$(echo in)"; }; for i in 1 2 3; do (f $i) & done | sort; wait; x=$( (exit 3) ); echo $?'
compare dash sh -c 'echo $(echo nested $(echo deep)) | tr a-z A-Z'
compare python-compute python3 -c 'd={}
import hashlib
for i in range(200000): d[i % 1000] = d.get(i % 1000, 0) + i
print(sum(d.values()), hashlib.sha256(str(d).encode()).hexdigest())'
compare python-stdlib python3 -c 'import json, re, collections, decimal, fractions, zlib
print(json.dumps({"a": [1, 2]}), re.sub(r"\d", "#", "a1b22"), collections.Counter("hello").most_common(2))
print(decimal.Decimal(1) / 7, fractions.Fraction(3, 9), zlib.crc32(b"vmload"))'
compare python-threads python3 -c 'import threading
out = [0] * 8
def w(i):
    out[i] = sum(range(i * 100000))
ts = [threading.Thread(target=w, args=(i,)) for i in range(8)]
[t.start() for t in ts]; [t.join() for t in ts]
print(out)'
compare python-subprocess python3 -c 'import subprocess
print(subprocess.run(["sh", "-c", "echo from child; exit 3"], capture_output=True, text=True))
print(subprocess.check_output(["python3", "-c", "print(6*7)"]))'
compare python-multiprocessing python3 -c 'import multiprocessing as mp
if __name__ == "__main__":
    with mp.Pool(2) as p: print(p.map(abs, range(-5, 5)))'
compare perl perl -e 'my %h; $h{$_ % 7} += $_ for 1..100000; print join(",", map { "$_=$h{$_}" } sort keys %h), "\n"; print "$^X\n"'
compare sqlite3 bash -c 'rm -f db.sqlite; sqlite3 db.sqlite "create table t(a integer, b text);
with recursive c(x) as (select 1 union all select x+1 from c where x < 20000) insert into t select x, hex(x) from c;
select count(*), sum(a), max(b) from t; select a % 10, count(*) from t group by 1 order by 1 limit 3;"'
printf '#include <stdio.h>\nint sq(int);\nint main(void){printf("%%d\\n", sq(7));return 0;}\n' > "$work/m.c"
printf 'int sq(int x){return x*x;}\n' > "$work/sq.c"
compare gcc bash -c 'gcc -O2 -o prog m.c sq.c && ./prog && gcc -c sq.c -o sq.o && ar rc libsq.a sq.o && gcc m.c -L. -lsq -o prog2 && ./prog2'
compare git bash -c 'rm -rf repo && git init -q repo && cd repo && echo a > a && git add a &&
GIT_AUTHOR_DATE=@0 GIT_COMMITTER_DATE=@0 git -c user.name=t -c user.email=t@t commit -qm first &&
git log --format="%H %s" && git cat-file -p HEAD^{tree}'
compare exit-status bash -c 'exit 42'

# A guest killed by a signal: vmload dies by the same signal.
"$VMLOAD" /bin/sh -c 'kill -SEGV $$'; rc=$?
check "killed-by-SIGSEGV status $rc" test $rc -eq 139

# cat /proc/self/maps: with ASLR off every file-backed and named line is
# exactly the kernel's (anonymous lines differ: the guest's view is taken at
# open, the kernel's at read, after cat allocated its buffer).
named() { grep -v ' 00:00 0 *$'; }
want=$(setarch -R cat /proc/self/maps | named)
got=$(VMLOAD_ASLR=0 "$VMLOAD" /bin/cat /proc/self/maps | named)
check "maps-vs-kernel (setarch -R)" test "$want" == "$got"
[ "$want" == "$got" ] || diff <(echo "$want") <(echo "$got")
want=$(setarch -R -L cat /proc/self/maps | named)
got=$(VMLOAD_ASLR=0 VMLOAD_LAYOUT=legacy "$VMLOAD" /bin/cat /proc/self/maps | named)
check "maps-vs-kernel (setarch -R -L)" test "$want" == "$got"
[ "$want" == "$got" ] || diff <(echo "$want") <(echo "$got")
maps=$("$VMLOAD" /bin/cat /proc/self/maps)
for tag in '\[heap\]' '\[stack\]' '\[vdso\]' '\[vvar\]' '\[vsyscall\]' /usr/bin/cat ld-linux; do
	check "maps shows $tag" grep -q "$tag" <<<"$maps"
done
check "maps hides the runtime" bash -c '! grep -q vmload <<<"$1"' _ "$maps"
check "maps via /proc/<pid>/maps" bash -c '"$1" /bin/sh -c "cat /proc/\$\$/maps" | grep -q "\[stack\]"' _ "$VMLOAD"

# Go: goroutines on many threads, its own SIGSEGV handling (a nil
# dereference recovered) and SIGURG preemption while the toolchain builds
if command -v go >/dev/null; then
	cat > "$work/main.go" <<'GO'
package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	sums := make([]int, 8)
	for i := range sums {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			for j := 0; j < 200000; j++ {
				sums[k] += len(make([]byte, 64)) + j%7
			}
		}(i)
	}
	wg.Wait()
	runtime.GC()
	defer func() { fmt.Println(sums[7], "recovered:", recover() != nil) }()
	var p *int
	fmt.Println(*p)
}
GO
	export GOCACHE="$work/gocache" GOPATH="$work/gopath"
	compare go-build bash -c 'go build -o gobin main.go && ./gobin'
else
	echo "skip go (not installed)"
fi

# The JVM: implicit null checks and safepoints through SIGSEGV, threads
if command -v javac >/dev/null && command -v java >/dev/null; then
	cat > "$work/Npe.java" <<'JAVA'
public class Npe {
	static String s;
	public static void main(String[] a) throws Exception {
		int c = 0;
		for (int i = 0; i < 200000; i++)
			try { s.length(); } catch (NullPointerException e) { c++; }
		Thread[] t = new Thread[8];
		long[] r = new long[8];
		for (int i = 0; i < 8; i++) {
			final int k = i;
			t[i] = new Thread(() -> { for (int j = 0; j < 1000000; j++) r[k] += new int[8].length; });
			t[i].start();
		}
		for (Thread x : t) x.join();
		System.out.println("npe " + c + " sum " + r[3]);
	}
}
JAVA
	(cd "$work" && javac Npe.java)
	compare64 java java -cp "$work" Npe
else
	echo "skip java (not installed)"
fi

# node: V8's JIT, its worker threads and timers
if command -v node >/dev/null; then
	compare64 node node -e 'let s = 0; for (let i = 0; i < 3e6; i++) s += i % 7;
setTimeout(() => console.log("node", s, [3, 1, 2].sort().join()), 20)'
else
	echo "skip node (not installed)"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
