#!/usr/bin/env bash
# Pictures of the address space (README "Pictures of the address space"):
# --map draws the guest's address space when it ends, --compare draws the
# legacy and top-down layouts side by side.
#
#  - mapdump (dynamic and static) copies its own /proc/self/maps as its last
#    act: in every window and layout, the SVG parses (xml.etree) and shows
#    exactly those VMAs, each with its range and maps line (mapcheck.py);
#  - where, every layoutcheck variant and /bin/ls draw well-formed pictures
#    with their labels in every window and layout;
#  - --map=txt, a .txt file, --map alone (vmload-map.svg in the starting
#    directory, also after the guest changes directory), VMLOAD_MAP;
#  - a crash (SIGSEGV fault, kill -SEGV) and exit(2) of the last thread
#    still draw; an exec'd program draws under the same pid;
#  - a forked child, or a program it execs, never overwrites the picture;
#  - --compare: both layouts side by side, the program run twice, the
#    top-down run's status, text on stderr, a program that cannot run.
#
# Environment (set by meson): VMLOAD, TESTPROGS, SRCDIR.
. "$(dirname "$0")/lib.sh"
SRCDIR=${SRCDIR:?SRCDIR must name the source directory}
CHECK="python3 $SRCDIR/tests/e2e/mapcheck.py"
need_testprogs mapdump mapdump-static where

# check LABEL MAPCHECK-ARGS...: pass if mapcheck.py accepts the picture
check() {
	local label=$1 why
	shift
	if why=$($CHECK "$@" 2>&1); then ok "$label"; else bad "$label: $why"; fi
}

echo "# mapdump: the picture shows exactly the guest's own last maps"
for aspace in 3g 4g 47; do
	for layout in legacy topdown; do
		for p in mapdump mapdump-static; do
			rm -f "$work/m.svg" "$work/m.maps"
			"$VMLOAD" --aspace=$aspace --layout=$layout --map="$work/m.svg" \
				"$TESTPROGS/$p" "$work/m.maps" >"$work/out" 2>&1
			rc=$?
			if [ $rc -ne 0 ] || [ ! -s "$work/m.svg" ]; then
				bad "$p $aspace $layout: status $rc, picture $(ls "$work/m.svg" 2>&1)"
				continue
			fi
			check "$p $aspace $layout: every VMA drawn with its range" \
				"$work/m.svg" --maps "$work/m.maps" \
				--labels "heap,stack,text,data,$(basename "$TESTPROGS/$p")" \
				--end "exit status 0"
		done
	done
done

echo "# other programs: well-formed, labelled"
progs="where"
for v in static static-pie pie nopie nopie-08048000; do
	[ -x "$TESTPROGS/layoutcheck-$v" ] && progs="$progs layoutcheck-$v"
done
for aspace in 3g 4g 47; do
	for layout in legacy topdown; do
		for p in $progs /bin/ls; do
			prog=$p
			[ "${p#/}" = "$p" ] && prog=$TESTPROGS/$p
			rm -f "$work/p.svg"
			VMLOAD_ASLR=0 VMLOAD_ASPACE=$aspace VMLOAD_LAYOUT=$layout \
				"$VMLOAD" --map="$work/p.svg" "$prog" >/dev/null 2>&1 </dev/null
			labels="stack,text,TASK_SIZE"
			[ $aspace = 47 ] && labels="$labels,4 GiB"
			[ $aspace != 4g ] && labels="$labels,2 GiB"
			[ "$p" = /bin/ls ] && labels="$labels,libc.so.6,ld-linux-x86-64.so.2,heap"
			check "$(basename "$p") $aspace $layout: well-formed, labels" \
				"$work/p.svg" --labels "$labels"
		done
	done
done

echo "# text diagrams and where the picture goes"
out=$("$VMLOAD" --aspace=3g --map=txt "$TESTPROGS/where" 2>&1 >/dev/null)
miss=
for want in "| heap " "| stack " "| text (where)" "| libc.so.6" " 2 GiB" \
	    " TASK_SIZE" " brk ^ " " mmap_base v mmap area" "v grows down" "~~~"; do
	grep -qF -- "$want" <<<"$out" || miss="$miss '$want'"
done
if [ -z "$miss" ]; then ok "--map=txt: the diagram on stderr has its labels"
else bad "--map=txt: missing$miss"; echo "$out" | head -20 | sed 's/^/     | /'; fi

# coreutils close their stderr before exit: the diagram still comes
out=$("$VMLOAD" --aspace=3g --map=txt cat /dev/null 2>&1)
if grep -qF '| text (cat)' <<<"$out"; then
	ok "--map=txt: drawn although the program closed its stderr (cat)"
else
	bad "--map=txt: nothing on stderr after cat closed it"
fi

rm -f "$work/t.txt"
"$VMLOAD" --aspace=4g --layout=legacy --map="$work/t.txt" "$TESTPROGS/where" >/dev/null 2>&1
if grep -q '^ *0xffffe000 .* TASK_SIZE$' "$work/t.txt" 2>/dev/null &&
   grep -qF ' mmap_base ^ mmap area' "$work/t.txt" && ! grep -q '<svg' "$work/t.txt"; then
	ok "--map=FILE.txt: the text diagram in the file (4g legacy)"
else
	bad "--map=FILE.txt: no text diagram in $work/t.txt"
fi

mkdir -p "$work/start"
(cd "$work/start" && "$VMLOAD" --map /bin/sh -c 'cd /; exit 0') >/dev/null 2>&1
check "--map alone: vmload-map.svg where vmload started, not where the guest went" \
	"$work/start/vmload-map.svg" --labels "stack"

rm -f "$work/e.svg"
VMLOAD_MAP="$work/e.svg" "$VMLOAD" "$TESTPROGS/mapdump" "$work/e.maps" >/dev/null 2>&1
check "VMLOAD_MAP=FILE.svg" "$work/e.svg" --maps "$work/e.maps"

echo "# the end of a program, however it comes"
rm -f "$work/s.svg"
# (in braces: bash's "Segmentation fault" notice goes to /dev/null too)
{ "$VMLOAD" --aspace=3g --map="$work/s.svg" "$TESTPROGS/mapdump" "$work/s.maps" \
	segv; } >/dev/null 2>&1
rc=$?
if [ $rc -eq 139 ]; then ok "segv: status 139"; else bad "segv: status $rc, expected 139"; fi
check "segv: the picture is drawn at the crash" "$work/s.svg" --maps "$work/s.maps" \
	--end "killed by SIGSEGV"

rm -f "$work/k.svg"
{ "$VMLOAD" --map="$work/k.svg" /bin/sh -c 'kill -SEGV $$'; } >/dev/null 2>&1
rc=$?
[ $rc -eq 139 ] || bad "kill -SEGV: status $rc, expected 139"
check "kill -SEGV \$\$: the picture is drawn" "$work/k.svg" --labels "dash,stack" \
	--end "killed by SIGSEGV"

rm -f "$work/x.svg"
"$VMLOAD" --map="$work/x.svg" "$TESTPROGS/mapdump" "$work/x.maps" thread-exit \
	>/dev/null 2>&1
rc=$?
[ $rc -eq 3 ] || bad "exit(2) of the last thread: status $rc, expected 3"
check "exit(2) of the last thread: the picture is drawn" "$work/x.svg" \
	--maps "$work/x.maps" --end "last thread's exit status 3"

rm -f "$work/ex.svg"
"$VMLOAD" --map="$work/ex.svg" /bin/sh -c "exec '$TESTPROGS/mapdump' '$work/ex.maps'" \
	>/dev/null 2>&1
check "sh -c 'exec mapdump': the exec'd program draws under the same pid" \
	"$work/ex.svg" --maps "$work/ex.maps"

echo "# forked children do not draw"
for mode in fork-late fork-exec; do
	rm -f "$work/f.svg" "$work/f.maps" "$work/fc.maps"
	# $(...) returns once the child, which outlives its parent, has exited
	x=$("$VMLOAD" --aspace=3g --map="$work/f.svg" "$TESTPROGS/mapdump" \
		"$work/f.maps" $mode "$work/fc.maps" 2>&1)
	if [ ! -s "$work/fc.maps" ]; then
		bad "$mode: the child left no maps ($x)"
		continue
	fi
	check "$mode: the parent's picture, not the child's" "$work/f.svg" \
		--maps "$work/f.maps" --absent "$work/fc.maps"
	ls "$work"/f.svg.tmp.* >/dev/null 2>&1 && bad "$mode: a temporary file was left"
done

echo "# --compare"
rm -f "$work/c.svg"
out=$("$VMLOAD" --aspace=3g --compare="$work/c.svg" "$TESTPROGS/where" 2>&1)
rc=$?
n=$(grep -c 'code (main)' <<<"$out")
if [ $rc -eq 0 ] && [ "$n" = 2 ]; then ok "--compare: the program ran twice, status 0"
else bad "--compare: status $rc, program output seen $n times"; fi
check "--compare 3g: legacy mmap area near 1 GiB, top-down below the stack" \
	"$work/c.svg" --compare-3g --cols 2 --labels "2 GiB,TASK_SIZE,heap"

(cd "$work/start" && rm -f vmload-compare.svg &&
 "$VMLOAD" --aspace=3g --compare "$TESTPROGS/where" >/dev/null 2>&1)
check "--compare alone: vmload-compare.svg in the starting directory" \
	"$work/start/vmload-compare.svg" --cols 2

# the status is the top-down run's: grep sees an mmap area at 0xb7... only there
"$VMLOAD" --aspace=3g --compare="$work/c2.svg" /bin/sh -c \
	'if grep -q "^b7" /proc/self/maps; then exit 5; else exit 3; fi' >/dev/null 2>&1
rc=$?
if [ $rc -eq 5 ]; then ok "--compare: exit status of the top-down run (5, legacy's was 3)"
else bad "--compare: status $rc, expected the top-down run's 5"; fi

{ "$VMLOAD" --compare="$work/c3.svg" /bin/sh -c 'kill -SEGV $$'; } >/dev/null 2>&1
rc=$?
[ $rc -eq 139 ] || bad "--compare, killed: status $rc, expected 139"
check "--compare, both runs killed by SIGSEGV: both drawn" "$work/c3.svg" --cols 2 \
	--end "killed by SIGSEGV"

out=$("$VMLOAD" --aspace=3g --compare=txt "$TESTPROGS/where" 2>&1 >/dev/null)
if grep -qF 'legacy layout, 3g window' <<<"$out" &&
   grep -qF 'top-down layout, 3g window' <<<"$out" &&
   grep -qF ' mmap_base ^ mmap area' <<<"$out" && grep -qF ' mmap_base v mmap area' <<<"$out" &&
   [ "$(grep -c ' 2 GiB$' <<<"$out")" = 1 ]; then
	ok "--compare=txt: both columns on stderr, one 2 GiB line"
else
	bad "--compare=txt: columns missing"; echo "$out" | head -12 | sed 's/^/     | /'
fi

rm -f "$work/c4.svg"
"$VMLOAD" --compare="$work/c4.svg" "$work/no-such-program" >"$work/out" 2>&1
rc=$?
if [ $rc -eq 127 ] && [ ! -e "$work/c4.svg" ] && grep -q 'left no map' "$work/out"; then
	ok "--compare of a missing program: 127, no picture, a message"
else
	bad "--compare of a missing program: status $rc"; head -3 "$work/out" | sed 's/^/     | /'
fi

"$VMLOAD" --compare=pic.png /bin/true >"$work/out" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -q 'compare' "$work/out"; then ok "--compare=pic.png: usage error"
else bad "--compare=pic.png: status $rc"; fi

ls "$work"/*.maps.tmp.* "${TMPDIR:-/tmp}"/vmload-compare-*.maps.tmp.* >/dev/null 2>&1 &&
	bad "temporary files left behind"

finish
