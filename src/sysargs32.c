/*
 * sysargs32.c - i386 system call argument memory (see sysargs32.h).
 * Async-signal-safe zone: no libc, no errno, no allocation; guest words are
 * read with pager_copy_in.
 *
 * A table indexed by i386 number lists up to four descriptors, as
 * sysargs.c does for x86-64; calls whose layout depends on another
 * argument (ioctl, fcntl, iovec arrays, select, poll, futex, socket
 * address lengths, prctl) have a small function. Sizes are the compat
 * ones: struct stat64 96, compat statfs 64, statfs64 84, compat rusage 72,
 * compat timeval/timespec 8, __kernel_timespec 16, compat iovec 8. Preparing
 * more than the kernel touches is harmless; less is the bug.
 */
#include "sysargs32.h"

#include <linux/errno.h>
#include <stddef.h>
#include <stdint.h>

#include "pager.h"

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

enum kind { K_NONE, K_R, K_W, K_RF, K_WF, K_S, K_PIN, K_FN };

struct desc {
	uint8_t kind;
	uint8_t arg;		/* which argument holds the pointer */
	uint16_t len;		/* K_R/K_W: argument holding the length;
				   K_RF/K_WF/K_PIN: the size in bytes */
};

struct entry {
	short nr;
	struct desc d[4];
};

#define R(a, l) { K_R, a, l }
#define W(a, l) { K_W, a, l }
#define RF(a, n) { K_RF, a, n }
#define WF(a, n) { K_WF, a, n }
#define S(a) { K_S, a, 0 }
#define PIN(a, n) { K_PIN, a, n }
#define FN { K_FN, 0, 0 }

#define STAT64 96
#define STATFS 64
#define STATFS64 84
#define RUSAGE 72
#define TV 8		/* compat timeval / old timespec */
#define TS64 16		/* __kernel_timespec */
#define SOCKADDR 128
#define PATHCAP 4096

/* Sorted by number. */
static const struct entry table[] = {
	{ 3, { W(1, 2) } },			/* read */
	{ 4, { R(1, 2) } },			/* write */
	{ 7, { WF(1, 4) } },			/* waitpid */
	{ 8, { S(0) } },			/* creat */
	{ 9, { S(0), S(1) } },			/* link */
	{ 10, { S(0) } },			/* unlink */
	{ 12, { S(0) } },			/* chdir */
	{ 13, { WF(0, 4) } },			/* time */
	{ 14, { S(0) } },			/* mknod */
	{ 15, { S(0) } },			/* chmod */
	{ 21, { S(0), S(1), S(2) } },		/* mount */
	{ 30, { S(0), RF(1, 8) } },		/* utime */
	{ 33, { S(0) } },			/* access */
	{ 38, { S(0), S(1) } },			/* rename */
	{ 39, { S(0) } },			/* mkdir */
	{ 40, { S(0) } },			/* rmdir */
	{ 42, { WF(0, 8) } },			/* pipe */
	{ 43, { WF(0, 16) } },			/* times */
	{ 51, { S(0) } },			/* acct */
	{ 54, { FN } },				/* ioctl */
	{ 55, { FN } },				/* fcntl */
	{ 61, { S(0) } },			/* chroot */
	{ 75, { RF(1, 8) } },			/* setrlimit */
	{ 76, { WF(1, 8) } },			/* getrlimit */
	{ 77, { WF(1, RUSAGE) } },		/* getrusage */
	{ 78, { WF(0, TV), WF(1, 8) } },	/* gettimeofday */
	{ 79, { RF(0, TV), RF(1, 8) } },	/* settimeofday */
	{ 80, { WF(1, 0) } },			/* getgroups16: FN below */
	{ 83, { S(0), S(1) } },			/* symlink */
	{ 92, { S(0) } },			/* truncate */
	{ 99, { S(0), WF(1, STATFS) } },	/* statfs */
	{ 100, { WF(1, STATFS) } },		/* fstatfs */
	{ 104, { RF(1, 16), WF(2, 16) } },	/* setitimer */
	{ 105, { WF(1, 16) } },			/* getitimer */
	{ 106, { S(0), WF(1, 64) } },		/* stat */
	{ 107, { S(0), WF(1, 64) } },		/* lstat */
	{ 108, { WF(1, 64) } },			/* fstat */
	{ 114, { WF(1, 4), WF(3, RUSAGE) } },	/* wait4 */
	{ 116, { WF(0, 64) } },			/* sysinfo */
	{ 122, { WF(0, 390) } },		/* uname */
	{ 140, { WF(3, 8) } },			/* _llseek */
	{ 141, { W(1, 2) } },			/* getdents */
	{ 142, { FN } },			/* _newselect */
	{ 145, { FN } },			/* readv */
	{ 146, { FN } },			/* writev */
	{ 162, { RF(0, TV), WF(1, TV) } },	/* nanosleep */
	{ 168, { FN } },			/* poll */
	{ 172, { FN } },			/* prctl */
	{ 176, { WF(0, 8) } },			/* rt_sigpending */
	{ 177, { RF(0, 8), WF(1, 128), RF(2, TV) } }, /* rt_sigtimedwait */
	{ 179, { RF(0, 8) } },			/* rt_sigsuspend */
	{ 180, { W(1, 2) } },			/* pread64 */
	{ 181, { R(1, 2) } },			/* pwrite64 */
	{ 183, { W(0, 1) } },			/* getcwd */
	{ 187, { WF(2, 8) } },			/* sendfile */
	{ 191, { WF(1, 8) } },			/* ugetrlimit */
	{ 193, { S(0) } },			/* truncate64 */
	{ 195, { S(0), WF(1, STAT64) } },	/* stat64 */
	{ 196, { S(0), WF(1, STAT64) } },	/* lstat64 */
	{ 197, { WF(1, STAT64) } },		/* fstat64 */
	{ 198, { S(0) } },			/* lchown32 */
	{ 205, { FN } },			/* getgroups32 */
	{ 209, { WF(0, 4), WF(1, 4), WF(2, 4) } }, /* getresuid32 */
	{ 211, { WF(0, 4), WF(1, 4), WF(2, 4) } }, /* getresgid32 */
	{ 212, { S(0) } },			/* chown32 */
	{ 220, { W(1, 2) } },			/* getdents64 */
	{ 221, { FN } },			/* fcntl64 */
	{ 239, { WF(2, 8) } },			/* sendfile64 */
	{ 240, { FN } },			/* futex */
	{ 242, { W(2, 1) } },			/* sched_getaffinity */
	{ 243, { WF(0, 16) } },			/* set_thread_area */
	{ 244, { WF(0, 16) } },			/* get_thread_area */
	{ 258, { PIN(0, 4) } },			/* set_tid_address */
	{ 265, { WF(1, TV) } },			/* clock_gettime */
	{ 266, { WF(1, TV) } },			/* clock_getres */
	{ 267, { RF(2, TV), WF(3, TV) } },	/* clock_nanosleep */
	{ 268, { S(0), W(2, 1) } },		/* statfs64 */
	{ 269, { W(2, 1) } },			/* fstatfs64 */
	{ 271, { S(0), RF(1, 16) } },		/* utimes */
	{ 296, { S(1) } },			/* mkdirat */
	{ 297, { S(1) } },			/* mknodat */
	{ 298, { S(1) } },			/* fchownat */
	{ 299, { S(1), RF(2, 16) } },		/* futimesat */
	{ 300, { S(1), WF(2, STAT64) } },	/* fstatat64 */
	{ 301, { S(1) } },			/* unlinkat */
	{ 302, { S(1), S(3) } },		/* renameat */
	{ 303, { S(1), S(3) } },		/* linkat */
	{ 304, { S(0), S(2) } },		/* symlinkat */
	{ 306, { S(1) } },			/* fchmodat */
	{ 307, { S(1) } },			/* faccessat */
	{ 311, { PIN(0, 12) } },		/* set_robust_list */
	{ 320, { S(1), RF(2, 16) } },		/* utimensat */
	{ 331, { WF(0, 8) } },			/* pipe2 */
	{ 340, { RF(2, 16), WF(3, 16) } },	/* prlimit64 */
	{ 353, { S(1), S(3) } },		/* renameat2 */
	{ 355, { W(0, 1) } },			/* getrandom */
	{ 356, { S(0) } },			/* memfd_create */
	{ 360, { WF(3, 8) } },			/* socketpair */
	{ 361, { R(1, 2) } },			/* bind */
	{ 362, { R(1, 2) } },			/* connect */
	{ 364, { WF(1, SOCKADDR), WF(2, 4) } },	/* accept4 */
	{ 365, { W(3, 4), WF(4, 4) } },		/* getsockopt: FN below */
	{ 366, { R(3, 4) } },			/* setsockopt */
	{ 367, { WF(1, SOCKADDR), WF(2, 4) } },	/* getsockname */
	{ 368, { WF(1, SOCKADDR), WF(2, 4) } },	/* getpeername */
	{ 369, { R(1, 2), R(4, 5) } },		/* sendto */
	{ 371, { W(1, 2), WF(4, SOCKADDR), WF(5, 4) } }, /* recvfrom */
	{ 383, { S(1), WF(4, 256) } },		/* statx */
	{ 403, { WF(1, TS64) } },		/* clock_gettime64 */
	{ 406, { WF(1, TS64) } },		/* clock_getres_time64 */
	{ 407, { RF(2, TS64), WF(3, TS64) } },	/* clock_nanosleep_time64 */
	{ 412, { S(1), RF(2, 2 * TS64) } },	/* utimensat_time64 */
	{ 414, { FN } },			/* ppoll_time64 */
	{ 417, { RF(0, 8), WF(1, 128), RF(2, TS64) } }, /* rt_sigtimedwait_time64 */
	{ 439, { S(1) } },			/* faccessat2 */
};

static const struct entry *lookup(long nr)
{
	size_t lo = 0, hi = NELEM(table);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (table[mid].nr == nr)
			return &table[mid];
		if (table[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int sysargs32_numbers(int *nrs, int max)
{
	for (size_t i = 0; i < NELEM(table) && (int)i < max; i++)
		nrs[i] = table[i].nr;
	return (int)NELEM(table);
}

static void prep(uint32_t p, uint32_t len, int write)
{
	if (p && len)
		pager_prepare(p, len, write);
}

static uint32_t word(uint32_t p)
{
	uint32_t v = 0;

	if (p && pager_copy_in(&v, p, sizeof v) < 0)
		return 0;
	return v;
}

/* readv/writev (and preadv): compat iovecs, base and length 4 bytes each */
static void prep_iov(uint32_t iov, uint32_t n, int write)
{
	uint32_t v[2 * 64];

	if (n > 1024)
		return;
	for (uint32_t done = 0; done < n; done += 64) {
		uint32_t k = n - done < 64 ? n - done : 64;

		if (pager_copy_in(v, iov + done * 8, k * 8) < 0)
			return;
		for (uint32_t i = 0; i < k; i++)
			prep(v[2 * i], v[2 * i + 1], write);
	}
}

/* _IOC direction and size, as the generic ioctl decoding gives them */
static void prep_ioctl(const long *a)
{
	uint32_t cmd = (uint32_t)a[1], p = (uint32_t)a[2];
	uint32_t dir = cmd >> 30, size = (cmd >> 16) & 0x3fff;

	switch (cmd) {
	case 0x5401: prep(p, 60, 1); return;	/* TCGETS: termios */
	case 0x5402: case 0x5403: case 0x5404:	/* TCSETS* */
		prep(p, 60, 0); return;
	case 0x5413: prep(p, 8, 1); return;	/* TIOCGWINSZ */
	case 0x5414: prep(p, 8, 0); return;	/* TIOCSWINSZ */
	case 0x540f: case 0x541b: case 0x5429:	/* TIOCGPGRP, FIONREAD, TIOCGSID */
		prep(p, 4, 1); return;
	case 0x5410: case 0x5421:		/* TIOCSPGRP, FIONBIO */
		prep(p, 4, 0); return;
	default:
		break;
	}
	if (dir && size)
		prep(p, size, 1);
}

/* fcntl commands with a struct: locks (compat flock 16, flock64 24),
 * owner_ex 8, rw hints 8; prepared at the largest */
static void prep_fcntl(const long *a)
{
	switch ((uint32_t)a[1]) {
	case 5: case 6: case 7: case 12: case 13: case 14:
	case 15: case 16: case 36: case 37: case 38: case 1035: case 1036:
		prep((uint32_t)a[2], 32, 1);
		break;
	default:
		break;
	}
}

static void prep_select(const long *a)
{
	int32_t n = (int32_t)a[0];
	uint32_t bytes;

	if (n < 0 || n > (1 << 20))
		return;
	bytes = (((uint32_t)n + 31) / 32) * 4;
	for (int i = 1; i <= 3; i++)
		prep((uint32_t)a[i], bytes, 1);
	prep((uint32_t)a[4], TV, 1);
}

static void prep_futex(const long *a)
{
	uint32_t op = (uint32_t)a[1] & 0x7f;

	prep((uint32_t)a[0], 4, 1);
	if (op == 0 || op == 9)		/* WAIT, WAIT_BITSET: a timeout */
		prep((uint32_t)a[3], TV, 0);
	if (op == 3 || op == 4 || op == 5 || op == 11 || op == 12)
		prep((uint32_t)a[4], 4, 1);	/* a second word */
}

static void prep_fn(long nr, const long *a)
{
	switch (nr) {
	case 54: prep_ioctl(a); break;
	case 55: case 221: prep_fcntl(a); break;
	case 142: prep_select(a); break;
	case 145: prep_iov((uint32_t)a[1], (uint32_t)a[2], 1); break;
	case 146: prep_iov((uint32_t)a[1], (uint32_t)a[2], 0); break;
	case 168: prep((uint32_t)a[0], (uint32_t)a[1] * 8, 1); break;
	case 414:
		prep((uint32_t)a[0], (uint32_t)a[1] * 8, 1);
		prep((uint32_t)a[2], TS64, 0);
		prep((uint32_t)a[3], 8, 0);
		break;
	case 172:	/* prctl PR_SET_NAME / PR_GET_NAME: 16 bytes */
		if (a[0] == 15 || a[0] == 16)
			prep((uint32_t)a[1], 16, a[0] == 16);
		break;
	case 205:	/* getgroups32: n gid_t */
		if ((int32_t)a[0] > 0)
			prep((uint32_t)a[1], (uint32_t)a[0] * 4, 1);
		break;
	case 240: prep_futex(a); break;
	default: break;
	}
}

static void prep_desc(long nr, const struct desc *d, const long *a)
{
	uint32_t p = (uint32_t)a[d->arg];

	switch (d->kind) {
	case K_R: prep(p, (uint32_t)a[d->len], 0); break;
	case K_W: prep(p, (uint32_t)a[d->len], 1); break;
	case K_RF: prep(p, d->len, 0); break;
	case K_WF: prep(p, d->len, 1); break;
	case K_S: if (p) pager_prepare_str(p, PATHCAP); break;
	case K_PIN: if (p) pager_pin(p, d->len); break;
	case K_FN: prep_fn(nr, a); break;
	default: break;
	}
}

int sysargs32_prepare(long nr, const long *a)
{
	const struct entry *e = lookup(nr);

	if (!e)
		return -ENOSYS;
	if (nr == 80) {		/* getgroups16: n 2-byte gids */
		if ((int32_t)a[0] > 0)
			prep((uint32_t)a[1], (uint32_t)a[0] * 2, 1);
		return 0;
	}
	if (nr == 365) {	/* getsockopt: *optlen bytes */
		prep((uint32_t)a[4], 4, 1);
		prep((uint32_t)a[3], word((uint32_t)a[4]), 1);
		return 0;
	}
	if (nr == 371) {	/* recvfrom: *addrlen bytes of address */
		prep((uint32_t)a[1], (uint32_t)a[2], 1);
		prep((uint32_t)a[5], 4, 1);
		prep((uint32_t)a[4], SOCKADDR, 1);
		return 0;
	}
	for (int i = 0; i < 4 && e->d[i].kind != K_NONE; i++)
		prep_desc(nr, &e->d[i], a);
	return 0;
}
