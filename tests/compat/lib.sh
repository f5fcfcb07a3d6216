# Shared helpers of the compatibility suite, sourced by tests/compat/*.sh.
#
# Each check runs a real program from the system natively and then under
# vmload in several configurations, with the same input (stdin from /dev/null
# or a named file), the same environment and the same working directory path
# (a fresh empty directory, $RUN, recreated before every run); stdout and exit
# status must match the native run. Output: "ok   NAME CONFIG",
# "FAIL NAME CONFIG", "skip NAME (not installed)", and a final
# "N passed, N failed" from finish.
#
# Configurations (labels used in the output):
#   default  VMLOAD's defaults: 47-bit window, top-down layout
#   legacy   VMLOAD_LAYOUT=legacy
#   3g       VMLOAD_ASPACE=3g (top-down, TASK_SIZE 0xC0000000)
set -u
VMLOAD=${VMLOAD:?VMLOAD must name the vmload binary}
case $VMLOAD in /*) ;; *) VMLOAD=$PWD/$VMLOAD ;; esac

declare -A CONFIG_ENV=(
	[default]=""
	[legacy]="VMLOAD_LAYOUT=legacy"
	[3g]="VMLOAD_ASPACE=3g"
)
ALL_CONFIGS="default legacy 3g"
CONFIGS_64="default legacy"       # for programs that need more than 3 GiB
# COMPAT_VERBOSE=1 prints each native run's output (to review the checks)
COMPAT_TIMEOUT=${COMPAT_TIMEOUT:-120}    # seconds per run; then SIGTERM,
COMPAT_KILL_AFTER=${COMPAT_KILL_AFTER:-2} # and SIGKILL that much later

# One temporary tree per script, removed at exit; TMPDIR and HOME point into it
# so nothing the programs write survives the run or depends on the user.
COMPAT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/vmload-compat.XXXXXX") || exit 1
trap 'rm -rf "$COMPAT_TMP"' EXIT
trap 'exit 143' TERM; trap 'exit 130' INT; trap 'exit 129' HUP
IN=$COMPAT_TMP/in       # fixtures, generated once, read by every run
RUN=$COMPAT_TMP/run     # working directory of each run, recreated each time
OUT=$COMPAT_TMP/out     # captured stdout/stderr
mkdir -p "$IN" "$OUT" "$COMPAT_TMP/tmp" "$COMPAT_TMP/home"
# (a pyenv shim finds its versions through PYENV_ROOT, by default in HOME)
if [ -z "${PYENV_ROOT:-}" ] && [ -d "${HOME:-/nonexistent}/.pyenv" ]; then
	export PYENV_ROOT=$HOME/.pyenv
fi
export TMPDIR=$COMPAT_TMP/tmp HOME=$COMPAT_TMP/home
export LC_ALL=C TZ=UTC
# the configuration is what each check says, not the caller's
unset VMLOAD_LAYOUT VMLOAD_ASPACE MAKEFLAGS MFLAGS MAKELEVEL
# git: no system or user configuration, fixed identity and dates
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=compat GIT_AUTHOR_EMAIL=compat@example.org
export GIT_COMMITTER_NAME=compat GIT_COMMITTER_EMAIL=compat@example.org
export GIT_AUTHOR_DATE='2001-02-03T04:05:06Z' GIT_COMMITTER_DATE='2001-02-03T04:05:06Z'
export SOURCE_DATE_EPOCH=981173106

pass=0 fail=0
STDIN=/dev/null         # stdin of the next checks; set it to feed input

# have PROG... : true when every program is installed; otherwise prints the
# skip line for NAME (the first program unless SKIPNAME is set)
have() {
	local p
	for p in "$@"; do
		if ! command -v "$p" >/dev/null 2>&1; then
			if [ "${SKIPNAME:-$p}" = "$p" ]; then
				echo "skip $p (not installed)"
			else
				echo "skip ${SKIPNAME:-$1} ($p not installed)"
			fi
			return 1
		fi
	done
}

# _run TAG ENV... -- CMD...: run CMD with the environment assignments in a
# fresh $RUN; stdout to $OUT/TAG.out, stderr to $OUT/TAG.err; returns status
_run() {
	local tag=$1; shift
	local envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	local start=$SECONDS rc
	rm -rf "$RUN" && mkdir "$RUN" || return 125
	# (the braces keep bash's "Killed" job notice out of the log)
	{ (cd "$RUN" && exec timeout -k "$COMPAT_KILL_AFTER" "$COMPAT_TIMEOUT" \
		env ${envs[@]+"${envs[@]}"} "$@") <"$STDIN" >"$OUT/$tag.out" 2>"$OUT/$tag.err"; } 2>/dev/null
	rc=$?
	TIMED_OUT=0
	if [ $((SECONDS - start)) -ge "$COMPAT_TIMEOUT" ] && [ $rc -ge 124 ]; then
		TIMED_OUT=1
	fi
	return $rc
}

_ok() { pass=$((pass + 1)); echo "ok   $1"; }
# _fail NAME: counts a failure; the details are read from $OUT/why
_fail() {
	fail=$((fail + 1)); echo "FAIL $1"
	sed 's/^/    /' "$OUT/why"
}

# describe STATUS TIMED_OUT: human-readable exit status of timeout + program
describe() {
	if [ "$2" = 1 ] && [ "$1" -eq 124 ]; then
		echo "timed out after ${COMPAT_TIMEOUT}s (ended by SIGTERM)"
	elif [ "$2" = 1 ] && [ "$1" -eq 137 ]; then
		echo "timed out after ${COMPAT_TIMEOUT}s (SIGTERM had no effect, ended by SIGKILL)"
	elif [ "$1" -gt 128 ]; then echo "status $1 (killed by signal $(($1 - 128)): $(kill -l $(($1 - 128)) 2>/dev/null))"
	else echo "status $1"; fi
}

# _native NAME CMD...: the native reference run
_native() {
	local name=$1; shift
	_run native -- "$@"; NATIVE_RC=$? NATIVE_TO=$TIMED_OUT
	if [ $NATIVE_RC -ge 124 ]; then
		echo "note: $name natively: $(describe $NATIVE_RC $NATIVE_TO)"
		sed -n '1,5s/^/    /p' "$OUT/native.err"
	fi
	if [ "${COMPAT_VERBOSE:-0}" = 1 ]; then # show what the check compares
		echo "---- $name natively: status $NATIVE_RC, stdout:"
		cat "$OUT/native.out"
		echo "---- stderr:"
		cat "$OUT/native.err"
		echo "----"
	fi
}

# _vm CONFIG CMD...: the same run under vmload in CONFIG; sets VM_RC
_vm() {
	local cfg=$1; shift
	_run vm ${CONFIG_ENV[$cfg]} -- "$VMLOAD" "$@"; VM_RC=$? VM_TO=$TIMED_OUT
}

# compare_in "CONFIGS" NAME CMD...: stdout and exit status of every vmload
# run must equal the native run's
compare_in() {
	local cfgs=$1 name=$2 cfg; shift 2
	_native "$name" "$@"
	for cfg in $cfgs; do
		_vm "$cfg" "$@"
		if [ $VM_RC -eq $NATIVE_RC ] && cmp -s "$OUT/native.out" "$OUT/vm.out"; then
			_ok "$name $cfg"
		else
			{
				echo "$(describe $VM_RC $VM_TO) under vmload, native $(describe $NATIVE_RC $NATIVE_TO)"
				echo "command: (cd \$RUN && env ${CONFIG_ENV[$cfg]} $(printf '%q ' "$VMLOAD" "$@"))"
				diff "$OUT/native.out" "$OUT/vm.out" | head -20
				echo "stderr under vmload:"
				head -10 "$OUT/vm.err"
			} >"$OUT/why"
			_fail "$name $cfg"
		fi
	done
}
compare() { local name=$1; shift; compare_in "$ALL_CONFIGS" "$name" "$@"; }
compare64() { local name=$1; shift; compare_in "$CONFIGS_64" "$name" "$@"; }

# nocrash_in "CONFIGS" NAME CMD...: for a program that may not fit the
# window: under vmload it must not die by a signal or time out, its status
# must be below 128, and it either runs as natively (same status and stdout)
# or fails with a status of its own (not 0) and a message on stderr. What
# happened is printed after the ok line.
nocrash_in() {
	local cfgs=$1 name=$2 cfg why; shift 2
	_native "$name" "$@"
	for cfg in $cfgs; do
		_vm "$cfg" "$@"
		why=
		if [ "$VM_TO" = 1 ] || [ $VM_RC -ge 128 ]; then
			why="$(describe $VM_RC $VM_TO)"
		elif [ $VM_RC -eq $NATIVE_RC ] && cmp -s "$OUT/native.out" "$OUT/vm.out"; then
			:
		elif [ $VM_RC -eq 0 ]; then
			why="status 0 but stdout differs from native"
		elif ! [ -s "$OUT/vm.err" ]; then
			why="$(describe $VM_RC $VM_TO), native $(describe $NATIVE_RC $NATIVE_TO), stdout differs, no message on stderr"
		fi
		if [ -z "$why" ]; then
			_ok "$name $cfg (no crash)"
			if [ $VM_RC -eq $NATIVE_RC ] && cmp -s "$OUT/native.out" "$OUT/vm.out"; then
				echo "     runs: status $VM_RC and stdout as native"
			else
				echo "     fails cleanly: status $VM_RC (native $NATIVE_RC); stdout, stderr:"
				grep -v '^[[:space:]]*$' "$OUT/vm.out" | head -3 | sed 's/^/       > /'
				grep -v '^[[:space:]]*$' "$OUT/vm.err" | head -3 | sed 's/^/       2> /'
			fi
		else
			{
				echo "$why"
				echo "command: (cd \$RUN && env ${CONFIG_ENV[$cfg]} $(printf '%q ' "$VMLOAD" "$@"))"
				diff "$OUT/native.out" "$OUT/vm.out" | head -20
				echo "stderr under vmload:"
				head -10 "$OUT/vm.err"
			} >"$OUT/why"
			_fail "$name $cfg (no crash)"
		fi
	done
}

# script NAME MODE: write stdin to $IN/NAME (MODE 755 for #! scripts)
script() { cat >"$IN/$1" && chmod "${2:-644}" "$IN/$1"; }

finish() {
	echo "$pass passed, $fail failed"
	[ $fail -eq 0 ]
}
