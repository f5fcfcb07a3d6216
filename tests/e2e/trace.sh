#!/usr/bin/env bash
# VMLOAD_TRACE: each category's lines for the events testprogs/tracee.c makes
# (its addresses on stderr as "tracee: NAME 0x..."), exec lines for a shell's
# exec, the trace file, and the program itself unchanged with tracing on.
. "$(dirname "$0")/lib.sh"
need_testprogs tracee
TRACEE=$TESTPROGS/tracee
expect() { # expect NAME WANT GOT
	if [ "$2" == "$3" ]; then ok "$1"; else bad "$1"; diff <(echo "$2") <(echo "$3") | head; fi
}
# has NAME EXTENDED-REGEX TEXT: some line of TEXT matches
has() {
	if grep -Eq -- "$2" <<<"$3"; then ok "$1"; else bad "$1"; echo "  no line matches: $2"; fi
}

P='^vmload: \[pid [0-9]+( tid [0-9]+)?\] '	# every trace line's prefix
MMNAMES='(brk|mmap|munmap|mprotect|pkey_mprotect|mremap|madvise|msync|mincore|shmat|shmdt|mlock|mlock2|munlock|mlockall|munlockall|mseal|map_shadow_stack)'
trace_lines() { grep -E "$P" || true; }
# kind LINE...: the category each trace line belongs to
kinds() {
	sed -E "s/$P//" | sed -E -e 's/^fault .*/fault/' -e 's/^signal .*/signal/' \
		-e 's/^exec ".*/exec/' -e 's/^execve(at)?\(.*/exec/' \
		-e "s/^$MMNAMES\\(.*/mm/" -e 's/^[a-z0-9_]+\(.*/syscall/' | sort -u | tr '\n' ' '
}
addr_of() { sed -n "s/^tracee: $1 \\(0x[0-9a-f]*\\)\$/\\1/p" <<<"$2"; }

# the program alone, natively
"$TRACEE" >"$work/native.out" 2>/dev/null; native_status=$?
native=$(cat "$work/native.out")

# run CATEGORIES: the tracee under vmload, stdout to $work/out, stderr echoed
run() {
	VMLOAD_TRACE=$1 "$VMLOAD" "$TRACEE" 2>&1 >"$work/out"
	echo "status $?"
}

# ---- off: no trace lines at all, the program unchanged ----
err=$(run "")
expect "off: no trace lines" "" "$(trace_lines <<<"$err")"
expect "off: output as native" "$native" "$(cat "$work/out")"
expect "off: status as native" "status $native_status" "$(tail -1 <<<"$err")"

# ---- mm: the mmap line shows the address the program printed ----
err=$(run mm)
a=$(addr_of mmap "$err")
has "mm: mmap line with the program's address" \
	"${P}mmap\\(NULL, 8192, PROT_READ\\|PROT_WRITE, MAP_PRIVATE\\|MAP_ANONYMOUS, -1, 0\\) = ${a:-none}\$" "$err"
has "mm: munmap decoded" "${P}munmap\\(0x[0-9a-f]+, 4096\\) = 0\$" "$err"
has "mm: brk" "${P}brk\\(NULL\\) = 0x[0-9a-f]+\$" "$err"
expect "mm: only mm lines" "mm " "$(trace_lines <<<"$err" | kinds)"
expect "mm: output and status as native" "$native|status $native_status" \
	"$(cat "$work/out")|$(tail -1 <<<"$err")"

# ---- fault: demand-zero, file, COW after fork, stack growth, delivered ----
err=$(run fault)
a=$(addr_of mmap "$err") f=$(addr_of file "$err") h=$(addr_of hole "$err")
has "fault: first touch of the mapping is demand-zero" \
	"${P}fault ${a:-none} write in [0-9a-f]+-[0-9a-f]+ rw-p -> demand-zero 0x[0-9a-f]+-0x[0-9a-f]+ \\([0-9]+ pages?\\)\$" "$err"
f1=$(printf '0x%x' $((${f:-0} + 1)))	# the program reads its second byte
has "fault: a file page" \
	"${P}fault $f1 read in ${f#0x}-[0-9a-f]+ r--p .*/tracee -> file ${f:-none}-0x[0-9a-f]+ \\(1 page\\)\$" "$err"
parent=$(grep -Eo '^vmload: \[pid [0-9]+\] fault' <<<"$err" | head -1 | grep -Eo '[0-9]+')
has "fault: the forked child's write to the page is a COW break" \
	"^vmload: \\[pid [0-9]+\\] fault ${a:-none} write in [0-9a-f]+-[0-9a-f]+ rw-p -> cow " \
	"$(grep -v "pid $parent\\]" <<<"$err")"
has "fault: the deep frame grows the stack" \
	"${P}fault 0x[0-9a-f]+ write in [0-9a-f]+-[0-9a-f]+ rw-p \\[stack\\] -> stack growth, demand-zero " "$err"
has "fault: an access with no VMA is delivered" \
	"${P}fault ${h:-none} read \\(no VMA\\) -> delivered SIGSEGV SEGV_MAPERR\$" "$err"
expect "fault: only fault lines" "fault " "$(trace_lines <<<"$err" | kinds)"
expect "fault: output and status as native" "$native|status $native_status" \
	"$(cat "$work/out")|$(tail -1 <<<"$err")"

# ---- signal: the caught SIGSEGV and the SIGUSR1, each to its handler ----
err=$(run signal)
h=$(addr_of hole "$err")
has "signal: SIGSEGV to the program's handler" \
	"${P}signal SIGSEGV \\{si_code=SEGV_MAPERR, si_addr=${h:-none}\\} -> handler 0x[0-9a-f]+\$" "$err"
has "signal: SIGUSR1 to its handler" \
	"${P}signal SIGUSR1 \\{si_code=SI_TKILL, si_pid=[0-9]+, si_uid=[0-9]+\\} -> handler 0x[0-9a-f]+\$" "$err"
expect "signal: only signal lines" "signal " "$(trace_lines <<<"$err" | kinds)"
err=$(VMLOAD_TRACE=signal "$VMLOAD" sh -c 'kill -SEGV $$' 2>&1)
has "signal: no handler: the default action" \
	"${P}signal SIGSEGV \\{si_code=SI_USER, si_pid=[0-9]+, si_uid=[0-9]+\\} -> default action: die\$" "$err"

# ---- syscall: every trapped call, paths decoded ----
err=$(run syscall)
has "syscall: openat with its path" \
	"${P}openat\\(AT_FDCWD, \"$TRACEE\", O_RDONLY\\) = [0-9]+\$" "$err"
has "syscall: a failing call with its errno" \
	"${P}[a-z0-9_]+\\(.*\\) = -1 E[A-Z]+ \\(.+\\)\$" "$err"
has "syscall: the forked child" "${P}clone\\(CLONE_CHILD_CLEARTID\\|CLONE_CHILD_SETTID\\|SIGCHLD, NULL, NULL, 0x[0-9a-f]+, NULL\\) = [1-9][0-9]*\$" "$err"
has "syscall: exit_group before it happens" "${P}exit_group\\(3\\) = \\?\$" "$err"
expect "syscall: syscall lines, mm ones among them" "mm syscall " "$(trace_lines <<<"$err" | kinds)"
n1=$(trace_lines <<<"$err" | grep -cE "${P}mmap\\(NULL, 8192,")
err=$(run mm,syscall)
expect "mm,syscall: an mm call is one line" "$n1" "$(trace_lines <<<"$err" | grep -cE "${P}mmap\\(NULL, 8192,")"

# ---- exec: the execve and both layouts ----
err=$(VMLOAD_TRACE=exec "$VMLOAD" sh -c 'exec /bin/true' 2>&1); st=$?
has "exec: the execve line" "${P}execve\\(\"/bin/true\", \\[\"/bin/true\"\\], 0x[0-9a-f]+ /\\* [0-9]+ vars? \\*/\\) = 0\$" "$err"
expect "exec: a layout line per program" 2 "$(grep -cE "${P}exec \"" <<<"$err")"
has "exec: layout of /bin/true" \
	"${P}exec \"/bin/true\": window 47 \\(TASK_SIZE 0x7ffffffff000\\) topdown, load 0x[0-9a-f]+ \\(bias 0x[0-9a-f]+\\), interp \".*ld-linux.*\" at 0x[0-9a-f]+, entry 0x[0-9a-f]+, brk 0x[0-9a-f]+, mmap_base 0x[0-9a-f]+, stack_top 0x[0-9a-f]+\$" "$err"
expect "exec: only exec lines, status 0" "exec |0" "$(trace_lines <<<"$err" | kinds)|$st"
err=$(VMLOAD_TRACE=exec VMLOAD_LAYOUT=legacy VMLOAD_ASPACE=3g "$VMLOAD" /bin/true 2>&1)
has "exec: the window and direction" "${P}exec \"/bin/true\": window 3g \\(TASK_SIZE 0xc0000000\\) legacy, " "$err"
# (without 2>/dev/null: the child's trace lines go to its own stderr)
err=$(VMLOAD_TRACE=exec "$VMLOAD" sh -c '/nonexistent/x; exit 0' 2>&1)
has "exec: a failed execve with its error" \
	"${P}execve\\(\"/nonexistent/x\", .*\\) = -1 ENOENT \\(No such file or directory\\)\$" "$err"

# ---- the trace file: every process's lines there, none on stderr ----
log=$work/trace.log
VMLOAD_TRACE=all VMLOAD_TRACE_FILE=$log "$VMLOAD" "$TRACEE" >"$work/out" 2>"$work/err"; st=$?
expect "file: nothing on stderr" "" "$(trace_lines <"$work/err")"
expect "file: output and status as native" "$native|$native_status" "$(cat "$work/out")|$st"
expect "file: every category" "exec fault mm signal syscall " "$(kinds <"$log")"
expect "file: lines of both processes" 2 "$(grep -Eo '^vmload: \[pid [0-9]+' "$log" | sort -u | wc -l)"
expect "file: nothing but trace lines" 0 "$(grep -cvE "$P" "$log")"
# the guest closes or replaces vmload's descriptor without knowing it
rm -f "$log"
py='import os
fds = [int(f) for f in os.listdir("/proc/self/fd")]
ours = [f for f in fds if os.path.realpath("/proc/self/fd/%d" % f) == os.environ["LOG"]]
os.dup2(os.open("/dev/null", os.O_WRONLY), ours[0])
open("/etc/hostname").close()
os.closerange(3, 1024)
open("/etc/passwd").close()
print(len(ours))'
out=$(LOG=$log VMLOAD_TRACE=syscall VMLOAD_TRACE_FILE=$log "$VMLOAD" /usr/bin/python3 -c "$py" 2>"$work/err")
expect "file: one descriptor of vmload's" 1 "$out"
has "file: a line after the guest dup2'd over it" "${P}openat\\(AT_FDCWD, \"/etc/hostname\"" "$(cat "$log")"
has "file: a line after the guest closed it" "${P}openat\\(AT_FDCWD, \"/etc/passwd\"" "$(cat "$log")"
expect "file: still nothing on stderr" "" "$(trace_lines <"$work/err")"
err=$(VMLOAD_TRACE=mm VMLOAD_TRACE_FILE=/nonexistent/dir/log "$VMLOAD" /bin/true 2>&1); st=$?
expect "file: cannot be opened: a clear error" \
	"vmload: /bin/true: cannot open the trace file /nonexistent/dir/log: No such file or directory|126" "$err|$st"

# ---- tracing everything: a shell pipeline's output is unchanged ----
cmds='for i in 1 2 3; do echo $i; done | sort -r | tr -d "\n"; echo; ls /nonexistent 2>/dev/null; echo $?'
expect "all: a pipeline's output as native" "$(bash -c "$cmds")" \
	"$(VMLOAD_TRACE=all VMLOAD_TRACE_FILE=$work/all.log "$VMLOAD" bash -c "$cmds")"

finish
