/*
 * sysargs_int.h - the one dialect both ABIs' argument tables are written
 * in (sys.h "the guest memory each call touches"), and what the files
 * using it share: sysargs.c (the x86-64 table and the interpreter),
 * sysargs_calls.c (the irregular x86-64 calls: ioctl, fcntl, prctl, futex,
 * msghdr, select, self-sized structs...), sysargs32.c (the i386 table and
 * its irregular calls). Private to them. Async-signal-safe zone.
 */
#ifndef VMLOAD_SYSARGS_INT_H
#define VMLOAD_SYSARGS_INT_H

#include <asm/termbits.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/errno.h>
#include <linux/futex.h>
#include <linux/rseq.h>
#include <mqueue.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/timex.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <utime.h>

#include "base.h"
#include "mm.h"
#include "sys.h"

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

/* ---- kernel limits and user ABI sizes ---- */

#define KTIMER_T 4		/* the kernel's timer_t is an int */
#define SOCKADDR_MAX sizeof(struct sockaddr_storage)	/* 128 */
#define UTS_LEN 64		/* __NEW_UTS_LEN: sethostname's limit */
#define MFD_NAME_CAP 250	/* MFD_NAME_MAX_LEN + 1 (strnlen_user) */
#define PAGE 4096		/* copy_struct_from_user callers' limit */
#define MMSGHDR sizeof(struct mmsghdr)
#ifndef AT_HANDLE_MNT_ID_UNIQUE
#define AT_HANDLE_MNT_ID_UNIQUE 0x001	/* 6.12: the mount id is a u64 */
#endif

/* Calls newer than the 6.1 UAPI headers this builds against (Linux 6.5 to
 * 6.17); the numbers are the x86-64 ones. */
#define NR_cachestat		451
#define NR_fchmodat2		452
#define NR_futex_wake		454
#define NR_futex_wait		455
#define NR_statmount		457
#define NR_listmount		458
#define NR_file_getattr		468
#define NR_file_setattr		469
#define CACHESTAT_RANGE 16	/* struct cachestat_range: off, len */
#define CACHESTAT 40		/* struct cachestat: five u64 */
#define MNT_ID_REQ 32		/* struct mnt_id_req, MNT_ID_REQ_SIZE_VER1 */

/* ---- basic preparation ---- */

static inline void prep(uintptr_t p, size_t len, int write)
{
	if (!p || !len)
		return;
	if (len > UINTPTR_MAX - p)
		len = UINTPTR_MAX - p;
	pager_prepare(p, len, write);
}

/*
 * Memory the kernel writes only in some cases (a futex word it may
 * cmpxchg, a header it writes back only when it refuses it): prepared for
 * write where the guest may write, and for read where it only may read, so
 * that a read-only guest page still works for the read-only case.
 */
static inline void prep_rw_or_ro(uintptr_t p, size_t len)
{
	prep(p, len, 1);
	prep(p, len, 0);
}

static inline void pin(uintptr_t p, size_t len)
{
	if (p && len)
		pager_pin(p, len);
}

/* A kernel count of C type int (or long): below zero means EINVAL. */
static inline size_t nonneg(long v)
{
	return v < 0 ? 0 : (size_t)v;
}

/* The guest int at p, after preparing it for write (a value-result
 * length the kernel reads and writes back); 0 when unreadable. */
static inline size_t read_len_word(uintptr_t p)
{
	int v;

	if (!p)
		return 0;
	prep(p, sizeof v, 1);
	if (host_copy_in(&v, p, sizeof v) < 0)
		return 0;
	return nonneg(v);
}

/*
 * An iovec array of cnt entries and the buffers it names (import_iovec):
 * the array is read; each buffer is written (write = 1) or read. The
 * array is copied in a bounded chunk at a time: handler stacks are small.
 */
static inline void prepare_iov(uintptr_t vec, unsigned long cnt, int write)
{
	struct iovec iov[16];
	unsigned long done, n, i;

	if (!vec || cnt == 0 || cnt > UIO_MAXIOV)
		return;
	prep(vec, cnt * sizeof(struct iovec), 0);
	for (done = 0; done < cnt; done += n) {
		n = cnt - done < NELEM(iov) ? cnt - done : NELEM(iov);
		if (host_copy_in(iov, vec + done * sizeof(struct iovec),
				 n * sizeof(struct iovec)) < 0)
			return;
		for (i = 0; i < n; i++) {
			/* a negative length fails the whole call */
			if ((long)iov[i].iov_len < 0)
				return;
			prep((uintptr_t)iov[i].iov_base, iov[i].iov_len, write);
		}
	}
}

/* The same for an array of compat iovecs (4-byte base and length). */
static inline void prepare_iov32(uintptr_t vec, unsigned long cnt, int write)
{
	uint32_t iov[2 * 16];
	unsigned long done, n, i;

	if (!vec || cnt == 0 || cnt > UIO_MAXIOV)
		return;
	prep(vec, cnt * 8, 0);
	for (done = 0; done < cnt; done += n) {
		n = cnt - done < 16 ? cnt - done : 16;
		if (host_copy_in(iov, vec + done * 8, n * 8) < 0)
			return;
		for (i = 0; i < n; i++) {
			if ((int32_t)iov[2 * i + 1] < 0)
				return;
			prep(iov[2 * i], iov[2 * i + 1], write);
		}
	}
}

/* ---- the argument table ---- */

enum sa_kind {
	SA_NONE,	/* end of the list */
	SA_IN,		/* the kernel reads it */
	SA_OUT,		/* the kernel writes it (or reads and writes it back) */
	SA_STR,		/* NUL-terminated, read; size = cap */
	SA_PIN,		/* written later by the kernel on its own */
	SA_IOV_IN,	/* iovec array, buffers read; count in register cnt */
	SA_IOV_OUT,	/* iovec array, buffers written */
	SA_IOV32_IN,	/* the same with compat iovecs (i386: 4-byte base */
	SA_IOV32_OUT,	/* and length) */
};

enum sa_count {
	C_FIX,		/* size bytes */
	C_UL,		/* a[cnt] unsigned long (size_t) elements of size */
	C_U32,		/* a[cnt] unsigned int elements */
	C_INT,		/* a[cnt] int elements; negative: none */
	C_LONG,		/* a[cnt] long elements; negative: none */
	C_PINT,		/* int behind pointer a[cnt], read and written back */
};

struct sa_arg {
	uint8_t kind;	/* enum sa_kind */
	uint8_t ptr;	/* register holding the guest pointer */
	uint8_t cnt;	/* register holding the count (not C_FIX) */
	uint8_t ctype;	/* enum sa_count */
	uint32_t size;	/* bytes (C_FIX) or bytes per element */
	uint32_t cap;	/* the kernel's byte limit, 0 for none */
};

struct sa_entry {
	struct sa_arg arg[4];
	void (*fn)(const long *a);	/* the irregular part, after arg[] */
};

#define IN(p, n)	{ SA_IN, p, 0, C_FIX, n, 0 }
#define OUT(p, n)	{ SA_OUT, p, 0, C_FIX, n, 0 }
/* read, then written back: preparing for write covers both */
#define INOUT(p, n)	OUT(p, n)
#define IN_BUF(p, c)	{ SA_IN, p, c, C_UL, 1, 0 }
#define OUT_BUF(p, c)	{ SA_OUT, p, c, C_UL, 1, 0 }
#define IN_N(p, c, t, sz, cap)	{ SA_IN, p, c, t, sz, cap }
#define OUT_N(p, c, t, sz, cap)	{ SA_OUT, p, c, t, sz, cap }
#define STR(p, cap)	{ SA_STR, p, 0, C_FIX, cap, 0 }
#define PATH(p)		STR(p, PATH_MAX)
#define XNAME(p)	STR(p, XATTR_NAME_MAX + 1)
#define PIN(p, n)	{ SA_PIN, p, 0, C_FIX, n, 0 }
#define IOV_IN(p, c)	{ SA_IOV_IN, p, c, C_UL, 0, 0 }
#define IOV_OUT(p, c)	{ SA_IOV_OUT, p, c, C_UL, 0, 0 }
#define IOV32_IN(p, c)	{ SA_IOV32_IN, p, c, C_U32, 0, 0 }
#define IOV32_OUT(p, c)	{ SA_IOV32_OUT, p, c, C_U32, 0, 0 }
/* A socket address passed in with an int length (move_addr_to_kernel). */
#define SOCKADDR_IN(p, c)  IN_N(p, c, C_INT, 1, SOCKADDR_MAX)
/* One returned through an int *len (move_addr_to_user: min(len, 128)). */
#define SOCKADDR_OUT(p, c) OUT_N(p, c, C_PINT, 1, SOCKADDR_MAX)

#define ARGS(...)	{ .arg = { __VA_ARGS__ } }
#define FN(f, ...)	{ .arg = { __VA_ARGS__ }, .fn = f }

#define TS sizeof(struct timespec)
#define TV sizeof(struct timeval)
#define ITS sizeof(struct itimerspec)
#define ITV sizeof(struct itimerval)
#define SI sizeof(siginfo_t)
#define ST sizeof(struct stat)
#define RU sizeof(struct rusage)
#define RLIM sizeof(struct rlimit)
#define MQATTR sizeof(struct mq_attr)

/* The interpreter (sysargs.c): prepare what entry nr of tab (n entries,
 * indexed by number) describes; -ENOSYS when it describes nothing. */
int sysargs_apply(const struct sa_entry *tab, size_t n, long nr,
		  const long *a);
/* The numbers tab describes, as sysargs_numbers. */
int sysargs_list(const struct sa_entry *tab, size_t n, int *nrs, int max);

/* The irregular part of each call that has one (sysargs_calls.c): given
 * the six argument registers, prepare what the table cannot describe. */
void sysargs_prepare_arch_prctl(const long *a);
void sysargs_prepare_capget(const long *a);
void sysargs_prepare_capset(const long *a);
void sysargs_prepare_clock_nanosleep(const long *a);
void sysargs_prepare_epoll_ctl(const long *a);
void sysargs_prepare_fcntl(const long *a);
void sysargs_prepare_futex(const long *a);
void sysargs_prepare_futex_waitv(const long *a);
void sysargs_prepare_ioctl(const long *a);
void sysargs_prepare_landlock_add_rule(const long *a);
void sysargs_prepare_msgrcv(const long *a);
void sysargs_prepare_msgsnd(const long *a);
void sysargs_prepare_name_to_handle_at(const long *a);
void sysargs_prepare_open_by_handle_at(const long *a);
void sysargs_prepare_perf_event_open(const long *a);
void sysargs_prepare_prctl(const long *a);
void sysargs_prepare_pselect6(const long *a);
void sysargs_prepare_recvmmsg(const long *a);
void sysargs_prepare_recvmsg(const long *a);
void sysargs_prepare_rseq(const long *a);
void sysargs_prepare_sched_setattr(const long *a);
void sysargs_prepare_select(const long *a);
void sysargs_prepare_sendmmsg(const long *a);
void sysargs_prepare_sendmsg(const long *a);
void sysargs_prepare_set_robust_list(const long *a);
void sysargs_prepare_vmsplice(const long *a);

#endif
