#!/usr/bin/env bash
# The crash report (README "Crash reports"): testprogs/crash dies one way at
# a time (static, static-pie, PIE, non-PIE without -g) natively and under
# vmload. Under vmload it must die by the same signal, with the same status
# the shell sees, after a report on stderr naming the signal and si_code,
# the address and the access, the crashing function, the diagnosis for a
# damaged pointer, and the backtrace's functions in order. VMLOAD_REPORT=0
# silences it, VMLOAD_REPORT=FILE appends it to FILE; a program that handles
# SIGSEGV itself, and a signal sent with kill, get none. Real programs last.
#
# Environment (set by meson): VMLOAD, TESTPROGS.
. "$(dirname "$0")/lib.sh"
VARIANTS="static static-pie pie nopie"
for v in $VARIANTS; do need_testprogs "crash-$v"; done
ulimit -c 0

# status CMD...: the exit status a shell sees (128 + signal for a death)
status() { "$@" >/dev/null 2>&1; echo $?; }

# under ENV WAY VARIANT: run crash-VARIANT WAY under vmload with ENV
# (VAR=VALUE words, or "-"); stderr in $work/err, status in $rc; also the
# native status in $native.
under() {
	local envs=$1 way=$2 v=$3
	[ "$envs" = - ] && envs=
	native=$(status "$TESTPROGS/crash-$v" "$way")
	env $envs "$VMLOAD" "$TESTPROGS/crash-$v" "$way" >/dev/null 2>"$work/err"
	rc=$?
}

# frames FILE: the backtrace's function names, one line, in order
frames() {
	sed -nE 's/^vmload:   #[0-9]+ +0x[0-9a-f]+ in ([^+ ]+)\+0x[0-9a-f]+ .*/\1/p' "$1" |
		tr '\n' ' '
}

# line KEY REGEX FILE: the report has a line "vmload: KEY  ..." matching
line() { grep -Eq "^vmload: $1 +$2" "$3"; }

# check WHAT WANT_STATUS: the common part of every crash: the status (also
# the native one), one report, delimited
check() {
	local what=$1 want=$2 why=
	[ "$rc" = "$want" ] || why="status $rc, want $want"
	[ "$native" = "$want" ] || why="$why; native status $native, want $want"
	[ "$(grep -c '^vmload: crash report ---' "$work/err")" = 1 ] ||
		why="$why; no report (or more than one)"
	grep -q '^vmload: end of crash report ---' "$work/err" ||
		why="$why; the report does not end"
	if [ -n "$why" ]; then
		bad "$what: ${why#; }"
		show "$work/err"
		return 1
	fi
}

# expect WHAT [KEY REGEX]...: every (KEY, REGEX) line is in the report
expect() {
	local what=$1 missing=
	shift
	while [ $# -ge 2 ]; do
		line "$1" "$2" "$work/err" || missing="$missing [$1 $2]"
		shift 2
	done
	if [ -n "$missing" ]; then
		bad "$what: no line$missing"
		show "$work/err"
	else
		ok "$what"
	fi
}

# trace WHAT PREFIX: the backtrace starts with these function names
trace() {
	local got
	got=$(frames "$work/err")
	case "$got" in
	"$2"*) ok "$1: backtrace $2..." ;;
	*) bad "$1: backtrace '$got', want it to start '$2'"; show "$work/err" ;;
	esac
}

# ------------------------------------------------------------ each way
for v in $VARIANTS; do
	prog="crash-$v"
	dyn=0; [ "$v" = pie ] || [ "$v" = nopie ] && dyn=1

	under - null "$v"
	check "$v null" 139 && expect "$v null: SIGSEGV on NULL + 0x10" \
		signal 'SIGSEGV \(SEGV_MAPERR: address not mapped to object\)$' \
		address '0x10 \(write\)$' \
		ip "0x[0-9a-f]+ in /.*/$prog \\(crash_null\\+0x0\\)$" \
		vma 'none$' below 'none$' \
		above '[0-9a-f]+-[0-9a-f]+ [-r][-w][-x][ps] [0-9a-f]{8} .* \(starts 0x[0-9a-f]+ bytes above the address\)$' \
		diagnosis 'looks like a NULL pointer dereference \(NULL \+ 0x10\)$' \
		backtrace '[0-9]+ frames, unwound by libdwfl from the DWARF CFI$' &&
		trace "$v null" "crash_null run main "

	under VMLOAD_ASPACE=3g sext "$v"
	check "$v sext" 139 && expect "$v sext (3g): a sign-extended int" \
		address '0xffffffff[89a-f][0-9a-f]{7} \(write\)$' \
		ip ".* \\(crash_sext\\+0x[0-9a-f]+\\)$" \
		diagnosis 'looks like a pointer stored in a 32-bit int and sign-extended \(0x[89a-f][0-9a-f]{7} is in [0-9a-f]+-[0-9a-f]+ rw-p 00000000 \[anon\]\)$' &&
		trace "$v sext" "crash_sext run main "

	under - trunc "$v"
	check "$v trunc" 139 && expect "$v trunc (47-bit): a truncated pointer" \
		address '0x[0-9a-f]{1,8} \(write\)$' \
		ip ".* \\(crash_trunc\\+0x0\\)$" \
		diagnosis 'looks like a pointer truncated to 32 bits \(0x7[ef][0-9a-f]{10} is in 7[ef][0-9a-f]+-7[ef][0-9a-f]+ rw-p 00000000 \[anon\]\)$' &&
		trace "$v trunc" "crash_trunc run main "

	under - bus "$v"
	check "$v bus" 135 && expect "$v bus: SIGBUS past the end of a file" \
		signal 'SIGBUS \(BUS_ADRERR: ' \
		address '0x[0-9a-f]+ \(read\)$' \
		ip ".* \\(crash_bus\\+0x0\\)$" \
		vma '[0-9a-f]+-[0-9a-f]+ r--p 00000000 /tmp/vmload-crash-.* \(deleted\)$' &&
		trace "$v bus" "crash_bus way_bus run main "

	under - ill "$v"
	check "$v ill" 132 && expect "$v ill: SIGILL from ud2" \
		signal 'SIGILL \(ILL_ILLOPN: illegal operand\)$' \
		ip ".* \\(crash_ill\\+0x0\\)$" &&
		trace "$v ill" "crash_ill run main "

	under - fpe "$v"
	check "$v fpe" 136 && expect "$v fpe: SIGFPE from a division by zero" \
		signal 'SIGFPE \(FPE_INTDIV: integer divide by zero\)$' \
		ip ".* \\(crash_fpe\\+0x[0-9a-f]+\\)$" &&
		trace "$v fpe" "crash_fpe run main "

	under - thread "$v"
	if check "$v thread" 139; then
		if grep -Eq '^vmload: program .*\(pid ([0-9]+), tid \1\)$' "$work/err"; then
			bad "$v thread: the report names the main thread"
			show "$work/err"
		else
			trace "$v thread: in the crashing thread" "crash_null thread_main "
		fi
	fi

	under - deep "$v"
	check "$v deep" 139 &&
		trace "$v deep" "crash_null crash_deep recurse recurse recurse recurse recurse recurse run main "

	under - libc "$v"
	if check "$v libc" 139; then
		if [ $dyn = 1 ]; then
			expect "$v libc: strlen in the shared libc" \
				ip '0x[0-9a-f]+ in /.*/libc\.so\.6.*$' \
				'  #0 ' '0x[0-9a-f]+ in .* \(libc\.so\.6.*\)$' \
				'  #1 ' '0x[0-9a-f]+ in crash_libc\+0x[0-9a-f]+ '
		else
			expect "$v libc: strlen in the static libc" \
				ip ".* \\(__strlen_[a-z0-9]+\\+0x[0-9a-f]+\\)$" \
				'  #1 ' '0x[0-9a-f]+ in crash_libc\+0x[0-9a-f]+ '
		fi
	fi

	under - fileno "$v"
	if check "$v fileno" 139; then
		lib=$prog; [ $dyn = 1 ] && lib='libc\.so\.6'
		expect "$v fileno: an exported libc function by name" \
			vma '[0-9a-f]+-[0-9a-f]+ ---p 00000000 \[anon\]$' \
			'  #0 ' "0x[0-9a-f]+ in fileno\\+0x[0-9a-f]+ \\($lib\\)$" &&
			trace "$v fileno" "fileno crash_fileno way_libc run main "
	fi

	under - overflow "$v"
	check "$v overflow" 139 && expect "$v overflow: the stack overflows" \
		diagnosis 'looks like a stack overflow \(stack pointer 0x[0-9a-f]+; the stack above: .* \[stack\]\)$' \
		backtrace '64 frames \(the innermost\), ' &&
		trace "$v overflow" "crash_overflow crash_overflow crash_overflow "

	under - badcall "$v"
	check "$v badcall" 139 && expect "$v badcall: a call through a bad pointer" \
		address '0x40 \(exec\)$' \
		ip '0x40, in no mapping' \
		'  #0 ' '0x40 in \?\? \(no mapping\)$' \
		'  #1 ' '0x[0-9a-f]+ in crash_badcall\+0x[0-9a-f]+ '
done

# ------------------------------------------------------------ no symbols
# crash-static-fp (frame pointers, no -g) deletes its own executable before
# crashing: no symbols and no CFI can be read; the frame pointers still give
# the chain of return addresses, in its (now nameless) mapping.
[ -x "$TESTPROGS/crash-static-fp" ] || bad "crash-static-fp missing (build testprogs)"
cp "$TESTPROGS/crash-static-fp" "$work/gone"
"$VMLOAD" "$work/gone" gone >/dev/null 2>"$work/err"; rc=$?
native=139
if check "static-fp gone" 139; then
	n=$(grep -cE '^vmload:   #[0-9]+ +0x[0-9a-f]+ in \?\? \(/.*/gone\)$' "$work/err")
	if line backtrace '[0-9]+ frames, unwound by libdwfl from the frame pointers \(no CFI\)$' "$work/err" &&
	   [ "$n" -ge 9 ]; then
		ok "executable deleted: $n frames from the frame pointers, unnamed"
	else
		bad "executable deleted: want >= 9 unnamed frames from the frame pointers, got $n"
		show "$work/err"
	fi
fi
if [ -e "$work/gone" ]; then
	bad "crash-static-fp gone: the executable was not deleted"
fi

# ------------------------------------------------------------ no report
v=pie
under - handled "$v"
if [ "$rc" = 42 ] && [ "$native" = 42 ] && ! [ -s "$work/err" ]; then
	ok "a program that handles SIGSEGV itself: no report, status 42"
else
	bad "handled SIGSEGV: status $rc (native $native), want 42 and nothing on stderr"
	show "$work/err"
fi

under - kill "$v"
if [ "$rc" = 139 ] && [ "$native" = 139 ] && ! [ -s "$work/err" ]; then
	ok "SIGSEGV sent with kill: status 139, no report"
else
	bad "kill -SEGV: status $rc (native $native), want 139 and nothing on stderr"
	show "$work/err"
fi

under VMLOAD_REPORT=0 null "$v"
if [ "$rc" = 139 ] && ! [ -s "$work/err" ]; then
	ok "VMLOAD_REPORT=0: status 139, nothing on stderr"
else
	bad "VMLOAD_REPORT=0: status $rc, want 139 and nothing on stderr"
	show "$work/err"
fi

"$VMLOAD" --report=0 "$TESTPROGS/crash-$v" fpe >/dev/null 2>"$work/err"; rc=$?
if [ "$rc" = 136 ] && ! [ -s "$work/err" ]; then
	ok "--report=0: SIGFPE, status 136, nothing on stderr"
else
	bad "--report=0: status $rc, want 136 and nothing on stderr"
	show "$work/err"
fi

rep=$work/crashes.txt
under "VMLOAD_REPORT=$rep" null "$v"
under "VMLOAD_REPORT=$rep" ill "$v"
if [ "$rc" = 132 ] && ! [ -s "$work/err" ] &&
   [ "$(grep -c '^vmload: crash report ---' "$rep" 2>/dev/null)" = 2 ] &&
   line signal 'SIGSEGV \(SEGV_MAPERR' "$rep" && line signal 'SIGILL \(ILL_ILLOPN' "$rep"; then
	ok "VMLOAD_REPORT=FILE: two crashes appended to FILE, nothing on stderr"
else
	bad "VMLOAD_REPORT=FILE: status $rc; want 132, an empty stderr and two reports in the file"
	show "$work/err"
	[ -f "$rep" ] && show "$rep"
fi

# ------------------------------------------------------------ real programs
if command -v python3 >/dev/null; then
	native=$(status python3 -c 'import ctypes; ctypes.string_at(0)')
	"$VMLOAD" python3 -c 'import ctypes; ctypes.string_at(0)' >/dev/null 2>"$work/err"
	rc=$?
	check "python3 ctypes.string_at(0)" 139 &&
		expect "python3 ctypes.string_at(0): NULL read in libc under string_at" \
			address '0x0 \(read\)$' \
			diagnosis 'looks like a NULL pointer dereference' \
			'  #1 ' '0x[0-9a-f]+ in string_at\+0x[0-9a-f]+ \(_ctypes\.'
fi

native=$(status bash -c 'kill -SEGV $$')
"$VMLOAD" bash -c 'kill -SEGV $$' >/dev/null 2>"$work/err"; rc=$?
if [ "$rc" = 139 ] && [ "$native" = 139 ] && ! grep -q 'crash report' "$work/err"; then
	ok "bash -c 'kill -SEGV \$\$': status 139, no report (a sent signal)"
else
	bad "bash kill -SEGV: status $rc (native $native), want 139 and no report"
	show "$work/err"
fi

finish
