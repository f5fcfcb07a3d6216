#!/usr/bin/env bash
# Threads, fork, signals and exec under vmload (tests/e2e/procs.c and shell
# checks), each compared with the native run where that is meaningful.
set -u
VMLOAD=${VMLOAD:?} PROCS=${PROCS:?}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
expect() { # expect NAME WANT GOT
	if [ "$2" == "$3" ]; then ok "$1"; else bad "$1"; diff <(echo "$2") <(echo "$3") | head; fi
}

want=$("$PROCS")
for cfg in "" "VMLOAD_LAYOUT=legacy" "VMLOAD_ASPACE=3g"; do
	expect "procs ${cfg:-default}" "$want" "$(env $cfg "$VMLOAD" "$PROCS")"
done

# an exec chain 60 deep: the seccomp filter is installed once, not stacked
chain='n=$1; if [ $n -gt 0 ]; then exec bash -c "$0" "$0" $((n - 1)); else grep Seccomp_filters /proc/self/status; fi'
expect "exec chain keeps one filter" "Seccomp_filters:	1" "$("$VMLOAD" bash -c "$chain" "$chain" 60)"

# fork+exec loop, PATH search, ENOENT/ENOEXEC from execve as a shell sees them
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
printf 'echo script without shebang\n' > "$work/noshebang"; chmod +x "$work/noshebang"
printf '#!/nonexistent/interp\n' > "$work/badinterp"; chmod +x "$work/badinterp"
cmds='for i in $(seq 300); do /bin/true; done; echo loop done;
"$0/noshebang"; no-such-command-xyz 2>/dev/null; echo "missing: $?";
"$0/badinterp" 2>/dev/null; echo "bad interpreter: $?"; env printf "%s\n" via-env'
expect "fork/exec/ENOENT/ENOEXEC" "$(bash -c "$cmds" "$work")" "$("$VMLOAD" bash -c "$cmds" "$work")"

# the guest sees its own executable
exe='import os; print(os.readlink("/proc/self/exe"))'
expect "/proc/self/exe" "$(python3 -c "$exe")" "$("$VMLOAD" python3 -c "$exe")"

# what /proc says about the guest itself: its name, arguments, environment
self='cat /proc/self/comm; cat /proc/self/cmdline | tr "\0" " "; echo; cat /proc/self/environ | tr "\0" "\n" | sort'
expect "/proc/self comm, cmdline, environ" "$(env -i A=1 B=2 bash -c "$self")" \
	"$(env -i A=1 B=2 "$VMLOAD" bash -c "$self")"

# VMLOAD_STATS: a forked child writing its parent's pages breaks
# copy-on-write, and the counters say so
cow='import os
x = bytearray(8 << 20)
if os.fork() == 0:
    x[::4096] = b"y" * 2048
    os._exit(0)
os.wait()'
breaks=$(VMLOAD_STATS=1 "$VMLOAD" /usr/bin/python3 -c "$cow" 2>&1 | sed -n 's/.*exit: .* \([0-9]*\) copy-on-write breaks (\([0-9]*\) pages).*/\2/p' | sort -n | tail -1)
expect "COW breaks counted" yes "$([ "${breaks:-0}" -ge 2048 ] && echo yes || echo "no: ${breaks:-none}")"

# a reservation bigger than a 32-bit window fails as in a 32-bit process,
# and vmload says why
big='import mmap
try:
    mmap.mmap(-1, 3 << 30, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
except OSError as e:
    print("ENOMEM" if e.errno == 12 else e)'
out=$(VMLOAD_ASPACE=3g "$VMLOAD" /usr/bin/python3 -c "$big" 2>&1)
expect "3g window too small: ENOMEM and a note" yes \
	"$(grep -q '^ENOMEM$' <<<"$out" && grep -q 'does not fit in the 3g window' <<<"$out" && echo yes || echo "no: $out")"

# a guest killed by a signal: same status as natively
sh -c 'kill -SEGV $$'; want=$?
"$VMLOAD" sh -c 'kill -SEGV $$'; expect "death by SIGSEGV" "$want" "$?"
sh -c 'kill -ABRT $$'; want=$?
"$VMLOAD" sh -c 'kill -ABRT $$'; expect "death by SIGABRT" "$want" "$?"

# the guest's libc registers its rseq area as natively (vmload's own glibc
# must not hold the thread's single registration): __rseq_size is 20, not 0
rseq='import ctypes; print(ctypes.c_uint.in_dll(ctypes.CDLL(None), "__rseq_size").value)'
want=$(/usr/bin/python3 -c "$rseq")
expect "rseq registered by the guest's libc" "$want" \
	"$("$VMLOAD" /usr/bin/python3 -c "$rseq" 2>&1)"
expect "rseq in the 3g window too" "$want" \
	"$(VMLOAD_ASPACE=3g "$VMLOAD" /usr/bin/python3 -c "$rseq" 2>&1)"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
