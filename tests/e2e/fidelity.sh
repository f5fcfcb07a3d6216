#!/usr/bin/env bash
# Differential fidelity against the kernel (DESIGN D1, §4).
#
# 1. The probe programs (testprogs/probe.c: 64-bit and 32-bit; static,
#    static-pie, PIE, non-PIE, and the PIE run through ld.so directly) print
#    the landmarks of their address space. Each runs natively under
#    `setarch -R`, `setarch -R -L` (and, 32-bit, `setarch -R -3 [-L]`), with
#    stack rlimits 8 MiB, 1 GiB and unlimited, and under vmload with the
#    matching configuration and ASLR off. Every address must match, the
#    32-bit probes' too: i386 guests in the 4g and 3g windows against
#    `setarch -R [-3] [-L]`, the compat vDSO block ([vvar], [vvar_vclock],
#    [vdso]) included. FIDELITY_I386=no shows vmload's 32-bit numbers
#    without judging them.
# 2. ASLR on: over 200 runs each randomized base falls in the kernel's range
#    (KERNEL-FACTS §3) and every random bit of that range varies, natively
#    and under vmload; with a seed two runs repeat exactly.
# 3. The README table (between the fidelity-table markers) is the one this
#    run generates: tools/fidelity-table.sh rewrites it.
#
#   fidelity.sh [--table FILE]   also write the README table to FILE
#   fidelity.sh --table-only FILE  only part 1, then the table (the generator)
#
# Environment (set by meson): VMLOAD, TESTPROGS, SRCDIR.
# FIDELITY_RUNS: runs per ASLR range check (200). FIDELITY_I386=no: do not
# judge the i386 guests (they are judged by default).
set -u
VMLOAD=${VMLOAD:?VMLOAD must name the vmload binary}
TESTPROGS=${TESTPROGS:?TESTPROGS must name the build directory of testprogs}
SRCDIR=${SRCDIR:-}
RUNS=${FIDELITY_RUNS:-200}
table_file= table_only=0
case ${1:-} in
--table) table_file=${2:?}; ;;
--table-only) table_file=${2:?}; table_only=1 ;;
esac
[ -x "$VMLOAD" ] || { echo "FAIL: VMLOAD=$VMLOAD is not executable"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0 notyet=0
ok()  { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }
finish() { echo "$pass passed, $fail failed"; [ $fail -eq 0 ]; }

if ! command -v setarch >/dev/null 2>&1 || ! setarch -R true 2>/dev/null; then
	echo "skip: no setarch -R here, the kernel cannot be the reference"
	finish
	exit
fi

# vmload runs i386 guests (DESIGN D12): the 32-bit probes are compared like
# the 64-bit ones and the README table shows vmload's numbers.
I386_GUESTS=${FIDELITY_I386:-yes}
# A kernel without IA-32 emulation has no numbers to compare with: there
# vmload must refuse the 32-bit probes as the kernel does (126, ENOEXEC),
# and the README's i386 rows, measured on a host that runs them, are kept.
IA32_HOST=yes
if [ -x "$TESTPROGS/probe32-static" ]; then
	"$TESTPROGS/probe32-static" brief >/dev/null 2>&1
	[ $? -eq 126 ] && IA32_HOST=no
fi
NO_IA32_MSG="cannot execute binary file: Exec format error (this kernel runs no 32-bit programs: IA-32 emulation is off)"

LDSO64=/lib64/ld-linux-x86-64.so.2
LDSO32=/lib/ld-linux.so.2
variants="static static-pie pie nopie ldso"
# What vmload cannot give exactly, with the reason: "CONFIG KEY reason", CONFIG
# a glob over "bits/window/layout/stack/variant". Every entry is printed.
known_diffs=()

# A fixed, small environment and an absolute path: the initial stack's
# strings (and so sp, AT_EXECFN, AT_RANDOM) are then the same natively and
# under vmload.
clean_env() { env -i PATH=/usr/bin:/bin "$@"; }

# probe_cmd BITS VARIANT: the command line of a probe
probe_cmd() {
	local p=$TESTPROGS/probe-$2
	[ "$1" = 32 ] && p=$TESTPROGS/probe32-$2
	case $2 in
	ldso) if [ "$1" = 32 ]; then echo "$LDSO32 $TESTPROGS/probe32-pie"
	      else echo "$LDSO64 $TESTPROGS/probe-pie"; fi ;;
	*) echo "$p" ;;
	esac
}

# ulimit -s argument for a stack label
kib() { case $1 in 8M) echo 8192 ;; 1G) echo 1048576 ;; *) echo unlimited ;; esac; }

# native BITS WINDOW LAYOUT STACK VARIANT: the kernel's output
native() {
	local flags=-R
	[ "$2" = 3g ] && flags="$flags -3"
	[ "$3" = legacy ] && flags="$flags -L"
	# shellcheck disable=SC2046
	(ulimit -s "$(kib "$4")" && clean_env setarch $flags $(probe_cmd "$1" "$5"))
}

# under BITS WINDOW LAYOUT STACK VARIANT: vmload's output; the stack limit
# reaches it as the host's RLIMIT_STACK, as it reaches a native exec
under() {
	# shellcheck disable=SC2046
	(ulimit -s "$(kib "$4")" &&
	 clean_env timeout 20 "$VMLOAD" --aslr=0 --aspace="$2" --layout="$3" $(probe_cmd "$1" "$5"))
}

known_reason() {
	local cfg=$1 key=$2 e
	for e in "${known_diffs[@]}"; do
		# shellcheck disable=SC2053
		[[ $cfg == ${e%% *} ]] || continue
		e=${e#* }
		[ "${e%% *}" = "$key" ] && { echo "${e#* }"; return 0; }
	done
	return 1
}

# compare CFG NATIVE_FILE VMLOAD_FILE: every key; returns the count of
# differences not listed in known_diffs
compare() {
	local cfg=$1 key val other n=0 why
	while read -r key val; do
		other=$(awk -v k="$key" '$1 == k { print $2 }' "$3")
		if [ "$val" = "$other" ]; then
			continue
		elif why=$(known_reason "$cfg" "$key"); then
			echo "     known: $key kernel $val vmload $other ($why)"
		else
			echo "     $key: kernel $val, vmload ${other:-missing}"
			n=$((n + 1))
		fi
	done <"$2"
	return $n
}

# ------------------------------------------------------------ part 1
# results/BITS_WINDOW_LAYOUT_STACK_VARIANT.{k,v}: kernel and vmload outputs;
# .v holds "notyet" for a 32-bit probe vmload refuses
mkdir -p "$work/r"
# refused_one BITS WINDOW LAYOUT STACK VARIANT, on a kernel without IA-32
# emulation: the kernel refuses the probe, so must vmload
refused_one() {
	local cfg="$1/$2/$3/$4/$5" rc
	# bash's own execve (env and setarch would hand ENOEXEC to sh)
	$(probe_cmd "$1" "$5") >/dev/null 2>&1; rc=$?
	if [ $rc -ne 126 ]; then
		bad "$cfg: the kernel ran what it refused before (status $rc)"
		return
	fi
	under "$@" >"$work/refused.out" 2>"$work/refused.err"; rc=$?
	if [ $rc -eq 126 ] && [ "$(wc -l <"$work/refused.err")" -eq 1 ] &&
	   grep -qF ": $NO_IA32_MSG" "$work/refused.err"; then
		ok "$cfg: refused as the kernel refuses it (no IA-32 emulation here)"
	else
		bad "$cfg: status $rc; want 126 and one Exec format error line"
		head -3 "$work/refused.err" | sed 's/^/     ! /'
	fi
}
diff_one() {
	local bits=$1 win=$2 lay=$3 st=$4 v=$5 tag t tries=1 cfg out
	tag="$bits-$win-$lay-$st-$v" cfg="$bits/$win/$lay/$st/$v"
	out=$work/r/$tag
	if [ "$bits" = 32 ] && [ $IA32_HOST = no ]; then
		[ "$st" = 8M ] && refused_one "$@"
		return
	fi
	native "$@" >"$out.k" 2>"$out.ke" || {
		bad "$cfg: native run failed: $(head -1 "$out.ke")"; return; }
	# one try: vmload keeps its own stack out of the guest's way
	# (loader/hoststack.c), so no run may differ
	: >"$out.d1"
	for ((t = 1; t <= tries; t++)); do
		under "$@" >"$out.v" 2>"$out.ve"
		# until vmload runs i386 guests the kernel's numbers stand alone;
		# what vmload gives already is shown, not judged
		if [ "$bits" = 32 ] && [ "$I386_GUESTS" != yes ]; then
			compare "$cfg" "$out.k" "$out.v" >"$out.d"
			echo notyet >"$out.v"
			notyet=$((notyet + 1))
			echo "--   $cfg: kernel only (vmload: not yet, i386 guests;" \
			     "$(grep -c '^     [a-z]' "$out.d") of $(wc -l <"$out.k") differ today)"
			return
		fi
		compare "$cfg" "$out.k" "$out.v" >"$out.d" && break
		[ $t = 1 ] && cp "$out.d" "$out.d1"
	done
	if [ -s "$out.k" ] && compare "$cfg" "$out.k" "$out.v" >"$out.d"; then
		ok "$cfg: $(wc -l <"$out.k") addresses equal$([ $t -gt 1 ] && echo " (on try $t; the first try had:)")"
		sed 's/^/ try 1/' "$out.d1"
		cat "$out.d"
	else
		bad "$cfg: differs from the kernel"
		cat "$out.d"
		head -3 "$out.ve" | sed 's/^/     ! /'
	fi
}

configs=()
for lay in topdown legacy; do
	for st in 8M 1G unlimited; do
		configs+=("64 47 $lay $st")
	done
done
if [ -x "$TESTPROGS/probe32-static" ]; then
	for win in 4g 3g; do
		for lay in topdown legacy; do
			for st in 8M 1G unlimited; do
				configs+=("32 $win $lay $st")
			done
		done
	done
else
	echo "skip 32-bit probes: not built (no gcc -m32)"
fi

echo "# the probes natively (setarch -R [-3] [-L]) and under vmload (--aslr=0), every address"
for c in "${configs[@]}"; do
	# shellcheck disable=SC2086
	set -- $c
	if ! (ulimit -s "$(kib "$4")") 2>/dev/null; then
		echo "skip $1/$2/$3/$4: cannot set the stack rlimit here"
		continue
	fi
	for v in $variants; do
		[ "$v" = ldso ] && [ ! -x "$([ "$1" = 32 ] && echo $LDSO32 || echo $LDSO64)" ] &&
			continue
		diff_one "$@" "$v"
	done
done
if [ ${#known_diffs[@]} -gt 0 ]; then
	echo "# addresses vmload cannot give exactly (README: The 47-bit window and the host)"
	printf '  %s\n' "${known_diffs[@]}"
fi

# ------------------------------------------------------------ the table
# get TAG KEY FILE-SUFFIX
get() { awk -v k="$2" '$1 == k { print $2 }' "$work/r/$1.$3" 2>/dev/null; }
page() { [ -n "$1" ] && printf '0x%x' $(($1 & ~0xfff)); }
# cell KERNEL VMLOAD NOTYET
cell() {
	if [ -z "$1" ]; then
		echo "—"
	elif [ "$3" = 1 ]; then
		echo "\`$1\`"
	elif [ "$1" = "$2" ]; then
		echo "\`$1\` ✓"
	else
		echo "\`$1\` ≠ \`${2:-none}\`"
	fi
}
write_table() {
	local c bits win lay st pie sp ny vk vv k v nk neq flags
	echo "| guest | setarch | stack | PIE base | ld.so (AT_BASE) | first mmap | PIE brk | stack top | vDSO | vmload: addresses equal to the kernel's |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
	for c in "${configs[@]}"; do
		# shellcheck disable=SC2086
		set -- $c
		bits=$1 win=$2 lay=$3 st=$4
		pie="$bits-$win-$lay-$st-pie"
		[ -s "$work/r/$pie.k" ] || continue
		flags=-R
		[ "$win" = 3g ] && flags="$flags -3"
		[ "$lay" = legacy ] && flags="$flags -L"
		ny=0
		grep -qx notyet "$work/r/$pie.v" && ny=1
		nk=0 neq=0
		for v in $variants; do
			[ -s "$work/r/$bits-$win-$lay-$st-$v.k" ] || continue
			while read -r k vk; do
				nk=$((nk + 1))
				vv=$(get "$bits-$win-$lay-$st-$v" "$k" v)
				[ "$vk" = "$vv" ] && neq=$((neq + 1))
			done <"$work/r/$bits-$win-$lay-$st-$v.k"
		done
		if [ $ny = 1 ]; then
			neq="not yet (i386 guests); the kernel's numbers are the reference for the $win window"
		else
			neq="$neq of $nk"
		fi
		printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
			"$([ "$bits" = 64 ] && echo "x86-64, 47-bit" || echo "i386, $win")" \
			"\`$flags\`" "$st" \
			"$(cell "$(page "$(get $pie phdr k)")" "$(page "$(get $pie phdr v)")" $ny)" \
			"$(cell "$(get $pie base k)" "$(get $pie base v)" $ny)" \
			"$(cell "$(get $pie mmap k)" "$(get $pie mmap v)" $ny)" \
			"$(cell "$(get $pie brk k)" "$(get $pie brk v)" $ny)" \
			"$(cell "$(get $pie stack k | cut -d- -f2)" "$(get $pie stack v | cut -d- -f2)" $ny)" \
			"$(cell "$(get $pie vdso k)" "$(get $pie vdso v)" $ny)" \
			"$neq"
	done
}
write_table >"$work/table.md"
if [ $IA32_HOST = no ] && [ -f "${SRCDIR:-/nonexistent}/README.md" ]; then
	echo "note: this kernel runs no 32-bit programs: the README's i386 rows are kept as measured where it does"
	sed -n '/<!-- fidelity-table begin -->/,/<!-- fidelity-table end -->/p' "$SRCDIR/README.md" |
		grep '^| i386' >>"$work/table.md"
fi
[ -n "$table_file" ] && cp "$work/table.md" "$table_file"
if [ $table_only = 1 ]; then
	finish
	exit
fi

readme=$SRCDIR/README.md
if [ -f "$readme" ]; then
	sed -n '/<!-- fidelity-table begin -->/,/<!-- fidelity-table end -->/p' "$readme" |
		sed '1d;$d' >"$work/readme-table.md"
	if [ -s "$work/readme-table.md" ] && cmp -s "$work/table.md" "$work/readme-table.md"; then
		ok "README fidelity table is the one this run generates"
	else
		bad "README fidelity table is stale (regenerate: sh tools/fidelity-table.sh BUILDDIR)"
		diff "$work/readme-table.md" "$work/table.md" | head -20 | sed 's/^/     | /'
	fi
else
	echo "skip README check: SRCDIR not set"
fi

# ------------------------------------------------------------ part 2: ASLR
# samples CMD...: RUNS outputs of "probe brief", one line each: the values of
# phdr heap mmap stack vvar vdso_end, space-separated
samples() {
	local i
	for ((i = 0; i < RUNS; i++)); do
		"$@" brief | awk '{ printf "%s ", $2 } END { print "" }'
	done
}

# check_range LABEL OFFSETS-FILE MAX MASK: every offset in [0, MAX], and over
# the runs every bit of MASK was seen both set and clear (no bit outside
# MASK, apart from a carry into MAX)
check_range() {
	local label=$1 f=$2 max=$3 mask=$4 o or=0 and=-1 n=0 out=0
	while read -r o; do
		n=$((n + 1))
		if ((o < 0 || o > max)); then
			out=$((out + 1))
			[ $out -le 3 ] && echo "     offset $(printf '%#x' "$o") outside [0, $(printf '%#x' "$max")]"
		fi
		or=$((or | o)) and=$((and & o))
	done <"$f"
	if [ $n -lt "$RUNS" ]; then
		bad "$label: only $n of $RUNS runs gave a value"
	elif [ $out -gt 0 ]; then
		bad "$label: $out of $n outside the kernel's range"
	elif (((or & mask) != mask || (and & mask) != 0)); then
		bad "$label: random bits seen $(printf '%#x' $((or & ~and))), the kernel's are $(printf '%#x' "$mask")"
	else
		ok "$label: $n runs in range, bits $(printf '%#x' "$mask") all vary"
	fi
}

# aslr LABEL BITS WINDOW LAYOUT RUNNER...: the static and PIE probes, RUNS
# times each, with ASLR on; RUNNER is the native or vmload prefix
aslr() {
	local label=$1 bits=$2 win=$3 lay=$4 f=$work/aslr
	shift 4
	local stack0 mmap0 unmapped pie0 mmapmask stackmask brkmask pmax heap0
	case $win in
	47) stack0=0x7ffffffff000 mmap0=0x7ffbff700000 unmapped=0x2aaaaaaab000
	    pie0=0x555555554000 mmapmask=0xfffffff000 stackmask=0x3fffff000
	    brkmask=0x3ffff000 ;;
	4g) stack0=0xffffe000 mmap0=0xf7ffe000 unmapped=0x55555000 pie0=0x56555000
	    mmapmask=0xff000 stackmask=0x7ff000 brkmask=0x1fff000 ;;
	3g) stack0=0xc0000000 mmap0=0xb8000000 unmapped=0x40000000 pie0=0x41000000
	    mmapmask=0xff000 stackmask=0x7ff000 brkmask=0x1fff000 ;;
	esac
	local pst ppie
	pst=$TESTPROGS/probe-static ppie=$TESTPROGS/probe-pie
	[ "$bits" = 32 ] && pst=$TESTPROGS/probe32-static ppie=$TESTPROGS/probe32-pie
	# the heap without randomization: PAGE_ALIGN(end of bss), plus the page
	heap0=$( (ulimit -s 8192; clean_env setarch -R "$pst" brief) | awk '$1 == "heap" { print $2 }')
	(ulimit -s 8192; samples clean_env "$@" "$pst") >"$f.static"
	(ulimit -s 8192; samples clean_env "$@" "$ppie") >"$f.pie"
	# phdr heap mmap stack vvar vdso_end
	while read -r _ heap _ stack vvar vend; do
		echo $((stack0 - stack)) >&3
		echo $((heap - heap0 - 4096)) >&4
		if [ "$lay" = legacy ]; then
			echo $((vvar - unmapped)) >&5
		else
			echo $((mmap0 - vend)) >&5
		fi
	done <"$f.static" 3>"$f.stack" 4>"$f.brk" 5>"$f.mmap"
	while read -r phdr _; do
		echo $(((phdr & ~0xfff) - pie0))
	done <"$f.pie" >"$f.pieoff"
	check_range "$label stack top" "$f.stack" $((stackmask + 4096)) $stackmask
	check_range "$label mmap_base" "$f.mmap" $mmapmask $mmapmask
	check_range "$label brk" "$f.brk" $((brkmask)) $brkmask
	check_range "$label PIE base" "$f.pieoff" $mmapmask $mmapmask
}

echo "# ASLR on, $RUNS runs each: every randomized base in the kernel's range, every random bit varies"
aslr "native 64-bit top-down:" 64 47 topdown env
aslr "native 64-bit legacy:" 64 47 legacy setarch -L
aslr "vmload 47 top-down:" 64 47 topdown "$VMLOAD" --aslr=1
aslr "vmload 47 legacy:" 64 47 legacy "$VMLOAD" --aslr=1 --layout=legacy
aslr "vmload 4g top-down:" 64 4g topdown "$VMLOAD" --aslr=1 --aspace=4g
aslr "vmload 3g legacy:" 64 3g legacy "$VMLOAD" --aslr=1 --aspace=3g --layout=legacy
if [ -x "$TESTPROGS/probe32-static" ] && [ $IA32_HOST = yes ]; then
	aslr "native i386 4g top-down:" 32 4g topdown env
	aslr "native i386 3g legacy:" 32 3g legacy setarch -3 -L
	aslr "vmload i386 4g top-down:" 32 4g topdown "$VMLOAD" --aslr=1
	aslr "vmload i386 3g legacy:" 32 3g legacy "$VMLOAD" --aslr=1 --aspace=3g --layout=legacy
fi

echo "# a seed repeats the layout exactly; another seed does not"
for win in 47 4g 3g; do
	a=$(clean_env "$VMLOAD" --seed=1234 --aspace=$win "$TESTPROGS/probe-pie")
	b=$(clean_env "$VMLOAD" --seed=1234 --aspace=$win "$TESTPROGS/probe-pie")
	c=$(clean_env "$VMLOAD" --seed=4321 --aspace=$win "$TESTPROGS/probe-pie")
	if [ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" != "$c" ]; then
		ok "aspace=$win: seed 1234 twice gives the same $(wc -l <<<"$a") addresses, seed 4321 others"
	else
		bad "aspace=$win: seeds do not repeat exactly"
		diff <(echo "$a") <(echo "$b") | head -6 | sed 's/^/     | /'
	fi
done

# ------------------------------------------------------------ part 4
# VMLOAD_KERNEL=2.6.9: the two diagrams of "Reorganizing the address space"
# (LWN, 2004; KERNEL-FACTS §7) with cat /proc/self/maps in the 3g window.
# Legacy: mmap from TASK_UNMAPPED_BASE 0x40000000 up, stack below
# 0xC0000000; flexible: mmap from 0xC0000000 - 128 MiB = 0xB8000000 down. A
# PIE sits at ELF_ET_DYN_BASE 0x80000000 with its heap after its bss; no
# randomization even with ASLR on; no vDSO in the window.
k269() { (ulimit -s "$1" && shift && clean_env VMLOAD_ASPACE=3g VMLOAD_KERNEL=2.6.9 "$@" "$VMLOAD" /bin/cat /proc/self/maps); }
first() { awk -v n="$2" '$NF ~ n { split($1, a, "-"); print a[1]; exit }' <<<"$1"; }
last()  { awk -v n="$2" '$NF ~ n { split($1, a, "-"); e = a[2] } END { print e }' <<<"$1"; }
# k269_check LABEL MAPS LDSO_FIELD LDSO_ADDR
k269_check() {
	local label=$1 m=$2 why=
	[ "$(first "$m" 'ld-linux')" = "$4" ] || [ "$(last "$m" 'ld-linux')" = "$4" ] ||
		why="$why ld.so not at $3 $4;"
	[ "$(first "$m" '/cat$')" = 80000000 ] || why="$why cat not at 0x80000000;"
	[ "$(last "$m" '\\[stack\\]')" = c0000000 ] || why="$why stack top not 0xc0000000;"
	[ "$(first "$m" '\\[heap\\]')" = "$(last "$m" '/cat$')" ] ||
		why="$why heap not right after cat's bss;"
	grep -qE '\[(vdso|vvar)' <<<"$m" && why="$why a vDSO in the window;"
	if [ -z "$why" ]; then
		ok "kernel 2.6.9 $label: ld.so $3 $4, cat at 0x80000000, heap after it, stack top 0xc0000000, no vDSO"
	else
		bad "kernel 2.6.9 $label:$why"
		sed 's/^/     | /' <<<"$m" | grep -v locale | head -30
	fi
}
echo "# VMLOAD_KERNEL=2.6.9: the article's legacy and flexible diagrams (3g)"
a=$(k269 8192 VMLOAD_LAYOUT=legacy)
k269_check "legacy (8 MiB stack)" "$a" "starts at" 40000000
a=$(k269 8192 VMLOAD_LAYOUT=topdown)
k269_check "flexible (8 MiB stack)" "$a" "ends at" b8000000
b=$(k269 8192 VMLOAD_LAYOUT=topdown VMLOAD_ASLR=1)
if [ "$a" = "$b" ]; then
	ok "kernel 2.6.9: ASLR on changes nothing (no randomization in 2.6.9)"
else
	bad "kernel 2.6.9: two runs differ"
	diff <(echo "$a") <(echo "$b") | head -6 | sed 's/^/     | /'
fi
a=$(k269 unlimited VMLOAD_LAYOUT=topdown)
k269_check "unlimited stack chooses legacy" "$a" "starts at" 40000000
a=$(k269 262144 VMLOAD_LAYOUT=topdown)
k269_check "flexible, 256 MiB stack" "$a" "ends at" b0000000
a=$(VMLOAD_KERNEL=2.6.9 "$VMLOAD" /bin/true 2>&1)
if grep -q 'needs the 3g window' <<<"$a"; then
	ok "kernel 2.6.9 outside the 3g window is refused: $(head -1 <<<"$a")"
else
	bad "kernel 2.6.9 in the 47-bit window: $a"
fi

[ $notyet -gt 0 ] && echo "# $notyet 32-bit probe runs: kernel only, vmload not yet (i386 guests)"
finish
