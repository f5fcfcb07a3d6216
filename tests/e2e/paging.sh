#!/usr/bin/env bash
# Demand paging, copy-on-write, the kernel touching guest memory and the
# guest's own SIGSEGV/SIGBUS (DESIGN D4-D8): the programs of tests/e2e/paging/
# run natively and under vmload (default, legacy layout, 3 GiB window, one
# page per fault) must print the same lines and exit the same way. Every
# program prints one "name: result" line per check and nothing that varies
# between runs, so the lines are compared one by one: each is a check of
# its own here.
set -u
VMLOAD=${VMLOAD:?} PAGING_DIR=${PAGING_DIR:?}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export TMPDIR=$work	# what a killed program leaves behind goes too

# a hung run fails instead of blocking (the programs also set alarm())
run() { timeout -s KILL 120 "$@"; }

# compare NAME NATIVE-OUT NATIVE-STATUS GOT-OUT GOT-STATUS GOT-ERR
compare() {
	local name=$1 i n key
	local -a want got
	mapfile -t want <"$2"
	mapfile -t got <"$4"
	n=${#want[@]}; [ ${#got[@]} -gt $n ] && n=${#got[@]}
	for ((i = 0; i < n; i++)); do
		key=${want[i]:-${got[i]}}
		key=${key%%: *}
		if [ "${want[i]-}" == "${got[i]-}" ]; then
			ok "$name: $key"
		else
			bad "$name: $key"
			echo "       want: ${want[i]-(no line)}"
			echo "       got:  ${got[i]-(no line)}"
		fi
	done
	if [ "$3" == "$5" ]; then
		ok "$name: exit status $5"
	else
		bad "$name: exit status $5, natively $3"
		head -5 "$6" | sed 's/^/       stderr: /'
	fi
}

# check PROG CONFIG-NAME ENV ARGS...
check() {
	local prog=$1 cfg=$2 env=$3 st nst tag
	shift 3
	tag=$prog${*:+ $*}
	tag=${tag// /-}
	if [ ! -e "$work/$tag.native" ]; then
		run "$PAGING_DIR/paging-$prog" "$@" >"$work/$tag.native" 2>"$work/$tag.nerr"
		echo $? >"$work/$tag.nstatus"
		nst=$(<"$work/$tag.nstatus")
		if [ "$nst" == 0 ]; then ok "$prog${*:+ $*} natively: exit 0"
		else bad "$prog${*:+ $*} natively: exit $nst"; head -5 "$work/$tag.nerr"; fi
	fi
	nst=$(<"$work/$tag.nstatus")
	run env $env "$VMLOAD" "$PAGING_DIR/paging-$prog" "$@" >"$work/out" 2>"$work/err"
	st=$?
	compare "$prog${*:+ $*} @$cfg" "$work/$tag.native" "$nst" "$work/out" "$st" "$work/err"
}

# page4k: one page per fault, so every system call argument vmload fails
# to prepare shows up as an EFAULT
for cfg in default legacy 3g page4k; do
	case $cfg in
	default) env= ;;
	legacy) env=VMLOAD_LAYOUT=legacy ;;
	3g) env=VMLOAD_ASPACE=3g ;;
	page4k) env=VMLOAD_FAULT_AROUND=4K ;;
	esac
	for prog in efault cowfork sigs threads; do
		check $prog $cfg "$env"
	done
	# 4 GiB and 2^42-byte mappings do not fit in a 3 GiB window
	if [ $cfg == 3g ]; then
		check vmabudget $cfg "$env" vma forkstorm
	else
		check vmabudget $cfg "$env"
	fi
	# no handler: death by the signal, as a shell reports it
	for sig in segv:139 bus:135; do
		"$PAGING_DIR/paging-sigs" die_${sig%:*} 2>/dev/null; want=$?
		env $env "$VMLOAD" "$PAGING_DIR/paging-sigs" die_${sig%:*} 2>/dev/null
		got=$?
		if [ $want == ${sig#*:} ] && [ $got == $want ]; then
			ok "sigs die_${sig%:*} @$cfg: shell status $got"
		else
			bad "sigs die_${sig%:*} @$cfg: shell status $got, natively $want"
		fi
	done
done

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
