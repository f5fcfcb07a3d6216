/*
 * sysargs32.c - i386 system call argument memory (see sysargs32.h).
 * Async-signal-safe zone: no libc, no errno, no allocation; guest words are
 * read with pager_copy_in.
 *
 * A table indexed by i386 number lists up to four descriptors, as
 * sysargs.c does for x86-64; calls whose layout depends on another
 * argument (ioctl, fcntl, iovec arrays, select, poll, futex, socket
 * address lengths, prctl, msghdr, System V IPC) have a small function, and
 * the two multiplexers (socketcall, ipc) are unpacked into the direct
 * calls they stand for. Sizes are the compat ones: struct stat64 96,
 * compat statfs 64, statfs64 84, compat rusage 72, compat timeval/timespec
 * 8, __kernel_timespec 16, compat iovec 8, compat msghdr 28, compat
 * mmsghdr 32, struct sembuf 6. Preparing more than the kernel touches is
 * harmless; less is the bug.
 */
#include "sysargs32.h"

#include <linux/errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>

#include "host.h"
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
#define MSGHDR 28	/* name, namelen, iov, iovlen, control, controllen, flags */
#define MMSGHDR 32	/* a msghdr and msg_len */
#define SEMBUF 6
#define IPCBUF 128	/* compat msqid64_ds/shmid64_ds/semid64_ds and the
			   *info structs, rounded up */
#define IPC_64_ 0x100

/* i386 numbers the functions below unpack into */
enum {
	NR32_IPC = 117, NR32_SOCKETCALL = 102, NR32_RECVMMSG = 337,
	NR32_SENDMMSG = 345, NR32_SOCKETPAIR = 360, NR32_BIND = 361,
	NR32_CONNECT = 362, NR32_ACCEPT4 = 364, NR32_GETSOCKOPT = 365,
	NR32_SETSOCKOPT = 366, NR32_GETSOCKNAME = 367, NR32_GETPEERNAME = 368,
	NR32_SENDTO = 369, NR32_RECVFROM = 371, NR32_SENDMSG = 370,
	NR32_RECVMSG = 372, NR32_SEMCTL = 394, NR32_SHMCTL = 396,
	NR32_MSGSND = 400, NR32_MSGRCV = 401, NR32_MSGCTL = 402,
	NR32_RECVMMSG64 = 417, NR32_SEMTIMEDOP64 = 420,
};

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
	{ 73, { WF(0, 4) } },			/* sigpending */
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
	{ 102, { FN } },			/* socketcall */
	{ 104, { RF(1, 16), WF(2, 16) } },	/* setitimer */
	{ 105, { WF(1, 16) } },			/* getitimer */
	{ 106, { S(0), WF(1, 64) } },		/* stat */
	{ 107, { S(0), WF(1, 64) } },		/* lstat */
	{ 108, { WF(1, 64) } },			/* fstat */
	{ 114, { WF(1, 4), WF(3, RUSAGE) } },	/* wait4 */
	{ 116, { WF(0, 64) } },			/* sysinfo */
	{ 117, { FN } },			/* ipc (sys32_ipc calls it) */
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
	{ 226, { S(0), S(1), R(2, 3) } },	/* setxattr */
	{ 227, { S(0), S(1), R(2, 3) } },	/* lsetxattr */
	{ 228, { S(1), R(2, 3) } },		/* fsetxattr */
	{ 229, { S(0), S(1), W(2, 3) } },	/* getxattr */
	{ 230, { S(0), S(1), W(2, 3) } },	/* lgetxattr */
	{ 231, { S(1), W(2, 3) } },		/* fgetxattr */
	{ 232, { S(0), W(1, 2) } },		/* listxattr */
	{ 233, { S(0), W(1, 2) } },		/* llistxattr */
	{ 234, { W(1, 2) } },			/* flistxattr */
	{ 235, { S(0), S(1) } },		/* removexattr */
	{ 236, { S(0), S(1) } },		/* lremovexattr */
	{ 237, { S(1) } },			/* fremovexattr */
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
	{ 337, { FN } },			/* recvmmsg */
	{ 340, { RF(2, 16), WF(3, 16) } },	/* prlimit64 */
	{ 345, { FN } },			/* sendmmsg */
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
	{ 370, { FN } },			/* sendmsg */
	{ 371, { W(1, 2), WF(4, SOCKADDR), WF(5, 4) } }, /* recvfrom */
	{ 372, { FN } },			/* recvmsg */
	{ 383, { S(1), WF(4, 256) } },		/* statx */
	{ 394, { FN } },			/* semctl */
	{ 396, { FN } },			/* shmctl */
	{ 400, { FN } },			/* msgsnd */
	{ 401, { FN } },			/* msgrcv */
	{ 402, { FN } },			/* msgctl */
	{ 403, { WF(1, TS64) } },		/* clock_gettime64 */
	{ 406, { WF(1, TS64) } },		/* clock_getres_time64 */
	{ 407, { RF(2, TS64), WF(3, TS64) } },	/* clock_nanosleep_time64 */
	{ 412, { S(1), RF(2, 2 * TS64) } },	/* utimensat_time64 */
	{ 414, { FN } },			/* ppoll_time64 */
	{ 417, { FN } },			/* recvmmsg_time64 */
	{ 420, { FN } },			/* semtimedop_time64 */
	{ 421, { RF(0, 8), WF(1, 128), RF(2, TS64) } }, /* rt_sigtimedwait_time64 */
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

/* ---- messages: compat msghdr and mmsghdr ---- */

/* One msghdr at p: the header itself (recvmsg writes back its lengths and
 * flags), the address, the iovecs, the control buffer. */
static void prep_msghdr(uint32_t p, int write)
{
	uint32_t h[7];

	prep(p, MSGHDR, write);
	if (!p || pager_copy_in(h, p, sizeof h) < 0)
		return;
	prep(h[0], h[1] < SOCKADDR ? h[1] : SOCKADDR, write);
	prep(h[2], h[3] * 8, 0);	/* the vector itself is only read */
	prep_iov(h[2], h[3], write);
	prep(h[4], h[5], write);
}

static void prep_mmsg(uint32_t vec, uint32_t n, int write)
{
	if (n > 1024)	/* UIO_MAXIOV: the kernel caps vlen there */
		n = 1024;
	for (uint32_t i = 0; i < n; i++) {
		prep_msghdr(vec + i * MMSGHDR, write);
		prep(vec + i * MMSGHDR + MSGHDR, 4, 1);	/* msg_len */
	}
}

/* ---- System V IPC, direct or through ipc() ---- */

/* semctl GETALL/SETALL: nsems shorts, which only the kernel knows */
static uint32_t sem_count(int32_t id)
{
	uint64_t ds[16] = { 0 };	/* x86-64 semid64_ds: sem_nsems at 80 */

	if (host_sys4(SYS_semctl, id, 0, 2 /* IPC_STAT */, ds) < 0)
		return 0;
	return (uint32_t)ds[10];
}

/* semctl(id, num, cmd, arg): arg is the buffer for the stat and array
 * commands */
static void prep_semctl(int32_t id, uint32_t cmd, uint32_t arg)
{
	switch (cmd & ~IPC_64_) {
	case 2: case 3: case 18: case 19: case 20:	/* *_STAT, *_INFO */
		prep(arg, IPCBUF, 1);
		break;
	case 1:						/* IPC_SET */
		prep(arg, IPCBUF, 0);
		break;
	case 13:					/* GETALL */
		prep(arg, sem_count(id) * 2, 1);
		break;
	case 17:					/* SETALL */
		prep(arg, sem_count(id) * 2, 0);
		break;
	default:
		break;
	}
}

/* msgctl and shmctl (id, cmd, buf) */
static void prep_ipcctl(uint32_t cmd, uint32_t buf)
{
	switch (cmd & ~IPC_64_) {
	case 2: case 3: case 11: case 12: case 13:	/* *_STAT, *_INFO */
	case 14: case 15:
		prep(buf, IPCBUF, 1);
		break;
	case 1:						/* IPC_SET */
		prep(buf, IPCBUF, 0);
		break;
	default:
		break;
	}
}

/*
 * ipc(call, first, second, third, ptr, fifth): the version in call's high
 * half, the operation in its low half (SEMOP 1, SEMCTL 3, SEMTIMEDOP 4,
 * MSGSND 11, MSGRCV 12, MSGCTL 14, SHMCTL 24; SHMAT and SHMDT are served
 * by sys32_ipc, the *GET calls take no memory).
 */
static void prep_ipc(const long *a)
{
	uint32_t call = (uint32_t)a[0] & 0xffff, ver = (uint32_t)a[0] >> 16;
	uint32_t first = (uint32_t)a[1], second = (uint32_t)a[2];
	uint32_t third = (uint32_t)a[3], ptr = (uint32_t)a[4];
	uint32_t kludge[2];

	switch (call) {
	case 1: case 4:		/* SEMOP, SEMTIMEDOP: nsops in second */
		prep(ptr, second * SEMBUF, 0);
		if (call == 4)
			prep((uint32_t)a[5], TV, 0);
		break;
	case 3:			/* SEMCTL: ptr holds the union's word */
		prep_semctl((int32_t)first, third, word(ptr));
		break;
	case 11:		/* MSGSND: mtype, then second bytes */
		prep(ptr, second + 4, 0);
		break;
	case 12:		/* MSGRCV; version 0 passes a kludge */
		if (ver == 0 && ptr && pager_copy_in(kludge, ptr, 8) == 0)
			ptr = kludge[0];
		prep(ptr, second + 4, 1);
		break;
	case 14: case 24:	/* MSGCTL, SHMCTL: cmd in second */
		prep_ipcctl(second, ptr);
		break;
	default:
		break;
	}
}

/* ---- socketcall: the direct call each operation stands for ---- */

/* socketcall's operations 1..20: the direct i386 number and how many
 * argument words it reads (net/socket.c nargs) */
static const struct {
	short nr, nargs;
} sockcalls[21] = {
	[1] = { 359, 3 }, [2] = { NR32_BIND, 3 }, [3] = { NR32_CONNECT, 3 },
	[4] = { 363, 2 }, [5] = { NR32_ACCEPT4, 3 },
	[6] = { NR32_GETSOCKNAME, 3 }, [7] = { NR32_GETPEERNAME, 3 },
	[8] = { NR32_SOCKETPAIR, 4 }, [9] = { NR32_SENDTO, 4 },
	[10] = { NR32_RECVFROM, 4 }, [11] = { NR32_SENDTO, 6 },
	[12] = { NR32_RECVFROM, 6 }, [13] = { 373, 2 },
	[14] = { NR32_SETSOCKOPT, 5 }, [15] = { NR32_GETSOCKOPT, 5 },
	[16] = { NR32_SENDMSG, 3 }, [17] = { NR32_RECVMSG, 3 },
	[18] = { NR32_ACCEPT4, 4 }, [19] = { NR32_RECVMMSG, 5 },
	[20] = { NR32_SENDMMSG, 4 },
};

static void prep_socketcall(const long *a)
{
	uint32_t call = (uint32_t)a[0], w[6] = { 0 };
	long b[6];

	if (call < 1 || call > 20)
		return;
	prep((uint32_t)a[1], (uint32_t)sockcalls[call].nargs * 4, 0);
	if (pager_copy_in(w, (uint32_t)a[1],
			  (size_t)sockcalls[call].nargs * 4) < 0)
		return;
	for (int i = 0; i < 6; i++)	/* send/recv: no address (zeros) */
		b[i] = w[i];
	sysargs32_prepare(sockcalls[call].nr, b);
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
	case NR32_SOCKETCALL: prep_socketcall(a); break;
	case NR32_IPC: prep_ipc(a); break;
	case NR32_SENDMSG: prep_msghdr((uint32_t)a[1], 0); break;
	case NR32_RECVMSG: prep_msghdr((uint32_t)a[1], 1); break;
	case NR32_SENDMMSG: prep_mmsg((uint32_t)a[1], (uint32_t)a[2], 0); break;
	case NR32_RECVMMSG:
		prep_mmsg((uint32_t)a[1], (uint32_t)a[2], 1);
		prep((uint32_t)a[4], TV, 0);
		break;
	case NR32_RECVMMSG64:
		prep_mmsg((uint32_t)a[1], (uint32_t)a[2], 1);
		prep((uint32_t)a[4], TS64, 0);
		break;
	case NR32_SEMCTL:	/* the union by value: its pointer word */
		prep_semctl((int32_t)a[0], (uint32_t)a[2], (uint32_t)a[3]);
		break;
	case NR32_SHMCTL: case NR32_MSGCTL:
		prep_ipcctl((uint32_t)a[1], (uint32_t)a[2]);
		break;
	case NR32_MSGSND: prep((uint32_t)a[1], (uint32_t)a[2] + 4, 0); break;
	case NR32_MSGRCV: prep((uint32_t)a[1], (uint32_t)a[2] + 4, 1); break;
	case NR32_SEMTIMEDOP64:
		prep((uint32_t)a[1], (uint32_t)a[2] * SEMBUF, 0);
		prep((uint32_t)a[3], TS64, 0);
		break;
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
