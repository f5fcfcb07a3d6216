#!/usr/bin/env bash
# Compatibility suite, build tools: gcc, as and ld run separately, a static
# and a shared-library build, make -j2 on a small multi-file project with a
# sub-make, and git in a temporary repository with a fixed identity and fixed
# dates, natively and under vmload (default, legacy, 3g). Everything a build
# writes is hashed: a build under vmload must produce the same bytes.
. "$(dirname "$0")/lib.sh"

# --- sources -----------------------------------------------------------------
mkdir -p "$IN/c"
cat >"$IN/c/main.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int sq(int);
static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
int main(int argc, char **argv)
{
	int v[64];
	for (int i = 0; i < 64; i++)
		v[i] = sq((i * 37) % 64 - 32);
	qsort(v, 64, sizeof v[0], cmp);
	char *s = malloc(1 << 20);
	memset(s, 'a', (1 << 20) - 1);
	s[(1 << 20) - 1] = 0;
	printf("argc %d min %d max %d len %zu\n", argc, v[0], v[63], strlen(s));
	free(s);
	return v[63] % 7;
}
EOF
printf 'int sq(int x) { return x * x; }\n' >"$IN/c/sq.c"
# a program of its own, no libc: write(2) and exit(2) by hand
cat >"$IN/c/start.s" <<'EOF'
	.globl _start
	.text
_start:
	mov $1, %eax
	mov $1, %edi
	lea msg(%rip), %rsi
	mov $len, %edx
	syscall
	mov $60, %eax
	mov $7, %edi
	syscall
	.data
msg:	.ascii "hello from as and ld\n"
	len = . - msg
EOF

# a make project: a generated header, objects in two directories, a static
# library built by a sub-make (the jobserver crosses the exec)
M=$IN/proj
mkdir -p "$M/src" "$M/lib"
cat >"$M/Makefile" <<'EOF'
CFLAGS = -O2 -Wall -Ilib -I.
OBJS = src/main.o src/a.o src/b.o src/c.o
app: $(OBJS) lib/libutil.a
	$(CC) -o $@ $(OBJS) lib/libutil.a
$(OBJS): gen.h lib/util.h
gen.h: Makefile
	printf '#define GREETING "built by make"\n#define NFILES %d\n' $(words $(OBJS)) >$@
lib/libutil.a: FORCE
	$(MAKE) -C lib
FORCE:
clean:
	rm -f app $(OBJS) gen.h
	$(MAKE) -C lib clean
.PHONY: FORCE clean
EOF
cat >"$M/lib/Makefile" <<'EOF'
CFLAGS = -O2 -Wall
libutil.a: u1.o u2.o u3.o
	$(AR) rcD $@ $^
clean:
	rm -f libutil.a *.o
EOF
printf 'int u1(int);\nint u2(int);\nint u3(int);\n' >"$M/lib/util.h"
for i in 1 2 3; do printf 'int u%d(int x) { return x * %d + %d; }\n' $i $((i + 1)) $i >"$M/lib/u$i.c"; done
for f in a b c; do printf '#include "util.h"\nint f%s(int x) { return u1(x) + u2(x) - u3(x) + %d; }\n' $f "'$f'" >"$M/src/$f.c"; done
cat >"$M/src/main.c" <<'EOF'
#include <stdio.h>
#include "gen.h"
int fa(int), fb(int), fc(int);
int main(void)
{
	printf("%s: %d files, %d %d %d\n", GREETING, NFILES, fa(1), fb(2), fc(3));
	return 0;
}
EOF

if SKIPNAME="gcc + as + ld" have gcc as ld; then
	# compile, assemble and link as separate steps; the link by ld itself
	compare gcc-as-ld bash -c '
c=$1
gcc -O2 -S "$c/main.c" -o main.s && gcc -O2 -S "$c/sq.c" -o sq.s &&
as main.s -o main.o && as sq.s -o sq.o &&
crt() { gcc -print-file-name="$1"; }
ld -o prog -pie -z relro -z now --hash-style=gnu --build-id --eh-frame-hdr \
	-dynamic-linker /lib64/ld-linux-x86-64.so.2 "$(crt Scrt1.o)" "$(crt crti.o)" "$(crt crtbeginS.o)" \
	main.o sq.o -L"$(dirname "$(crt libc.so)")" -lc "$(crt crtendS.o)" "$(crt crtn.o)" &&
./prog one two; echo "prog status $?"
sha256sum main.s sq.s main.o sq.o prog
as "$c/start.s" -o start.o && ld -o start start.o && ./start; echo "start status $?"
sha256sum start.o start' _ "$IN/c"
	# the C driver whole: a static library, a shared one with an rpath,
	# and static, static-pie and non-PIE executables (ET_EXEC at its link
	# address under vmload)
	compare gcc-driver bash -c '
c=$1
gcc -O2 -c "$c/sq.c" -o sq.o && ar rcD libsq.a sq.o && gcc -O2 "$c/main.c" -L. -lsq -o p-archive && ./p-archive
gcc -O2 -fPIC -shared "$c/sq.c" -o libsq.so && gcc -O2 "$c/main.c" -L. -lsq -Wl,-rpath,\$ORIGIN -o p-shared && ./p-shared x
gcc -O2 -no-pie "$c/main.c" "$c/sq.c" -o p-nopie && ./p-nopie x y
gcc -O2 -static "$c/main.c" "$c/sq.c" -o p-static && ./p-static
gcc -O2 -static-pie "$c/main.c" "$c/sq.c" -o p-static-pie && ./p-static-pie; echo "status $?"
sha256sum sq.o libsq.a libsq.so p-archive p-shared p-nopie p-static p-static-pie
readelf -h p-static | grep -E "Type|Entry"; nm -D libsq.so | grep sq' _ "$IN/c"
fi

if have make; then
	# -j2 and -s: the order of the commands is not fixed, only their result;
	# then an incremental rebuild after touching one library source
	compare make-j2 bash -c '
cp -R "$1" proj && cd proj &&
make -j2 -s --no-print-directory && ./app &&
sha256sum app gen.h src/*.o lib/*.o lib/libutil.a &&
make -q app; echo "up to date: $?" &&
touch lib/u2.c && make -j2 --no-print-directory &&
make -s clean && ls -A . src lib' _ "$M"
fi

if have git; then
	compare git bash -c '
set -e
git init -q -b main repo && cd repo
printf "one\ntwo\nthree\n" >file.txt && mkdir sub && seq 1 200 >sub/numbers
git add . && git commit -qm "first commit"
sed -i s/two/TWO/ file.txt && seq 50 250 >sub/numbers && echo new >new.txt
git add -A && git commit -qm "second: edit and add"
git checkout -qb feature HEAD~1 && echo feature >feature.txt && git add feature.txt && git commit -qm "on a branch"
git checkout -q main && git merge -q --no-ff -m "merge feature" feature
git log --graph --format="%h %an <%ae> %ad %s" --date=iso-strict
git diff HEAD~2 HEAD --stat && git diff HEAD~2 HEAD -- file.txt
git show --format="%H %T %P" --name-status HEAD~1
git tag -a v1 -m "tag v1" && git describe
git status --porcelain=v2 --branch
git repack -adq && git count-objects -v | grep -v size && git fsck --strict 2>&1
git archive --format=tar --prefix=r/ HEAD | sha256sum
git rev-list --all --objects | sort | sha256sum
git cat-file -p HEAD^{tree}
git grep -n TWO; git blame --porcelain file.txt | grep -E "^(author-time|summary)" | sort | uniq -c
git clone -q --no-local . ../clone && git -C ../clone log --oneline | wc -l
git checkout -q feature 2>/dev/null; git log -1 --oneline; git rev-parse HEAD:feature.txt
git config --get-regexp "^core\." | sort'
fi

finish
