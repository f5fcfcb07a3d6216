#!/usr/bin/env bash
# VMLOAD_PLACE=high|low (README "Stress and workaround placements").
#
# 1. Every placecheck variant (static, static-pie, PIE, non-PIE at 0x400000
#    and 0x08048000: malloc small and 64 MiB, brk growth, hinted mmaps,
#    dlopen, a thread with its own arena) and `where` run in each window and
#    layout under both placements, randomized; every VMA of the guest's own
#    /proc/self/maps that the program did not place itself (its ET_EXEC
#    image, its MAP_FIXED page, its MAP_32BIT page in the 47-bit window)
#    must lie at or above the threshold (high: 2 GiB in 3g/4g, 4 GiB in
#    47) or end at or below 2 GiB (low).
# 2. The same VMLOAD_SEED gives the same maps twice, another seed others.
# 3. What does not fit: high fails with ENOMEM and says so once; low falls
#    back to the kernel's placement and says where.
# 4. Real programs (python3, sh, ls, cat exec'd by sh) run under both, with
#    the same output as natively and their maps on the right side.
#
# Environment (set by meson): VMLOAD = the vmload binary, TESTPROGS = the
# build directory of testprogs/.
. "$(dirname "$0")/lib.sh"

variants="static static-pie pie nopie nopie-08048000"
for v in $variants; do need_testprogs "placecheck-$v"; done

# threshold PLACE ASPACE: the line the placement keeps allocations on
threshold() {
	if [ "$1" = high ] && [ "$2" = 47 ]; then
		echo $((0x100000000))
	else
		echo $((0x80000000))
	fi
}

# side_ok PLACE T LO HI: is [LO, HI) on the placement's side of T?
side_ok() {
	if [ "$1" = high ]; then
		[ "$3" -ge "$2" ]
	else
		[ "$4" -le "$2" ]
	fi
}

# check_maps FILE PLACE ASPACE: the maps section of a placecheck output
# (or plain maps) against the placement; offending lines in $work/bad.
# Ranges the program placed itself come as "self|fixed|map32 LO-HI" lines
# (map32 is honoured, and exempt, in the 47-bit window only).
check_maps() {
	local file=$1 place=$2 aspace=$3 t n=0 line r lo hi exempt x
	local -a ex=()

	t=$(threshold "$place" "$aspace")
	: >"$work/bad"
	while read -r x r; do
		case $x in
		self|fixed) ex+=("$r") ;;
		map32) [ "$aspace" = 47 ] && ex+=("$r") ;;
		esac
	done < <(grep -E '^(self|fixed|map32) ' "$file")
	while IFS= read -r line; do
		r=${line%% *}
		[[ $r =~ ^[0-9a-f]+-[0-9a-f]+$ ]] || continue
		[[ $line == *'[vsyscall]'* ]] && continue
		lo=$((16#${r%-*})) hi=$((16#${r#*-}))
		n=$((n + 1))
		exempt=0
		for x in "${ex[@]}"; do
			[ $lo -ge $((${x%-*})) ] && [ $hi -le $((${x#*-})) ] && exempt=1
		done
		[ $exempt = 1 ] && continue
		side_ok "$place" "$t" "$lo" "$hi" || echo "$line" >>"$work/bad"
	done <"$file"
	[ $n -gt 0 ] && [ ! -s "$work/bad" ]
}

show_bad() {
	head -8 "$work/bad" | sed 's/^/     | /'
	head -5 "$work/err" 2>/dev/null | sed 's/^/     ! /'
}

# ------------------------------------------------ 1. placecheck, where
echo "# placecheck: every VMA the program did not place on the right side"
for aspace in 3g 4g 47; do
	for layout in legacy topdown; do
		for place in high low; do
			for v in $variants; do
				label="placecheck-$v aspace=$aspace layout=$layout place=$place"
				clean_env VMLOAD_ASPACE=$aspace VMLOAD_LAYOUT=$layout \
					VMLOAD_PLACE=$place "$VMLOAD" \
					"$TESTPROGS/placecheck-$v" >"$work/out" 2>"$work/err"
				rc=$?
				if [ $rc -ne 0 ]; then
					: >"$work/bad"
					bad "$label: status $rc"
					show_bad
				elif ! grep -q '\[heap\]' "$work/out" ||
				     ! grep -q '\[stack\]' "$work/out" ||
				     ! grep -q '^end$' "$work/out"; then
					: >"$work/bad"
					bad "$label: no [heap]/[stack] or truncated maps"
					show_bad
				elif check_maps "$work/out" $place $aspace; then
					ok "$label"
				else
					bad "$label: VMAs on the wrong side of $(printf %#x "$(threshold $place $aspace)")"
					show_bad
				fi
			done
		done
	done
done

# MAP_32BIT is the program's explicit request: honoured in the 47-bit
# window under either placement, inside [0x40000000, 0x80000000)
for place in high low; do
	clean_env VMLOAD_ASPACE=47 VMLOAD_PLACE=$place "$VMLOAD" \
		"$TESTPROGS/placecheck-pie" >"$work/out" 2>"$work/err"
	r=$(sed -n 's/^map32 0x\([0-9a-f]*\)-.*/\1/p' "$work/out")
	if [ -n "$r" ] && [ $((16#$r)) -ge $((0x40000000)) ] &&
	   [ $((16#$r)) -lt $((0x80000000)) ]; then
		ok "47 place=$place: MAP_32BIT at 0x$r, in [0x40000000, 0x80000000)"
	else
		bad "47 place=$place: MAP_32BIT at '0x$r'"
	fi
done

# where: every address it prints (code, data, brk, malloc, mmap, stack)
echo "# where: every address on the right side"
for aspace in 3g 4g 47; do
	for layout in legacy topdown; do
		for place in high low; do
			label="where aspace=$aspace layout=$layout place=$place"
			out=$(clean_env VMLOAD_ASPACE=$aspace VMLOAD_LAYOUT=$layout \
				"$VMLOAD" --place=$place "$TESTPROGS/where" 2>&1)
			t=$(threshold $place $aspace)
			n=0 wrong=""
			for a in $(grep -o '0x[0-9a-f]*' <<<"$out"); do
				n=$((n + 1))
				side_ok $place "$t" $((a)) $((a + 1)) || wrong+=" $a"
			done
			if [ $n -eq 7 ] && [ -z "$wrong" ]; then
				ok "$label"
			else
				bad "$label: $n addresses, wrong side:$wrong"
				sed 's/^/     | /' <<<"$out"
			fi
		done
	done
done

# ------------------------------------------------ 2. seeds
echo "# VMLOAD_SEED: same seed, same maps; another seed, other maps"
# maps ASPACE PLACE SEED [PROGRAM]: the guest's maps under that seed
maps() {
	clean_env VMLOAD_ASPACE=$1 VMLOAD_PLACE=$2 VMLOAD_SEED=$3 "$VMLOAD" \
		"${4:-/bin/cat}" /proc/self/maps 2>&1
}
for aspace in 3g 4g 47; do
	for place in high low; do
		for prog in /bin/cat "$TESTPROGS/placecheck-pie"; do
			name=${prog##*/}
			# 47-bit: the host's randomized stack is excluded from the
			# window; in a rare run a mapping moves around it
			tries=1
			[ $aspace = 47 ] && tries=3
			for ((i = 1; i <= tries; i++)); do
				a=$(maps $aspace $place 5 "$prog")
				b=$(maps $aspace $place 5 "$prog")
				[ "$a" == "$b" ] && break
			done
			c=$(maps $aspace $place 6 "$prog")
			if [ "$a" == "$b" ] && grep -q '\[stack\]' <<<"$a"; then
				ok "$name aspace=$aspace place=$place: seed 5 twice, identical maps"
			else
				bad "$name aspace=$aspace place=$place: seed 5 twice, maps differ"
				diff <(echo "$a") <(echo "$b") | head -6 | sed 's/^/     | /'
			fi
			if [ "$a" != "$c" ]; then
				ok "$name aspace=$aspace place=$place: seeds 5 and 6 differ"
			else
				bad "$name aspace=$aspace place=$place: seeds 5 and 6 give the same maps"
			fi
		done
	done
done

# ------------------------------------------------ 3. what does not fit
echo "# exhaustion: high says ENOMEM, low falls back to the kernel's placement"
# big ASPACE PLACE MIB: one mmap of MIB MiB; result in $res, stderr in $err
big() {
	res=$(clean_env VMLOAD_ASPACE=$1 VMLOAD_PLACE=$2 "$VMLOAD" \
		"$TESTPROGS/placecheck-pie" mmap $3 2>"$work/err")
	err=$(cat "$work/err")
}

big 3g high 1024
if [ "$res" = "mmap 1024 MiB: Cannot allocate memory" ] &&
   [ "$err" = "vmload: place=high: mmap of 1 GiB does not fit at or above 2 GiB (0x80000000-0xc0000000); it fails with ENOMEM" ]; then
	ok "3g high: 1 GiB mmap fails with ENOMEM and one line on stderr"
else
	bad "3g high: 1 GiB mmap: '$res' / stderr '$err'"
fi
big 3g high 512
a=${res##*: }
if [[ $a == 0x* ]] && [ $((a)) -ge $((0x80000000)) ] && [ -z "$err" ]; then
	ok "3g high: 512 MiB mmap fits above 2 GiB ($a), silently"
else
	bad "3g high: 512 MiB mmap: '$res' / stderr '$err'"
fi
big 47 high 3072
a=${res##*: }
if [[ $a == 0x* ]] && [ $((a)) -ge $((0x100000000)) ] && [ -z "$err" ]; then
	ok "47 high: 3 GiB mmap above 4 GiB ($a)"
else
	bad "47 high: 3 GiB mmap: '$res' / stderr '$err'"
fi
big 3g low 1024
a=${res##*: }
if [[ $a == 0x* ]] && [ $((a + 0x40000000)) -le $((0x80000000)) ] && [ -z "$err" ]; then
	ok "3g low: 1 GiB mmap fits below 2 GiB ($a), silently"
else
	bad "3g low: 1 GiB mmap: '$res' / stderr '$err'"
fi
for c in "4g 1536 1536 MiB" "47 3072 3 GiB"; do
	set -- $c
	big $1 low $2
	a=${res##*: }
	if [[ $a == 0x* ]] && [ $((a)) -ge $((0x80000000)) ] &&
	   [ "$err" = "vmload: place=low: mmap of $3 $4 does not fit below 2 GiB; placed at $a" ]; then
		ok "$1 low: $3 $4 mmap falls back to the kernel's placement ($a), said once"
	else
		bad "$1 low: $3 $4 mmap: '$res' / stderr '$err'"
	fi
done

# ------------------------------------------------ 4. real programs
echo "# real programs under both placements"
# The python3 snippet checks its own maps; an ET_EXEC interpreter (Debian's
# python3 is linked at 0x400000) is placed by itself: its lines and the
# bss line right after them are exempt.
py='import os, sys, threading
t, high = int(sys.argv[1], 0), sys.argv[2] == "high"
out = []
th = threading.Thread(target=lambda: out.append(sum(i * i for i in range(100000))))
th.start(); th.join()
big = bytearray(200 << 20)
big[-1] = 1
exe = os.readlink("/proc/self/exe")
with open(exe, "rb") as f:
    et_exec = f.read(18)[16] == 2
wrong, image_end = [], None
for line in open("/proc/self/maps"):
    f = line.split()
    lo, hi = (int(x, 16) for x in f[0].split("-"))
    if et_exec and (f[-1] == exe or (lo == image_end and len(f) == 5)):
        image_end = hi
        continue
    if "[vsyscall]" in line:
        continue
    if (lo < t) if high else (hi > t):
        wrong.append(line.strip())
print(out[0], len(big), "wrong:", len(wrong))
for w in wrong[:5]:
    print(w)'
native_py=$(python3 -c "$py" 0 low 2>&1 | head -1)
native_py=${native_py%%wrong:*}
native_ls=$(ls -la /usr/bin | wc -l)
for aspace in 3g 4g 47; do
	for place in high low; do
		t=$(threshold $place $aspace)
		label="aspace=$aspace place=$place"
		if command -v python3 >/dev/null; then
			out=$(clean_env VMLOAD_ASPACE=$aspace VMLOAD_PLACE=$place \
				"$VMLOAD" python3 -c "$py" $t $place 2>&1)
			if [ "$out" = "${native_py}wrong: 0" ]; then
				ok "python3 (a thread, a 200 MiB bytearray) $label: runs, maps on the right side"
			else
				bad "python3 $label"
				head -8 <<<"$out" | sed 's/^/     | /'
			fi
		fi
		out=$(clean_env VMLOAD_ASPACE=$aspace VMLOAD_PLACE=$place "$VMLOAD" \
			/bin/sh -c 'ls -la /usr/bin | wc -l; echo $((6 * 7))' 2>&1)
		if [ "$out" = "$native_ls"$'\n'"42" ]; then
			ok "sh -c 'ls | wc' $label: same output as native"
		else
			bad "sh -c 'ls | wc' $label: '$out'"
		fi
		# the placement is inherited: cat exec'd by sh is placed too
		clean_env VMLOAD_ASPACE=$aspace VMLOAD_PLACE=$place "$VMLOAD" \
			/bin/sh -c 'cat /proc/self/maps' >"$work/out" 2>"$work/err"
		if grep -q '/cat$' "$work/out" && check_maps "$work/out" $place $aspace; then
			ok "cat exec'd by sh $label: maps on the right side"
		else
			bad "cat exec'd by sh $label"
			show_bad
		fi
	done
done

finish
