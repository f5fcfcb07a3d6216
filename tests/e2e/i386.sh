#!/usr/bin/env bash
# 32-bit (ia32) guests (DESIGN D12): ELFCLASS32/EM_386 programs run in compat
# mode in the 4g window (3g with VMLOAD_ASPACE=3g), their int $0x80 calls
# trapped and served with i386 semantics.
#
#  1. m32check (static, static-pie, PIE, non-PIE at 0x08048000) checks its
#     ia32 auxv, brk/mmap/mremap/munmap, reads into untouched memory,
#     /proc/self/maps, stat64, a pipe, a signal to its 32-bit handler, fork
#     and exec; its output under vmload, in several configurations, must be
#     the native run's (the host kernel runs it natively).
#  1b. m32threads (each image kind): 8 pthreads with malloc/free and
#     __thread (TLS through the GDT), fork from the threaded program, a
#     signal to a thread; SIGSEGV (NULL read, write to PROT_READ: si_code,
#     si_addr) recovered with siglongjmp or by a handler that returns
#     through sigreturn/rt_sigreturn, SIGBUS beyond EOF, a handler on a
#     sigaltstack, a fault caught in a thread; the native run's output, in
#     the 4g and 3g windows, legacy and top-down.
#  2. /proc/self/maps of a 32-bit guest shows it inside the window: every
#     line below the window's TASK_SIZE, the stack ending at it (no ASLR).
#  3. The 2004 pointer-sign bug with a real 32-bit program: intptr_bug32's
#     int-stored mmap pointer is positive under legacy and negative under
#     top-down, in both windows; the native run (top-down) fails too.
#  5. VMLOAD_PLACE=high|low with a 32-bit program (mapdump32, PIE): every
#     mapping, [stack] and [vdso] included, above / below 2 GiB, in the 4g
#     and 3g windows, legacy and top-down.
#  4. The crash report of a 32-bit guest (crash32, static and PIE): a NULL
#     store in a nested call, in the 4g and 3g windows, shows the signal,
#     the diagnosis and a backtrace unwound by libdwfl as i386 with named
#     frames (crash_null run main; six frames of recurse for "deep").
#  6. VMLOAD_TRACE with a 32-bit guest: the int $0x80 calls under their
#     i386 names, marked "i386" in the pid prefix: probe32's mmap2 line
#     returns the address it prints, m32check's openat shows its path, and
#     its fork and exec of itself are traced across both processes (clone
#     in parent and child, execve with argv, the new program's layout,
#     exit_group in each). m32check's own checks (1.) cover the memory of
#     sendmsg/recvmsg, socketcall, ipc and the xattr calls, and the legacy
#     sigprocmask/sigpending/sigsuspend with SIGSEGV in the mask.
#
# Environment (set by meson): VMLOAD, TESTPROGS. Skipped (0 checks) when
# the 32-bit programs were not built (no gcc-multilib). On a kernel that
# runs no 32-bit code (IA-32 emulation off) only vmload's refusal is
# checked, against the kernel's: none of the above can run there.
. "$(dirname "$0")/lib.sh"
: "${TESTPROGS:?}"
if [ ! -x "$TESTPROGS/m32check-static" ]; then
	echo "skip: no -m32 test programs (gcc-multilib missing)"
	finish
	exit $?
fi
need_testprogs m32check-static m32check-static-pie m32check-pie \
	m32check-nopie intptr_bug32
if ! native_runs_ia32 "$TESTPROGS/m32check-static"; then
	echo "# this kernel runs no 32-bit programs (IA-32 emulation off): vmload must refuse them as it does"
	ia32_refusals "$TESTPROGS"/m32check-{static,static-pie,pie,nopie} \
		"$TESTPROGS"/m32threads-{static,pie} "$TESTPROGS"/intptr_bug32 \
		"$TESTPROGS"/crash32-{static,pie} "$TESTPROGS"/mapdump32 \
		"$TESTPROGS"/probe32-{static,static-pie,pie,nopie}
	finish
	exit $?
fi

# ------------------------------------------------------------ m32check
configs=("" "VMLOAD_LAYOUT=legacy" "VMLOAD_ASPACE=3g"
	 "VMLOAD_ASPACE=3g VMLOAD_LAYOUT=legacy" "VMLOAD_PLACE=high"
	 "VMLOAD_PLACE=low" "VMLOAD_FAULT_AROUND=4K" "VMLOAD_ASLR=0")
for v in static static-pie pie nopie; do
	prog=$TESTPROGS/m32check-$v
	(cd "$work" && clean_env "$prog" >"$work/native" 2>&1); nrc=$?
	if [ $nrc -ne 0 ]; then
		bad "m32check-$v: native run failed (status $nrc)"
		show "$work/native"
		continue
	fi
	for cfg in "${configs[@]}"; do
		(cd "$work" && clean_env $cfg "$VMLOAD" "$prog" >"$work/out" 2>&1); rc=$?
		if [ $rc -eq 0 ] && cmp -s "$work/native" "$work/out"; then
			ok "m32check-$v ${cfg:-default}: same as native"
		else
			bad "m32check-$v ${cfg:-default}: status $rc, output differs from native"
			diff "$work/native" "$work/out" | show
		fi
	done
done

# ------------------------------------------------------------ m32threads
tconfigs=("VMLOAD_ASPACE=4g VMLOAD_LAYOUT=topdown" "VMLOAD_ASPACE=4g VMLOAD_LAYOUT=legacy"
	  "VMLOAD_ASPACE=3g VMLOAD_LAYOUT=topdown" "VMLOAD_ASPACE=3g VMLOAD_LAYOUT=legacy")
for v in static static-pie pie nopie; do
	prog=$TESTPROGS/m32threads-$v
	[ -x "$prog" ] || { bad "m32threads-$v: not built"; continue; }
	(cd "$work" && clean_env "$prog" >"$work/native" 2>&1); nrc=$?
	if [ $nrc -ne 0 ]; then
		bad "m32threads-$v: native run failed (status $nrc)"
		show "$work/native"
		continue
	fi
	for cfg in "${tconfigs[@]}"; do
		(cd "$work" && clean_env $cfg timeout 60 "$VMLOAD" "$prog" >"$work/out" 2>&1); rc=$?
		if [ $rc -eq 0 ] && cmp -s "$work/native" "$work/out"; then
			ok "m32threads-$v $cfg: threads and signals same as native"
		else
			bad "m32threads-$v $cfg: status $rc, output differs from native"
			diff "$work/native" "$work/out" | show
		fi
	done
done

# ------------------------------------------------------------ maps
# maps CONFIG TASK_SIZE: the guest's own /proc/self/maps, randomization
# off: every mapping below TASK_SIZE, the [stack] ending exactly there
# (as natively for a compat task), no [vsyscall], the program at 0x08048000,
# and every file mapping where the native run (setarch -R) has it
maps() {
	local cfg=$1 top=$2 bad=0 end
	clean_env $cfg VMLOAD_ASLR=0 "$VMLOAD" "$TESTPROGS/m32check-nopie" maps \
		>"$work/maps" 2>"$work/err" || bad=1
	while read -r range _; do
		end=0x${range#*-}
		hex "$end" -le "$top" || bad=1
	done <"$work/maps"
	end=$(awk '/\[stack\]/ { split($1, r, "-"); print "0x" r[2] }' "$work/maps")
	[ -n "$end" ] && hex "$end" -eq "$top" || bad=1
	grep -q vsyscall "$work/maps" && bad=1
	grep -q '^08048000-.*m32check-nopie' "$work/maps" || bad=1
	if [ $bad -eq 0 ]; then
		ok "maps ${cfg:-4g}: inside [0, $top), [stack] ends at $top, no [vsyscall], text at 0x08048000"
	else
		bad "maps ${cfg:-4g}: not the ia32 layout below $top"
		show "$work/maps" "$work/err"
	fi
}
maps "" 0xffffe000
maps "VMLOAD_ASPACE=3g" 0xc0000000

# file mappings (libc, ld.so, the program) at the native addresses in the
# 4g window with randomization off
if setarch -R true 2>/dev/null; then
	clean_env setarch -R "$TESTPROGS/m32check-nopie" maps >"$work/native" 2>&1
	clean_env VMLOAD_ASLR=0 "$VMLOAD" "$TESTPROGS/m32check-nopie" maps >"$work/maps" 2>&1
	awk '$6 ~ /^\// { print $1, $2, $3, $6 }' "$work/native" >"$work/n"
	awk '$6 ~ /^\// { print $1, $2, $3, $6 }' "$work/maps" >"$work/v"
	if [ -s "$work/n" ] && cmp -s "$work/n" "$work/v"; then
		ok "maps 4g, ASLR off: file mappings at the native addresses"
	else
		bad "maps 4g, ASLR off: file mappings differ from native"
		diff "$work/n" "$work/v" | show
	fi
fi

# ------------------------------------------------------------ intptr_bug32
# intptr CONFIG WANT: status WANT (0: every int-stored pointer positive,
# 1: the top-down mmap pointer negative and reported as a failure)
intptr() {
	local cfg=$1 want=$2 rc
	clean_env $cfg "$VMLOAD" "$TESTPROGS/intptr_bug32" >"$work/out" 2>"$work/err"; rc=$?
	if [ $want -eq 0 ] && [ $rc -eq 0 ] && grep -q '^all allocations ok$' "$work/out" &&
	   ! grep -q negative "$work/out"; then
		ok "intptr_bug32 $cfg: every pointer positive as an int (status 0)"
	elif [ $want -eq 1 ] && [ $rc -eq 1 ] && grep -q '(negative)' "$work/out" &&
	     grep -q 'allocation failed' "$work/err"; then
		ok "intptr_bug32 $cfg: a pointer negative as an int (status 1)"
	else
		bad "intptr_bug32 $cfg: expected status $want, got $rc"
		show "$work/out" "$work/err"
	fi
}
for w in 4g 3g; do
	intptr "VMLOAD_ASPACE=$w VMLOAD_LAYOUT=legacy" 0
	intptr "VMLOAD_ASPACE=$w VMLOAD_LAYOUT=topdown" 1
	intptr "VMLOAD_ASPACE=$w VMLOAD_LAYOUT=legacy VMLOAD_SEED=7" 0
	intptr "VMLOAD_ASPACE=$w VMLOAD_LAYOUT=topdown VMLOAD_SEED=7" 1
done
clean_env "$TESTPROGS/intptr_bug32" >"$work/out" 2>&1; rc=$?
if [ $rc -eq 1 ] && grep -q '(negative)' "$work/out"; then
	ok "intptr_bug32 native (top-down): a pointer negative as an int (status 1)"
else
	bad "intptr_bug32 native: expected status 1, got $rc"
	show "$work/out"
fi

# ------------------------------------------------------------ placements
# place32 PLACE CONFIG: mapdump32's maps all on PLACE's side of 2 GiB
place32() {
	local place=$1 cfg=$2 wrong
	rm -f "$work/maps"
	(cd "$work" && clean_env VMLOAD_PLACE=$place $cfg "$VMLOAD" \
		"$TESTPROGS/mapdump32" "$work/maps" >/dev/null 2>"$work/err")
	if [ ! -s "$work/maps" ]; then
		bad "mapdump32 place=$place $cfg: no maps"
		show "$work/err"
		return
	fi
	# 8 hex digits each: compared as strings
	wrong=$(awk -v p="$place" '{ split($1, a, "-")
		if (length(a[1]) != 8 || length(a[2]) != 8 ||
		    (p == "high" && "x" a[1] < "x80000000") ||
		    (p == "low" && "x" a[2] > "x80000000"))
			print }' "$work/maps")
	if [ -z "$wrong" ] && grep -q '\[vdso\]' "$work/maps"; then
		ok "mapdump32 place=$place $cfg: $(wc -l <"$work/maps") mappings, all $place of 2 GiB"
	else
		bad "mapdump32 place=$place $cfg: on the wrong side of 2 GiB (or no [vdso]):"
		echo "$wrong" | show
	fi
}
if [ -x "$TESTPROGS/mapdump32" ]; then
	for place in high low; do
		for cfg in "VMLOAD_ASPACE=4g VMLOAD_LAYOUT=topdown" "VMLOAD_ASPACE=4g VMLOAD_LAYOUT=legacy" \
			   "VMLOAD_ASPACE=3g VMLOAD_LAYOUT=topdown" "VMLOAD_ASPACE=3g VMLOAD_LAYOUT=legacy"; do
			place32 $place "$cfg"
		done
	done
fi

# ------------------------------------------------------------ crash32
# crash32 VARIANT WAY CONFIG WANT-FRAMES: the report of crash32-VARIANT WAY
# names the frames in order, the NULL diagnosis, libdwfl's CFI unwinding
crash32() {
	local v=$1 way=$2 cfg=$3 want=$4 got rc
	ulimit -c 0
	clean_env $cfg "$VMLOAD" "$TESTPROGS/crash32-$v" "$way" >/dev/null 2>"$work/err"; rc=$?
	got=$(sed -nE 's/^vmload:   #[0-9]+ +0x[0-9a-f]{1,8} in ([^+ ]+)\+0x[0-9a-f]+ .*/\1/p' \
		"$work/err" | tr '\n' ' ')
	if [ $rc -eq 139 ] &&
	   grep -q '^vmload: signal     SIGSEGV (SEGV_MAPERR' "$work/err" &&
	   grep -Eq '^vmload: ip         0x[0-9a-f]{1,8} in /.*/crash32-'"$v"' \(crash_null\+0x0\)$' "$work/err" &&
	   grep -q '^vmload: diagnosis  looks like a NULL pointer dereference (NULL + 0x' "$work/err" &&
	   grep -Eq '^vmload: backtrace  [0-9]+ frames, unwound by libdwfl from the DWARF CFI$' "$work/err" &&
	   [ "${got#"$want"}" != "$got" ]; then
		ok "crash32-$v $way ${cfg:-4g}: NULL diagnosis, backtrace $want..."
	else
		bad "crash32-$v $way ${cfg:-4g}: status $rc, backtrace '$got', want '$want...'"
		show "$work/err"
	fi
}
for v in static pie; do
	[ -x "$TESTPROGS/crash32-$v" ] || continue
	for cfg in "" "VMLOAD_ASPACE=3g VMLOAD_LAYOUT=topdown"; do
		crash32 $v null "$cfg" "crash_null run main "
		crash32 $v deep "$cfg" "crash_null crash_deep recurse recurse recurse recurse recurse recurse run main "
	done
done

# ------------------------------------------------------------ trace
for v in static pie; do
	prog=$TESTPROGS/probe32-$v
	[ -x "$prog" ] || continue
	clean_env VMLOAD_TRACE=mm "$VMLOAD" "$prog" >"$work/out" 2>"$work/err"
	addr=$(sed -n 's/^mmap //p' "$work/out")
	if [ -n "$addr" ] && grep -Eq "^vmload: \[pid [0-9]+ i386\] mmap2\(NULL, 4096, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = $addr\$" "$work/err" &&
	   grep -Eq '^vmload: \[pid [0-9]+ i386\] brk\(NULL\) = 0x' "$work/err" &&
	   ! grep -Eq '\] (openat|read)\(' "$work/err"; then
		ok "trace mm probe32-$v: mmap2 returns the address the guest printed ($addr), i386 names"
	else
		bad "trace mm probe32-$v: no i386 mmap2 line returning ${addr:-?}"
		show "$work/out" "$work/err"
	fi
done
prog=$TESTPROGS/m32check-static
rm -f "$work/trace"
(cd "$work" && clean_env VMLOAD_TRACE=syscall,exec VMLOAD_TRACE_FILE="$work/trace" \
	"$VMLOAD" "$prog" >"$work/out" 2>&1); rc=$?
pid=$(sed -nE '1s/^vmload: \[pid ([0-9]+)\].*/\1/p' "$work/trace")
kids=$(sed -nE 's/^vmload: \[pid ([0-9]+) i386\] clone\(.*SIGCHLD.*\) = 0$/\1/p' "$work/trace" | tr '\n' ' ')
exec_kid=$(sed -nE 's/^vmload: \[pid ([0-9]+) i386\] execve\(.*, "child"\], 0x[0-9a-f]+ \/\* [0-9]+ vars? \*\/\) = 0$/\1/p' "$work/trace")
if [ $rc -eq 0 ] && [ -n "$pid" ] &&
   grep -q "^vmload: \[pid $pid i386\] openat(AT_FDCWD, \"/proc/self/maps\", O_RDONLY|O_LARGEFILE) = 3$" "$work/trace"; then
	ok "trace syscall m32check: openat's path decoded, i386-marked"
else
	bad "trace syscall m32check: status $rc, no decoded i386 openat line"
	show "$work/trace"
fi
if [ -n "$exec_kid" ] && [ "$(echo $kids | wc -w)" -eq 2 ] &&
   [ "$(grep -Ec "^vmload: \[pid $pid i386\] clone\(CLONE_CHILD_CLEARTID\|CLONE_CHILD_SETTID\|SIGCHLD, .*\) = [1-9][0-9]*$" "$work/trace")" -eq 2 ] &&
   grep -q "^vmload: \[pid $exec_kid\] exec \"$prog\": window 4g " "$work/trace" &&
   grep -q "^vmload: \[pid $exec_kid i386\] exit_group(0) = ?$" "$work/trace" &&
   grep -q "^vmload: \[pid $pid i386\] exit_group(0) = ?$" "$work/trace" &&
   grep -Eq "^vmload: \[pid [0-9]+ i386\] exit_group\(7\) = \?$" "$work/trace"; then
	ok "trace m32check fork/exec: clone in parent and children, execve, new layout, exits"
else
	bad "trace m32check fork/exec: the i386 fork/exec lines are missing"
	show "$work/trace"
fi

echo "# a truncated ELF32 file: refused as the kernel refuses it (ENOEXEC, 126)"
for n in 40 60; do
	head -c $n "$TESTPROGS/m32check-static" >"$work/short$n"
	chmod +x "$work/short$n"
	(exec "$work/short$n") 2>/dev/null; want=$?
	"$VMLOAD" "$work/short$n" 2>"$work/err"; rc=$?
	case $n in
	40) msg='truncated ELF header \(40 bytes\): ELFCLASS32 needs 52' ;;
	60) msg='program headers beyond end of file' ;;
	esac
	if [ $rc -eq 126 ] && [ $want -eq 126 ] && grep -Eq "^vmload: .*short$n: $msg" "$work/err"; then
		ok "ELF32 of $n bytes: status 126 as natively, one clear line"
	else
		bad "ELF32 of $n bytes: status $rc (native $want)"
		show "$work/err"
	fi
done

finish
