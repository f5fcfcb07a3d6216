#!/usr/bin/env bash
# Compatibility suite, coreutils: ls, sort, sha256sum, tar of a directory,
# /proc/self/status and a pipeline of the small tools, natively and under
# vmload (default, legacy, 3g).
. "$(dirname "$0")/lib.sh"

# a fixed directory tree: files of several sizes, a symlink, an empty dir
T=$IN/tree
mkdir -p "$T/src/lib" "$T/doc" "$T/empty"
seq 1 5000 >"$T/src/numbers.txt"
printf 'alpha\nbeta\ngamma\n' >"$T/doc/README"
printf '#include <stdio.h>\nint main(void) { return 0; }\n' >"$T/src/main.c"
head -c 70000 /dev/zero | tr '\0' 'z' >"$T/src/lib/zeds"
: >"$T/doc/empty-file"
ln -s ../doc/README "$T/src/readme-link"
chmod 640 "$T/doc/README"; chmod 755 "$T/src/main.c"
touch -h -d @1000000000 "$T" "$T"/* "$T"/*/* "$T"/*/*/*
# sort input: 100000 "word,number,number" lines in a scrambled fixed order
seq 1 100000 | awk '{ n = ($1 * 7919) % 100003; printf "w%05d,%d,%d\n", n % 977, n, $1 % 13 }' >"$IN/sortme.csv"

if have ls; then
	compare ls-tree ls -lRn --time-style=+%s "$T"
	compare ls-sorts bash -c 'ls -1S "$1"/src; ls -1rt "$1"/doc; ls -AF "$1"/src; ls -d "$1"/*/' _ "$T"
fi
if have sort; then
	compare sort-keys sort -t, -k2,2n -k1,1 "$IN/sortme.csv"
	compare sort-unique bash -c 'sort -u -t, -k1,1 "$1" | head -50; sort -t, -k3,3n -k2,2nr "$1" | tail -20' _ "$IN/sortme.csv"
	# a 64 KiB buffer and two threads: merges through temporary files in TMPDIR
	compare sort-tempfiles-threads bash -c 'sort --parallel=2 -S 64K -t, -k2,2n "$1" | sha256sum; ls -A "$TMPDIR" | wc -l' _ "$IN/sortme.csv"
fi
if have sha256sum; then
	compare sha256sum bash -c 'cd "$1" && sha256sum src/numbers.txt src/lib/zeds doc/README doc/empty-file | tee sums >/dev/null; cat sums; sha256sum -c sums' _ "$T"
fi
if have tar; then
	compare tar-create bash -c 'tar -C "$1" -cf - --sort=name --numeric-owner --owner=0 --group=0 . | sha256sum' _ "$T"
	compare tar-list bash -c 'tar -C "$1" -cf t.tar --sort=name --numeric-owner --owner=0 --group=0 . && tar -tvf t.tar --full-time' _ "$T"
	compare tar-roundtrip bash -c 'tar -C "$1" -cf - --sort=name . | (mkdir x && tar -C x -xpf -) && diff -r --no-dereference "$1" x && echo identical; tar -C "$1" -czf t.tgz --sort=name --mtime=@0 --owner=0 --group=0 . && gzip -dc t.tgz | tar -tf - | sort' _ "$T"
fi
if have cat; then
	# lines that are the same natively: not the VmSize/VmRSS/... family
	# (vmload reserves the whole guest window, so those differ by design),
	# nor Pid/Tgid/PPid, nor Seccomp/NoNewPrivs/SigCgt (vmload traps system
	# calls through a seccomp filter and a signal handler)
	keep='^(Name|Umask|State|Uid|Gid|FDSize|Groups|Threads|SigPnd|ShdPnd|SigBlk|SigIgn|CapInh|CapPrm|CapEff|CapBnd|CapAmb|Cpus_allowed_list|Mems_allowed_list):'
	compare proc-self-status bash -c 'cat /proc/self/status | grep -E "$1"' _ "$keep"
	compare proc-self-status-direct-cat bash -c '"$1" /proc/self/status >st; grep -E "$2" st' _ "$(command -v cat)" "$keep"
	compare proc-self-misc bash -c 'cat /proc/self/comm; cat /proc/self/cmdline | tr "\0" " "; echo; readlink /proc/self/exe; cat /proc/self/limits | grep -E "^Max (open files|stack size)"'
	# not compared: /proc/self/cmdline opened by the shell and read by the
	# program it then execs (the kernel renders it at read time, vmload at
	# open time, as for /proc/self/maps; the README says so)
fi
compare coreutils-pipeline bash -c 'cut -d, -f1 "$1" | sort | uniq -c | sort -k1,1nr -k2 | head -5
tr a-z A-Z <"$1" | head -3; wc "$1"; od -An -tx1 -N16 "$1"; head -c 100 "$1" | base64
split -n l/3 "$1" part. && wc -l part.* && cat part.* | cmp - "$1" && echo rejoined
seq 10 | paste -sd, ; seq 5 | tac | nl; printf "b 2\na 1\n" | join - <(printf "a x\nb y\n" | sort)
date -u -d @1000000000 "+%F %T %s"; stat -c "%n %s %a %F" "$2"/src/* | sort; du -ab "$2"/doc | sort -k2
cp -a "$2" copy && find copy -printf "%P %y %m\n" | sort; expr 6 \* 7; factor 1234567890' _ "$IN/sortme.csv" "$T"

finish
