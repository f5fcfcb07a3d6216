#!/usr/bin/env bash
# Compatibility suite, shells: a bash and a dash script (run as #! scripts, so
# vmload resolves the interpreter) with pipelines, subshells, background jobs,
# traps and signals, natively and under vmload (default, legacy, 3g).
. "$(dirname "$0")/lib.sh"

seq 1 2000 | sed 's/^/line /' >"$IN/lines.txt"

script script.bash 755 <<'EOF'
#!/bin/bash
set -o pipefail
in=$1
# pipelines and subshells
echo "pipeline: $(grep -c 7 "$in" | tr -d ' ')" 
(cd / && echo "subshell pwd: $PWD"); echo "parent pwd unchanged: $([ "$PWD" != / ] && echo yes)"
x=1; (x=2; echo "inner x=$x"); echo "outer x=$x"
echo "nested: $(echo "a $(echo "b $(echo c)")")"
# process substitution, here-doc, here-string, arrays, mapfile
diff <(sort -r "$in" | head -3) <(tail -3 "$in" | sort -r) >/dev/null && echo "procsubst: same" || echo "procsubst: differ"
mapfile -t arr < <(head -5 "$in"); echo "mapfile: ${#arr[@]} '${arr[4]}'"
declare -A assoc=([b]=2 [a]=1 [c]=3); for k in $(printf '%s\n' "${!assoc[@]}" | sort); do printf '%s=%s ' "$k" "${assoc[$k]}"; done; echo
read -r w1 w2 <<<"here string"; echo "read: $w2 $w1"
cat <<END | tr a-z A-Z
here-doc with $((6 * 7)) and $(echo cmdsub)
END
# background jobs, wait, exit statuses
for i in 3 1 2; do (sleep 0.0$i; exit $i) & pids+=($!); done
for p in "${pids[@]}"; do wait "$p"; st+=($?); done; echo "wait statuses: ${st[*]}"
( exit 7 ) || echo "subshell exit: $?"
false | true; echo "pipefail: $?"
# coprocess
coproc BC { while read -r n; do echo $((n * n)); done; }
for n in 4 5 6; do echo "$n" >&"${BC[1]}"; read -r r <&"${BC[0]}"; printf 'sq %s ' "$r"; done; echo
eval "exec ${BC[1]}>&-"; wait "$BC_PID"
# signals and traps: a child shell signalled by its parent
trap 'echo "got USR1"' USR1
kill -USR1 $$
sleep 10 & sp=$!; kill -TERM "$sp"; wait "$sp"; echo "sleep killed: $?"
bash -c 'trap "echo child TERM; exit 3" TERM; kill -TERM $$; sleep 1'; echo "child trap status: $?"
# a big pipeline through several programs
seq 1 20000 | awk '{ s += $1 } NR % 5000 == 0 { print NR, s }' | sort -rn | head -2
fd_out=$(exec 3>&1; { echo to-fd3 >&3; } 3>&1); echo "fd: $fd_out"
printf '%05.1f|%-4s|%x\n' 3.14159 ab 255
trap 'echo "EXIT trap"' EXIT
exit 5
EOF

script script.dash 755 <<'EOF'
#!/bin/dash
in=$1
f() { echo "f($1) $(echo "$1" | tr a-z A-Z)"; return 4; }
f arg; echo "f status $?"
echo "count: $(grep -c '^line 1' "$in")"
(cd /tmp && echo "subshell cd ok"); echo "after subshell: $(basename "$PWD")"
x=outer; (x=inner; echo "$x"); echo "$x"
i=0; while [ $i -lt 5 ]; do i=$((i + 1)); printf '%s ' "$i"; done; echo
head -20 "$in" | while read -r a b; do case $b in *5) echo "case hit $a $b";; esac; done
cat <<END
heredoc $((2 + 3)) $(echo sub)
END
for j in 1 2 3; do (echo "bg $j"); done | sort -r
{ echo one; echo two; } | sed 's/o/0/g'
set -- a b c; shift; echo "args: $# $*"
trap 'echo trapped HUP' HUP; kill -HUP $$
sh -c 'exit 9'; echo "child exit $?"
dash -c 'trap "echo dash child TERM; exit 2" TERM; kill -TERM $$'; echo "status $?"
v=${UNSET_VAR:-default}; echo "$v ${#v}"
seq 1 300 | sort -n | tail -1
trap 'echo bye' EXIT
exit 3
EOF

if have bash; then
	compare bash-script "$IN/script.bash" "$IN/lines.txt"
	compare bash-c bash -c 'for i in $(seq 4); do (echo $((i * i)); exit $i) | cat; done; echo "${PIPESTATUS[@]}"; x=$(bash -c "echo deep; exit 2"); echo "$x $?"'
	STDIN=$IN/script.bash compare bash-stdin bash -s -- "$IN/lines.txt"
fi
if SKIPNAME=dash have dash; then
	compare dash-script "$IN/script.dash" "$IN/lines.txt"
	# the wait builtin: dash blocks SIGCHLD and waits in sigsuspend for its
	# handler (natively a few milliseconds; a short timeout bounds a hang)
	COMPAT_TIMEOUT=5 compare dash-wait dash -c '(exit 3) & wait $!; echo "status $?"; true & wait; echo done'
	compare dash-c dash -c 'echo $(echo nested $(echo deep)) | tr a-z A-Z; (exit 6); echo $?; a=$(dash -c "echo x; exit 1") || echo "failed: $a"'
fi

finish
