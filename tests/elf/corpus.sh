#!/usr/bin/env bash
# Bad input must give one line `vmload: PATH: what is wrong` on stderr and
# exit status 126 (127 when the file or its interpreter is not found), never
# a crash or a hang.
#
# usage: corpus.sh CORPUS_DIR
#   CORPUS_DIR is written by mkcorpus (see corpus.h): NAME.elf files and a
#   MANIFEST of "NAME <TAB> STATUS <TAB> MESSAGE". Status 0 marks a valid
#   file: it must run, and exit 0, both natively and under vmload.
# Then the non-ELF cases (directories, permissions, #! scripts, missing
# files) are created here.
set -u
VMLOAD=${VMLOAD:?VMLOAD must name the vmload binary}
corpus=${1:?usage: corpus.sh CORPUS_DIR}
[ -f "$corpus/MANIFEST" ] || { echo "no $corpus/MANIFEST: run mkcorpus first" >&2; exit 2; }
corpus=$(cd "$corpus" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
failed=()

# expect NAME STATUS SUBSTRING PATH [ARGS...]
# Run `vmload PATH ARGS...`. For STATUS 126/127 check the status, that stderr
# is exactly one line starting with "vmload: PATH: " and containing
# SUBSTRING, and that nothing went to stdout. For STATUS 0 check that the
# program ran: status 0, empty stderr.
expect() {
	local name=$1 want=$2 sub=$3 path=$4 rc line nl why=()
	shift 3
	timeout -k 5 30 "$VMLOAD" "$@" >"$work/out" 2>"$work/err" </dev/null
	rc=$?
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		why+=("hung (killed by timeout)")
	elif [ $rc -gt 128 ]; then
		why+=("killed by signal $((rc - 128)) ($(kill -l $((rc - 128)) 2>/dev/null))")
	elif [ $rc -ne "$want" ]; then
		why+=("exit status $rc, expected $want")
	fi
	if [ "$want" -eq 0 ]; then
		[ -s "$work/err" ] && why+=("unexpected stderr")
	else
		nl=$(tr -cd '\n' <"$work/err" | wc -c)
		line=$(head -n 1 "$work/err")
		if [ "$nl" -ne 1 ] || [ "$(tail -c 1 "$work/err" | od -An -c | tr -d ' ')" != '\n' ]; then
			why+=("stderr is not exactly one line ($nl newlines)")
		fi
		[[ $line == "vmload: $path: "* ]] ||
			why+=("stderr does not start with 'vmload: $path: '")
		[[ $line == *"$sub"* ]] || why+=("stderr lacks '$sub'")
		[ -s "$work/out" ] && why+=("unexpected stdout")
	fi
	if [ ${#why[@]} -eq 0 ]; then
		pass=$((pass + 1))
		echo "ok   $name"
	else
		fail=$((fail + 1))
		failed+=("$name")
		echo "FAIL $name: $(IFS=';'; echo "${why[*]}")"
		echo "     input:  vmload $*"
		echo "     stderr: $(head -c 600 "$work/err" | sed -n '1,3p' | tr '\n' '|')"
	fi
}

# native NAME PATH: a valid corpus file must also run natively (premise)
native() {
	local rc
	timeout -k 5 30 "$2" >/dev/null 2>&1 </dev/null
	rc=$?
	if [ $rc -ne 0 ]; then
		fail=$((fail + 1))
		failed+=("$1 (native)")
		echo "FAIL $1 (native): status $rc natively; the generator's valid file is not valid"
	fi
}

# ---- the generated ELF corpus ----
while IFS=$'\t' read -r name status msg; do
	[ "$status" -lt 0 ] && continue	# parser-only case (test_elf.c)
	f="$corpus/$name.elf"
	if [ "$status" -eq 0 ]; then
		native "$name" "$f"
	fi
	expect "$name" "$status" "$msg" "$f"
	# errors about the PT_INTERP file name it: "vmload: PROG: interpreter X: ..."
	case $name in
	interp-missing|interp-not-elf|interp-wrong-arch|interp-noexec|interp-empty|interp-directory|interp-name-too-long)
		if grep -q "^vmload: $f: interpreter /" "$work/err"; then
			pass=$((pass + 1)); echo "ok   $name (names the interpreter)"
		else
			fail=$((fail + 1)); failed+=("$name (names the interpreter)")
			echo "FAIL $name (names the interpreter): stderr lacks 'vmload: $f: interpreter /'"
		fi
		;;
	esac
done <"$corpus/MANIFEST"

# ---- files that are not ELF executables ----
valid=$corpus/valid-static.elf
cd "$work" || exit 2

mkdir adir
expect directory 126 "Is a directory" "$work/adir"

cp "$valid" noexec && chmod 644 noexec	# no x bit at all: EACCES even for root
expect no-exec-permission 126 "Permission denied" "$work/noexec"

: >empty && chmod 755 empty
expect empty-file 126 "too short" "$work/empty"

expect nonexistent 127 "No such file or directory" "$work/does-not-exist"
expect nonexistent-dir 127 "No such file or directory" "$work/no-dir/prog"
expect not-in-path 127 "command not found" vmload-no-such-command-xyz
# ENOTDIR counts as "not found" for vmload (bash gives 126, dash 2)
expect enotdir 127 "Not a directory" "$valid/x"

script() { # script FILE CONTENT: an executable script
	printf '%s' "$2" >"$1" && chmod 755 "$1"
}

script missing-interp $'#!/nonexistent/vmload-interp\necho hi\n'
expect script-missing-interp 127 "/nonexistent/vmload-interp" "$work/missing-interp"

script no-interp $'#!\necho hi\n'
expect script-no-interp 126 "no interpreter" "$work/no-interp"

script blank-interp $'#! \t  \necho hi\n'
expect script-blank-interp 126 "no interpreter" "$work/blank-interp"

script hashbang-only '#!'
expect script-hashbang-only 126 "no interpreter" "$work/hashbang-only"

script dir-interp $'#!/\n'
expect script-interp-directory 126 "Is a directory" "$work/dir-interp"

script bad-elf-interp "#!$corpus/bad-magic.elf"$'\n'
expect script-interp-bad-magic 126 "bad magic" "$work/bad-elf-interp"

# no newline in the first 256 bytes and no blank after the interpreter: the
# kernel refuses to run a truncated interpreter path (ENOEXEC)
script truncated-interp "#!/$(printf 'a%.0s' $(seq 300))"
expect script-interp-truncated 126 "#!" "$work/truncated-interp"

# a script is its own interpreter: the nesting limit ends the loop
script self-loop "#!$work/self-loop"$'\n'
expect script-self-loop 126 "too many levels" "$work/self-loop"

# Nesting. The kernel (exec_binprm: depth > 5 is ELOOP) follows 5 levels of
# #! before the ELF and refuses 6; checked natively on 6.18.
chain() { # chain N: nN_1 -> nN_2 -> ... -> nN_N -> the valid ELF; echo the top
	local n=$1 i next
	for ((i = n; i >= 1; i--)); do
		if [ "$i" -eq "$n" ]; then next=$valid; else next=$work/n${n}_$((i + 1)); fi
		script "n${n}_$i" "#!$next"$'\n'
	done
	echo "$work/n${n}_1"
}
expect script-nest-1 0 "" "$(chain 1)"
expect script-nest-4 0 "" "$(chain 4)"
expect script-nest-5 0 "" "$(chain 5)"
expect script-nest-6 126 "too many levels" "$(chain 6)"

echo
echo "$pass passed, $fail failed"
if [ "$fail" -ne 0 ]; then
	echo "failed: ${failed[*]}"
	exit 1
fi
exit 0
