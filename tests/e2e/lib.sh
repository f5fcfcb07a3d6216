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
finish() {
	echo "$pass passed, $fail failed"
	[ $fail -eq 0 ]
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
