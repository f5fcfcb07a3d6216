/*
 * mmdiff.c - a seeded random walk through the memory system calls, valid and
 * invalid, printing every result (address or -errno) and, from time to time,
 * /proc/self/maps. Run natively under setarch -R and under vmload with
 * VMLOAD_ASLR=0: the outputs must be identical, address for address.
 *
 * Only raw system calls and static buffers: no allocation between opening
 * /proc/self/maps and reading it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PG 4096UL
#define MAXR 48

static char out[1 << 16];
static size_t outlen;
static uint64_t rs = 0x2545F4914F6CDD1DULL;
static struct { uintptr_t a; size_t len; int prot; } reg[MAXR];
static int nreg, filefd;

static uint64_t rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return rs;
}

static void flush(void)
{
	if (write(1, out, outlen) < 0)
		_exit(2);
	outlen = 0;
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	if (outlen > sizeof out - 512)
		flush();
	va_start(ap, fmt);
	outlen += (size_t)vsnprintf(out + outlen, sizeof out - outlen, fmt, ap);
	va_end(ap);
}

static long sys(long nr, long a, long b, long c, long d, long e, long f)
{
	long r = syscall(nr, a, b, c, d, e, f);

	return r == -1 ? -errno : r;
}

static void dump_maps(void)
{
	static char buf[1 << 17];
	int fd = open("/proc/self/maps", O_RDONLY);
	long n, got = 0;
	char *line, *save;

	while ((n = read(fd, buf + got, sizeof buf - 1 - (size_t)got)) > 0)
		got += n;
	close(fd);
	buf[got] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (!strstr(line, "[stack]") && !strstr(line, "[vsyscall]"))
			say("  %s\n", line);
}

static int pick_prot(void)
{
	static const int p[] = { PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE,
				 PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE };

	return p[rnd() % 5];
}

static void add(uintptr_t a, size_t len, int prot)
{
	if (nreg < MAXR) {
		reg[nreg].a = a;
		reg[nreg].len = len;
		reg[nreg].prot = prot;
		nreg++;
	} else {
		sys(SYS_munmap, (long)a, (long)len, 0, 0, 0, 0);
	}
}

static void drop(int i)
{
	reg[i] = reg[--nreg];
}

static void op_map(void)
{
	static const size_t lens[] = { 1, 2, 3, 16, 512, 1024, 7 };
	size_t len = lens[rnd() % 7] * PG;
	int prot = pick_prot(), flags = MAP_PRIVATE | MAP_ANONYMOUS, fd = -1;
	uintptr_t hint = 0;
	long off = 0, r;

	switch (rnd() % 8) {
	case 0: flags |= MAP_NORESERVE; break;
	case 1: flags = MAP_SHARED | MAP_ANONYMOUS; break;
	case 2: flags = (rnd() & 1 ? MAP_SHARED : MAP_PRIVATE); fd = filefd;
		off = (long)(rnd() % 8) * (long)PG; len = (1 + rnd() % 8) * PG;
		if (flags == MAP_SHARED && (prot & PROT_WRITE)) prot = PROT_READ;
		break;
	case 3: hint = 0x10000000UL * (1 + rnd() % 6); break;
	case 4: if (nreg) hint = reg[rnd() % nreg].a + PG * (rnd() % 4); break;
	case 5: flags |= MAP_32BIT; break;
	case 6: flags |= rnd() & 1 ? MAP_GROWSDOWN : MAP_POPULATE; break;
	default: break;
	}
	r = sys(SYS_mmap, (long)hint, (long)len, prot, flags, fd, off);
	say("mmap(%#lx, %#zx, %d, %#x, %d, %#lx) = %#lx\n", hint, len, prot,
	    flags, fd, off, r);
	if (r > 0)
		add((uintptr_t)r, len, prot);
}

static void op_unmap(void)
{
	int i = (int)(rnd() % (unsigned)nreg);
	size_t half = (reg[i].len / PG / 2) * PG;
	long r;

	if (half && rnd() % 3 == 0) { /* the upper half goes */
		r = sys(SYS_munmap, (long)(reg[i].a + half), (long)(reg[i].len - half), 0, 0, 0, 0);
		say("munmap(upper half of %#lx) = %ld\n", reg[i].a, r);
		reg[i].len = half;
		return;
	}
	r = sys(SYS_munmap, (long)reg[i].a, (long)reg[i].len, 0, 0, 0, 0);
	say("munmap(%#lx, %#zx) = %ld\n", reg[i].a, reg[i].len, r);
	drop(i);
}

static void op_protect(void)
{
	int i = (int)(rnd() % (unsigned)nreg), prot = pick_prot();
	size_t pages = reg[i].len / PG, skip = pages > 1 ? rnd() % pages : 0;
	long r = sys(SYS_mprotect, (long)(reg[i].a + skip * PG),
		     (long)((pages - skip) * PG), prot, 0, 0, 0);

	say("mprotect(%#lx+%zu pages, %d) = %ld\n", reg[i].a, skip, prot, r);
	/* a partly changed region is never written again */
	reg[i].prot = skip ? PROT_NONE : prot;
}

static void op_remap(void)
{
	int i = (int)(rnd() % (unsigned)nreg);
	size_t nl = (1 + rnd() % 24) * PG;
	int flags = rnd() % 3 ? MREMAP_MAYMOVE : 0;
	long r = sys(SYS_mremap, (long)reg[i].a, (long)reg[i].len, (long)nl, flags, 0, 0);

	say("mremap(%#lx, %#zx, %#zx, %d) = %#lx\n", reg[i].a, reg[i].len, nl,
	    flags, r);
	if (r > 0) {
		reg[i].a = (uintptr_t)r;
		reg[i].len = nl;
	}
}

static void op_dontneed(void)
{
	int i = (int)(rnd() % (unsigned)nreg);
	long r;

	if ((reg[i].prot & (PROT_READ | PROT_WRITE)) == (PROT_READ | PROT_WRITE)) {
		volatile char *p = (volatile char *)reg[i].a;

		p[0] = 'x';
	}
	r = sys(SYS_madvise, (long)reg[i].a, (long)PG, MADV_DONTNEED, 0, 0, 0);
	say("madvise(%#lx, DONTNEED) = %ld\n", reg[i].a, r);
}

static void op_brk(void)
{
	static long cur;
	long d = ((long)(rnd() % 64) - 24) * (long)PG + (long)(rnd() % 100);

	if (!cur)
		cur = sys(SYS_brk, 0, 0, 0, 0, 0, 0);
	cur = sys(SYS_brk, cur + d, 0, 0, 0, 0, 0);
	say("brk(+%ld) = %#lx\n", d, cur);
}

static void op_invalid(void)
{
	uintptr_t some = nreg ? reg[0].a : 0x10000000;

	switch (rnd() % 12) {
	case 0: say("mmap len 0 = %ld\n", sys(SYS_mmap, 0, 0, 3, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)); break;
	case 1: say("mmap fixed unaligned = %ld\n", sys(SYS_mmap, 0x10000123, PG, 3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)); break;
	case 2: say("munmap unaligned = %ld\n", sys(SYS_munmap, (long)some + 1, (long)PG, 0, 0, 0, 0)); break;
	case 3: say("mprotect bad prot = %ld\n", sys(SYS_mprotect, (long)some, (long)PG, 0x100, 0, 0, 0)); break;
	case 4: say("mremap bad flags = %ld\n", sys(SYS_mremap, (long)some, (long)PG, (long)PG, 0x80, 0, 0)); break;
	case 5: say("madvise bad advice = %ld\n", sys(SYS_madvise, (long)some, (long)PG, 999, 0, 0, 0)); break;
	case 6: say("mmap bad fd = %ld\n", sys(SYS_mmap, 0, (long)PG, 1, MAP_PRIVATE, 1000, 0)); break;
	case 7: say("mmap huge = %ld\n", sys(SYS_mmap, 0, 1L << 47, 3, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)); break;
	case 8: say("noreplace over = %ld\n", sys(SYS_mmap, (long)some, (long)PG, 3, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0)); break;
	case 9: say("mincore unmapped = %ld\n", sys(SYS_mincore, 0x1000, (long)PG, (long)out, 0, 0, 0)); break;
	case 10: say("msync unmapped = %ld\n", sys(SYS_msync, 0x2000, (long)PG, MS_SYNC, 0, 0, 0)); break;
	default: say("mprotect hole = %ld\n", sys(SYS_mprotect, 0x3000, 2 * (long)PG, 1, 0, 0, 0)); break;
	}
}

int main(int argc, char **argv)
{
	char path[] = "/tmp/mmdiffXXXXXX";
	static char page[PG * 16];
	int steps = argc > 1 ? atoi(argv[1]) : 3000;

	filefd = mkstemp(path);
	unlink(path);
	memset(page, 'f', sizeof page);
	if (filefd < 0 || write(filefd, page, sizeof page) != (long)sizeof page)
		return 2;
	for (int s = 0; s < steps; s++) {
		unsigned op = (unsigned)(rnd() % 10);

		if (op < 3 || nreg == 0)
			op_map();
		else if (op == 3)
			op_unmap();
		else if (op == 4)
			op_protect();
		else if (op == 5)
			op_remap();
		else if (op == 6)
			op_dontneed();
		else if (op == 7)
			op_brk();
		else
			op_invalid();
		if (s % 500 == 499)
			dump_maps();
	}
	dump_maps();
	flush();
	return 0;
}
