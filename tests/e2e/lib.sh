# lib.sh - what the end-to-end scripts share: the environment meson sets,
# result lines and their counts, a scratch directory. Sourced:
#   . "$(dirname "$0")/lib.sh"
# Then ok/bad per check, and `finish` last (prints "N passed, N failed" and
# gives the status). Environment: VMLOAD (the binary), TESTPROGS (the build
# directory of testprogs/, where a script needs it).
set -u
VMLOAD=${VMLOAD:?VMLOAD must name the vmload binary}
[ -x "$VMLOAD" ] || { echo "FAIL: VMLOAD=$VMLOAD is not executable"; exit 1; }

pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
# show FILE...: a command's output under a failed check, indented
show() { sed 's/^/     | /' "$@"; }
# clean_env CMD...: a small fixed environment, nothing of the caller's
clean_env() { env -i PATH=/usr/bin:/bin "$@"; }
# hex A OP B: compare two numbers given in hexadecimal (0x...) with test's OP
hex() { [ $(($1)) "$2" $(($3)) ]; }
# need_testprogs NAME...: each must be built in TESTPROGS
need_testprogs() {
	local p
	: "${TESTPROGS:?TESTPROGS must name the build directory of testprogs}"
	for p in "$@"; do
		[ -x "$TESTPROGS/$p" ] ||
			{ echo "FAIL: $TESTPROGS/$p missing (build testprogs)"; exit 1; }
	done
}
# native_runs_ia32 PROG: does this kernel run a 32-bit program natively? A
# kernel without IA-32 emulation (not built in, ia32_emulation=off, or a
# hypervisor without compat mode) refuses it with ENOEXEC, shells say 126.
native_runs_ia32() { "$1" >/dev/null 2>&1; [ $? -ne 126 ]; }
# ia32_refusals PROG...: on such a kernel vmload must do what it does with
# each: refuse it with one line and status 126, and give a guest's execve
# of it ENOEXEC (a shell's message and status, python's OSError) as the
# kernel gives them.
ia32_refusals() {
	local p rc line1 n cfg
	for p in "$@"; do
		for cfg in "" "VMLOAD_ASPACE=3g" "VMLOAD_LAYOUT=legacy"; do
			clean_env $cfg "$VMLOAD" "$p" >"$work/out" 2>"$work/err"; rc=$?
			line1=$(head -1 "$work/err") n=$(wc -l <"$work/err")
			if [ $rc -eq 126 ] && [ "$n" -eq 1 ] && [ ! -s "$work/out" ] &&
			   [ "$line1" = "vmload: $p: cannot execute binary file: Exec format error (this kernel runs no 32-bit programs: IA-32 emulation is off)" ]; then
				ok "$(basename "$p") ${cfg:-default}: refused as the kernel refuses it (126, one line)"
			else
				bad "$(basename "$p") ${cfg:-default}: status $rc, $n lines; want 126 and the Exec format error line"
				show "$work/err"
			fi
		done
		(cd "$work" && clean_env /bin/sh -c "$p; echo status \$?" >"$work/native" 2>&1)
		(cd "$work" && clean_env "$VMLOAD" /bin/sh -c "$p; echo status \$?" >"$work/out" 2>&1)
		if cmp -s "$work/native" "$work/out"; then
			ok "$(basename "$p"): a shell's execve of it fails as natively ($(head -1 "$work/native"))"
		else
			bad "$(basename "$p"): a shell's execve of it differs from native"
			diff "$work/native" "$work/out" | show
		fi
		if command -v python3 >/dev/null; then
			clean_env python3 -c 'import os, sys
try: os.execv(sys.argv[1], [sys.argv[1]])
except OSError as e: print(e.errno, e.strerror)' "$p" >"$work/native" 2>&1
			clean_env "$VMLOAD" /usr/bin/python3 -c 'import os, sys
try: os.execv(sys.argv[1], [sys.argv[1]])
except OSError as e: print(e.errno, e.strerror)' "$p" >"$work/out" 2>&1
			if cmp -s "$work/native" "$work/out" && grep -qx '8 Exec format error' "$work/out"; then
				ok "$(basename "$p"): execve gives the guest ENOEXEC, as natively"
			else
				bad "$(basename "$p"): execve from a guest: $(head -1 "$work/out"), natively $(head -1 "$work/native")"
			fi
		fi
	done
}
finish() {
	echo "$pass passed, $fail failed"
	[ $fail -eq 0 ]
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
