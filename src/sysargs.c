/*
 * sysargs.c - the guest memory each system call reads or writes (DESIGN D5;
 * reference/HARD-PROBLEMS.md section 1). Async-signal-safe zone: no libc, no
 * errno, no allocation; guest structures are read with host_copy_in only
 * after pager_prepare has made them readable.
 *
 * Most calls are data: a table indexed by system call number lists up to
 * four argument descriptors (which register holds the pointer, whether the
 * kernel reads it, writes it, reads it as a string or keeps writing it
 * later, and how long it is). Calls whose layout depends on another
 * argument or on guest data (ioctl, fcntl, futex, msghdr, select, ...) add
 * a small function. Both follow the kernel: a pointer the kernel would not
 * touch for these arguments is not prepared, lengths use the C type the
 * kernel gives them (an int count below zero prepares nothing), and where
 * the kernel clamps a length, so does the table.
 *
 * Preparing for write covers reading too. Preparing more than the kernel
 * will touch is harmless (pager_prepare stops at the first page the guest
 * could not access), preparing less is the bug this file exists to avoid.
 */
#include "sysargs.h"

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

#include "host.h"
#include "pager.h"

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

/* ---- kernel limits and user ABI sizes ---- */

#define KSIGSET 8		/* the kernel's sigset_t, not glibc's 128 */
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

/* Every struct below is sized with glibc's type where it matches the
 * kernel's user ABI on x86-64; these pin that assumption. */
_Static_assert(UIO_MAXIOV == 1024, "longer iovec arrays: EINVAL/EMSGSIZE");
_Static_assert(sizeof(struct stat) == 144, "struct stat");
_Static_assert(sizeof(struct statx) == 256, "struct statx");
_Static_assert(sizeof(struct statfs) == 120, "struct statfs");
_Static_assert(sizeof(struct rusage) == 144, "struct rusage");
_Static_assert(sizeof(struct utsname) == 390, "struct new_utsname");
_Static_assert(sizeof(struct sysinfo) == 112, "struct sysinfo");
_Static_assert(sizeof(struct timespec) == 16, "struct __kernel_timespec");
_Static_assert(sizeof(struct msghdr) == 56, "struct user_msghdr");
_Static_assert(sizeof(struct mmsghdr) == 64, "struct mmsghdr");
_Static_assert(sizeof(struct epoll_event) == 12, "packed epoll_event");
_Static_assert(sizeof(struct flock) == 32, "struct flock");
_Static_assert(sizeof(siginfo_t) == 128, "siginfo_t");
_Static_assert(sizeof(struct sigevent) == 64, "struct sigevent");
_Static_assert(sizeof(struct termios) == 36, "the kernel's termios");
_Static_assert(sizeof(struct timex) == 208, "struct __kernel_timex");

/* ---- basic preparation ---- */

static void prep(uintptr_t p, size_t len, int write)
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
static void prep_rw_or_ro(uintptr_t p, size_t len)
{
	prep(p, len, 1);
	prep(p, len, 0);
}

static void pin(uintptr_t p, size_t len)
{
	if (p && len)
		pager_pin(p, len);
}

/* A kernel count of C type int (or long): below zero means EINVAL. */
static size_t nonneg(long v)
{
	return v < 0 ? 0 : (size_t)v;
}

/* The guest int at p, after preparing it for write (a value-result
 * length the kernel reads and writes back); 0 when unreadable. */
static size_t read_len_word(uintptr_t p)
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
static void prepare_iov(uintptr_t vec, unsigned long cnt, int write)
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

/* ---- the argument table ---- */

enum sa_kind {
	SA_NONE,	/* end of the list */
	SA_IN,		/* the kernel reads it */
	SA_OUT,		/* the kernel writes it (or reads and writes it back) */
	SA_STR,		/* NUL-terminated, read; size = cap */
	SA_PIN,		/* written later by the kernel on its own */
	SA_IOV_IN,	/* iovec array, buffers read; count in register cnt */
	SA_IOV_OUT,	/* iovec array, buffers written */
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

/* ---- ioctl, fcntl, prctl, arch_prctl: sub-command tables ---- */

struct sa_cmd {
	unsigned int cmd;
	uint8_t ptr;	/* register holding the pointer */
	uint8_t write;	/* 1: the kernel writes it (or reads and writes) */
	uint16_t size;
};

static int prepare_cmd(const struct sa_cmd *t, size_t n, unsigned int cmd,
		       const long *a)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (t[i].cmd == cmd) {
			prep((uintptr_t)a[t[i].ptr], t[i].size, t[i].write);
			return 1;
		}
	}
	return 0;
}

/*
 * ioctls older than the _IOC encoding (their numbers carry no direction
 * or size), plus the pty pair, which is encoded but listed for the reader.
 * termios here is the kernel's (36 bytes), not glibc's.
 */
static const struct sa_cmd ioctl_cmds[] = {
	{ TCGETS, 2, 1, sizeof(struct termios) },
	{ TCSETS, 2, 0, sizeof(struct termios) },
	{ TCSETSW, 2, 0, sizeof(struct termios) },
	{ TCSETSF, 2, 0, sizeof(struct termios) },
	{ TCGETA, 2, 1, sizeof(struct termio) },
	{ TCSETA, 2, 0, sizeof(struct termio) },
	{ TCSETAW, 2, 0, sizeof(struct termio) },
	{ TCSETAF, 2, 0, sizeof(struct termio) },
	{ TIOCGLCKTRMIOS, 2, 1, sizeof(struct termios) },
	{ TIOCSLCKTRMIOS, 2, 0, sizeof(struct termios) },
	{ TIOCGWINSZ, 2, 1, sizeof(struct winsize) },
	{ TIOCSWINSZ, 2, 0, sizeof(struct winsize) },
	{ TIOCGPGRP, 2, 1, sizeof(pid_t) },
	{ TIOCSPGRP, 2, 0, sizeof(pid_t) },
	{ TIOCGSID, 2, 1, sizeof(pid_t) },
	{ TIOCOUTQ, 2, 1, sizeof(int) },
	{ TIOCSTI, 2, 0, 1 },
	{ TIOCMGET, 2, 1, sizeof(int) },
	{ TIOCMBIS, 2, 0, sizeof(int) },
	{ TIOCMBIC, 2, 0, sizeof(int) },
	{ TIOCMSET, 2, 0, sizeof(int) },
	{ TIOCGSOFTCAR, 2, 1, sizeof(int) },
	{ TIOCSSOFTCAR, 2, 0, sizeof(int) },
	{ FIONREAD, 2, 1, sizeof(int) },
	{ TIOCPKT, 2, 0, sizeof(int) },
	{ FIONBIO, 2, 0, sizeof(int) },
	{ TIOCSETD, 2, 0, sizeof(int) },
	{ TIOCGETD, 2, 1, sizeof(int) },
	{ FIOASYNC, 2, 0, sizeof(int) },
	{ FIOQSIZE, 2, 1, sizeof(long long) },
	{ TIOCGPTN, 2, 1, sizeof(unsigned int) },
	{ TIOCSPTLCK, 2, 0, sizeof(int) },
	{ FIOSETOWN, 2, 0, sizeof(int) },
	{ SIOCSPGRP, 2, 0, sizeof(int) },
	{ FIOGETOWN, 2, 1, sizeof(int) },
	{ SIOCGPGRP, 2, 1, sizeof(int) },
	{ SIOCATMARK, 2, 1, sizeof(int) },
	{ SIOCGSTAMP_OLD, 2, 1, sizeof(struct timeval) },
	{ SIOCGSTAMPNS_OLD, 2, 1, sizeof(struct timespec) },
	/* struct ifreq: the kernel reads ifr_name, writes the answer */
	{ SIOCGIFNAME, 2, 1, sizeof(struct ifreq) },
	{ SIOCGIFFLAGS, 2, 1, sizeof(struct ifreq) },
	{ SIOCSIFFLAGS, 2, 0, sizeof(struct ifreq) },
	{ SIOCGIFADDR, 2, 1, sizeof(struct ifreq) },
	{ SIOCGIFDSTADDR, 2, 1, sizeof(struct ifreq) },
	{ SIOCGIFBRDADDR, 2, 1, sizeof(struct ifreq) },
	{ SIOCGIFNETMASK, 2, 1, sizeof(struct ifreq) },
	{ SIOCGIFMTU, 2, 1, sizeof(struct ifreq) },
	{ SIOCGIFHWADDR, 2, 1, sizeof(struct ifreq) },
	{ SIOCGIFINDEX, 2, 1, sizeof(struct ifreq) },
};

/* SIOCGIFCONF: struct ifconf read and written back, then ifc_len bytes of
 * ifc_buf written (a NULL buffer asks only for the length). */
static void prepare_ifconf(uintptr_t p)
{
	struct ifconf ifc;

	prep(p, sizeof ifc, 1);
	if (!p || host_copy_in(&ifc, p, sizeof ifc) < 0)
		return;
	prep((uintptr_t)ifc.ifc_buf, nonneg(ifc.ifc_len), 1);
}

static void prepare_ioctl(const long *a)
{
	unsigned int req = (unsigned int)a[1];
	size_t size = _IOC_SIZE(req);

	if (prepare_cmd(ioctl_cmds, NELEM(ioctl_cmds), req, a))
		return;
	if (req == SIOCGIFCONF) {
		prepare_ifconf((uintptr_t)a[2]);
		return;
	}
	/* _IOC_READ: the kernel writes to user memory; _IOC_WRITE: reads */
	if (_IOC_DIR(req) & _IOC_READ)
		prep((uintptr_t)a[2], size, 1);
	else if (_IOC_DIR(req) & _IOC_WRITE)
		prep((uintptr_t)a[2], size, 0);
}

static const struct sa_cmd fcntl_cmds[] = {
	{ F_GETLK, 2, 1, sizeof(struct flock) },
	{ F_SETLK, 2, 0, sizeof(struct flock) },
	{ F_SETLKW, 2, 0, sizeof(struct flock) },
	{ F_OFD_GETLK, 2, 1, sizeof(struct flock) },
	{ F_OFD_SETLK, 2, 0, sizeof(struct flock) },
	{ F_OFD_SETLKW, 2, 0, sizeof(struct flock) },
	{ F_GETOWN_EX, 2, 1, sizeof(struct f_owner_ex) },
	{ F_SETOWN_EX, 2, 0, sizeof(struct f_owner_ex) },
	{ F_GET_RW_HINT, 2, 1, sizeof(uint64_t) },
	{ F_SET_RW_HINT, 2, 0, sizeof(uint64_t) },
};

static void prepare_fcntl(const long *a)
{
	prepare_cmd(fcntl_cmds, NELEM(fcntl_cmds), (unsigned int)a[1], a);
}

static const struct sa_cmd prctl_cmds[] = {
	{ PR_SET_NAME, 1, 0, 16 },	/* TASK_COMM_LEN */
	{ PR_GET_NAME, 1, 1, 16 },
	{ PR_GET_TID_ADDRESS, 1, 1, sizeof(int *) },
	{ PR_GET_PDEATHSIG, 1, 1, sizeof(int) },
	{ PR_GET_CHILD_SUBREAPER, 1, 1, sizeof(int) },
	{ PR_GET_TSC, 1, 1, sizeof(int) },
};

static void prepare_prctl(const long *a)
{
	prepare_cmd(prctl_cmds, NELEM(prctl_cmds), (unsigned int)a[0], a);
}

/* <asm/prctl.h> codes; that header clashes with glibc's. */
static const struct sa_cmd arch_prctl_cmds[] = {
	{ 0x1003 /* ARCH_GET_FS */, 1, 1, sizeof(uint64_t) },
	{ 0x1004 /* ARCH_GET_GS */, 1, 1, sizeof(uint64_t) },
	{ 0x1021 /* ARCH_GET_XCOMP_SUPP */, 1, 1, sizeof(uint64_t) },
	{ 0x1022 /* ARCH_GET_XCOMP_PERM */, 1, 1, sizeof(uint64_t) },
	{ 0x1024 /* ARCH_GET_XCOMP_GUEST_PERM */, 1, 1, sizeof(uint64_t) },
};

static void prepare_arch_prctl(const long *a)
{
	prepare_cmd(arch_prctl_cmds, NELEM(arch_prctl_cmds),
		    (unsigned int)a[0], a);
}

/* landlock_add_rule: the rule's struct depends on its type. */
static const struct sa_cmd landlock_rules[] = {
	{ 1 /* LANDLOCK_RULE_PATH_BENEATH */, 2, 0, 12 /* packed */ },
	{ 2 /* LANDLOCK_RULE_NET_PORT */, 2, 0, 16 },
};

static void prepare_landlock_add_rule(const long *a)
{
	prepare_cmd(landlock_rules, NELEM(landlock_rules), (unsigned int)a[1],
		    a);
}

/* ---- futexes ---- */

/*
 * A futex word: get_futex_key tries write access first and falls back to
 * read for the read-only operations, so prepare it the same way.
 */
static void prep_futex_word(uintptr_t p)
{
	prep_rw_or_ro(p, sizeof(uint32_t));
}

static void prepare_futex(const long *a)
{
	int cmd = (int)a[1] & FUTEX_CMD_MASK;

	prep_futex_word((uintptr_t)a[0]);
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
	case FUTEX_LOCK_PI:
	case FUTEX_LOCK_PI2:
		/* futex_cmd_has_timeout: a[3] is a pointer only for these */
		prep((uintptr_t)a[3], TS, 0);
		break;
	case FUTEX_WAIT_REQUEUE_PI:
		prep((uintptr_t)a[3], TS, 0);
		prep_futex_word((uintptr_t)a[4]);
		break;
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
	case FUTEX_CMP_REQUEUE_PI:
		prep_futex_word((uintptr_t)a[4]);
		break;
	case FUTEX_WAKE_OP:
		/* the operation is applied to uaddr2 */
		prep((uintptr_t)a[4], sizeof(uint32_t), 1);
		break;
	}
}

/* futex_waitv: the waiter array, then each waiter's (u32) word. */
static void prepare_futex_waitv(const long *a)
{
	struct futex_waitv w[8];
	uintptr_t vec = (uintptr_t)a[0];
	unsigned int cnt = (unsigned int)a[1], done, n, i;

	if (!vec || cnt == 0 || cnt > FUTEX_WAITV_MAX)
		return;
	prep(vec, cnt * sizeof(struct futex_waitv), 0);
	for (done = 0; done < cnt; done += n) {
		n = cnt - done < NELEM(w) ? cnt - done : NELEM(w);
		if (host_copy_in(w, vec + done * sizeof(struct futex_waitv),
				 n * sizeof(struct futex_waitv)) < 0)
			return;
		for (i = 0; i < n; i++)
			prep_futex_word((uintptr_t)w[i].uaddr);
	}
}

/* set_robust_list: the kernel walks the list at thread exit; it refuses a
 * head of any other size. */
static void prepare_set_robust_list(const long *a)
{
	if ((size_t)a[1] == sizeof(struct robust_list_head))
		pin((uintptr_t)a[0], sizeof(struct robust_list_head));
}

/* rseq: registering makes the kernel write the area at every return to
 * user space from then on; unregistering writes it once, now. */
static void prepare_rseq(const long *a)
{
	uint32_t len = (uint32_t)a[1];

	if ((int)a[2] & RSEQ_FLAG_UNREGISTER)
		prep((uintptr_t)a[0], len, 1);
	else
		pin((uintptr_t)a[0], len);
}

/* ---- sockets: msghdr ---- */

/*
 * What one msghdr names, the header itself already prepared: the address
 * (clamped to sockaddr_storage as copy_msghdr_from_user does), the iovec
 * array and its buffers, and the control buffer; all written for receive,
 * read for send.
 */
static void prepare_msg_data(uintptr_t m, int write)
{
	struct msghdr h;
	size_t namelen;

	if (!m || host_copy_in(&h, m, sizeof h) < 0)
		return;
	namelen = nonneg((int)h.msg_namelen);	/* an int in user_msghdr */
	if (namelen > SOCKADDR_MAX)
		namelen = SOCKADDR_MAX;
	prep((uintptr_t)h.msg_name, namelen, write);
	prepare_iov((uintptr_t)h.msg_iov, h.msg_iovlen, write);
	if (h.msg_control)
		prep((uintptr_t)h.msg_control, h.msg_controllen, write);
}

/* recvmsg also writes back msg_namelen, msg_controllen and msg_flags. */
static void prepare_recvmsg(const long *a)
{
	prep((uintptr_t)a[1], sizeof(struct msghdr), 1);
	prepare_msg_data((uintptr_t)a[1], 1);
}

static void prepare_sendmsg(const long *a)
{
	prep((uintptr_t)a[1], sizeof(struct msghdr), 0);
	prepare_msg_data((uintptr_t)a[1], 0);
}

/* sendmmsg and recvmmsg: the kernel caps vlen at UIO_MAXIOV and writes
 * each entry's msg_len in both directions. */
static void prepare_mmsg(uintptr_t vec, unsigned int vlen, int write)
{
	unsigned int i;

	if (!vec)
		return;
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	prep(vec, (size_t)vlen * MMSGHDR, 1);
	for (i = 0; i < vlen; i++)
		prepare_msg_data(vec + i * MMSGHDR, write);
}

static void prepare_recvmmsg(const long *a)
{
	prepare_mmsg((uintptr_t)a[1], (unsigned int)a[2], 1);
}

static void prepare_sendmmsg(const long *a)
{
	prepare_mmsg((uintptr_t)a[1], (unsigned int)a[2], 0);
}

/* ---- select, epoll, sleeps ---- */

/* select and pselect6: three fd_sets of n bits in longs, read and written
 * back (core_sys_select; n < 0 is EINVAL). */
static void prepare_select(const long *a)
{
	int n = (int)a[0];
	size_t len;
	int i;

	if (n < 0)
		return;
	len = ((size_t)n + 63) / 64 * sizeof(long);
	for (i = 1; i <= 3; i++)
		prep((uintptr_t)a[i], len, 1);
}

/* pselect6's sixth argument: { const sigset_t *ss; size_t ss_len; }. */
static void prepare_pselect6(const long *a)
{
	struct {
		uintptr_t ss;
		size_t len;
	} sig;

	prepare_select(a);
	if (!a[5])
		return;
	prep((uintptr_t)a[5], sizeof sig, 0);
	if (host_copy_in(&sig, (uintptr_t)a[5], sizeof sig) == 0)
		prep(sig.ss, KSIGSET, 0);
}

/* EPOLL_CTL_DEL takes no event (ep_op_has_event). */
static void prepare_epoll_ctl(const long *a)
{
	if ((int)a[1] != EPOLL_CTL_DEL)
		prep((uintptr_t)a[3], sizeof(struct epoll_event), 0);
}

/* clock_nanosleep writes the remaining time only for a relative sleep. */
static void prepare_clock_nanosleep(const long *a)
{
	if (!((int)a[1] & TIMER_ABSTIME))
		prep((uintptr_t)a[3], TS, 1);
}

/* ---- structs that carry their own size or version ---- */

/*
 * A struct holding its own u32 size at off (sched_attr, perf_event_attr):
 * the kernel reads size bytes, 0 meaning its first published size, and
 * writes its own size back into the word when it refuses the caller's.
 */
static void prepare_sized(uintptr_t p, size_t off, uint32_t first)
{
	uint32_t size;

	if (!p)
		return;
	prep_rw_or_ro(p + off, sizeof size);
	if (host_copy_in(&size, p + off, sizeof size) < 0)
		return;
	if (size == 0)
		size = first;
	if (size <= PAGE)
		prep(p, size, 0);
}

static void prepare_sched_setattr(const long *a)
{
	prepare_sized((uintptr_t)a[1], 0, 48 /* SCHED_ATTR_SIZE_VER0 */);
}

static void prepare_perf_event_open(const long *a)
{
	prepare_sized((uintptr_t)a[0], 4, 64 /* PERF_ATTR_SIZE_VER0 */);
}

/* capget/capset: the data array holds one or two 12-byte sets by header
 * version; the header's version word is written back when unknown. */
static size_t cap_data_size(uintptr_t hdr)
{
	uint32_t version;

	if (!hdr || host_copy_in(&version, hdr, sizeof version) < 0)
		return 0;
	switch (version) {
	case _LINUX_CAPABILITY_VERSION_1:
		return sizeof(struct __user_cap_data_struct);
	case _LINUX_CAPABILITY_VERSION_2:
	case _LINUX_CAPABILITY_VERSION_3:
		return 2 * sizeof(struct __user_cap_data_struct);
	}
	return 0;
}

static void prepare_capget(const long *a)
{
	prep_rw_or_ro((uintptr_t)a[0], sizeof(struct __user_cap_header_struct));
	prep((uintptr_t)a[1], cap_data_size((uintptr_t)a[0]), 1);
}

static void prepare_capset(const long *a)
{
	prep_rw_or_ro((uintptr_t)a[0], sizeof(struct __user_cap_header_struct));
	prep((uintptr_t)a[1], cap_data_size((uintptr_t)a[0]), 0);
}

/* struct file_handle: a header naming handle_bytes more (at most
 * MAX_HANDLE_SZ); name_to_handle_at writes the header back even when it
 * refuses the size. */
static void prep_file_handle(uintptr_t p, int write)
{
	struct file_handle fh;

	if (!p)
		return;
	prep(p, sizeof fh, write);
	if (host_copy_in(&fh, p, sizeof fh) < 0 ||
	    fh.handle_bytes > MAX_HANDLE_SZ)
		return;
	prep(p, sizeof fh + fh.handle_bytes, write);
}

static void prepare_name_to_handle_at(const long *a)
{
	prep_file_handle((uintptr_t)a[2], 1);
	prep((uintptr_t)a[3], ((int)a[4] & AT_HANDLE_MNT_ID_UNIQUE) ?
	     sizeof(uint64_t) : sizeof(int), 1);
}

static void prepare_open_by_handle_at(const long *a)
{
	prep_file_handle((uintptr_t)a[1], 0);
}

/* ---- the rest of the irregular calls ---- */

/* vmsplice copies the guest's memory into a pipe it can write, else from
 * a pipe it can only read into the guest's memory (fs/splice.c). */
static void prepare_vmsplice(const long *a)
{
	long fl = host_sys2(SYS_fcntl, a[0], F_GETFL);

	if (IS_ERR_VAL(fl))
		return;
	prepare_iov((uintptr_t)a[1], (unsigned long)a[2],
		    (fl & O_ACCMODE) == O_RDONLY);
}

/* msgsnd/msgrcv: a long mtype, then msgsz bytes of text. */
static void prepare_msgsnd(const long *a)
{
	if (a[2] >= 0)
		prep((uintptr_t)a[1], sizeof(long) + (size_t)a[2], 0);
}

static void prepare_msgrcv(const long *a)
{
	if (a[2] >= 0)
		prep((uintptr_t)a[1], sizeof(long) + (size_t)a[2], 1);
}

/*
 * The table. execve/execveat, clone/clone3/fork/vfork, the mmap family,
 * rt_sigaction, rt_sigprocmask and sigaltstack are served by the runtime
 * itself and are not here; neither are ptrace, seccomp, bpf, io_uring and
 * the AIO submission calls.
 */
static const struct sa_entry table[] = {
	/* plain and vectored I/O */
	[SYS_read]		= ARGS(OUT_BUF(1, 2)),
	[SYS_write]		= ARGS(IN_BUF(1, 2)),
	[SYS_pread64]		= ARGS(OUT_BUF(1, 2)),
	[SYS_pwrite64]		= ARGS(IN_BUF(1, 2)),
	[SYS_readv]		= ARGS(IOV_OUT(1, 2)),
	[SYS_writev]		= ARGS(IOV_IN(1, 2)),
	[SYS_preadv]		= ARGS(IOV_OUT(1, 2)),
	[SYS_pwritev]		= ARGS(IOV_IN(1, 2)),
	[SYS_preadv2]		= ARGS(IOV_OUT(1, 2)),
	[SYS_pwritev2]		= ARGS(IOV_IN(1, 2)),
	[SYS_getdents]		= ARGS(OUT_N(1, 2, C_U32, 1, 0)),
	[SYS_getdents64]	= ARGS(OUT_N(1, 2, C_U32, 1, 0)),
	[SYS_sendfile]		= ARGS(INOUT(2, sizeof(off_t))),
	[SYS_copy_file_range]	= ARGS(INOUT(1, sizeof(off_t)),
				       INOUT(3, sizeof(off_t))),
	[SYS_splice]		= ARGS(INOUT(1, sizeof(off_t)),
				       INOUT(3, sizeof(off_t))),
	[SYS_vmsplice]		= FN(prepare_vmsplice),
	[SYS_process_vm_readv]	= ARGS(IOV_OUT(1, 2),
				       IN_N(3, 4, C_UL, sizeof(struct iovec),
					    UIO_MAXIOV * sizeof(struct iovec))),
	[SYS_process_vm_writev]	= ARGS(IOV_IN(1, 2),
				       IN_N(3, 4, C_UL, sizeof(struct iovec),
					    UIO_MAXIOV * sizeof(struct iovec))),
	[SYS_io_getevents]	= ARGS(OUT_N(3, 2, C_LONG, 32 /* io_event */, 0),
				       IN(4, TS)),
	[SYS_ioctl]		= FN(prepare_ioctl),
	[SYS_fcntl]		= FN(prepare_fcntl),

	/* sockets */
	[SYS_recvfrom]		= ARGS(OUT_BUF(1, 2), SOCKADDR_OUT(4, 5)),
	[SYS_sendto]		= ARGS(IN_BUF(1, 2), SOCKADDR_IN(4, 5)),
	[SYS_recvmsg]		= FN(prepare_recvmsg),
	[SYS_sendmsg]		= FN(prepare_sendmsg),
	[SYS_recvmmsg]		= FN(prepare_recvmmsg, INOUT(4, TS)),
	[SYS_sendmmsg]		= FN(prepare_sendmmsg),
	[SYS_bind]		= ARGS(SOCKADDR_IN(1, 2)),
	[SYS_connect]		= ARGS(SOCKADDR_IN(1, 2)),
	[SYS_accept]		= ARGS(SOCKADDR_OUT(1, 2)),
	[SYS_accept4]		= ARGS(SOCKADDR_OUT(1, 2)),
	[SYS_getsockname]	= ARGS(SOCKADDR_OUT(1, 2)),
	[SYS_getpeername]	= ARGS(SOCKADDR_OUT(1, 2)),
	[SYS_getsockopt]	= ARGS(OUT_N(3, 4, C_PINT, 1, 0)),
	[SYS_setsockopt]	= ARGS(IN_N(3, 4, C_INT, 1, 0)),
	[SYS_socketpair]	= ARGS(OUT(3, 2 * sizeof(int))),
	[SYS_pipe]		= ARGS(OUT(0, 2 * sizeof(int))),
	[SYS_pipe2]		= ARGS(OUT(0, 2 * sizeof(int))),

	/* waiting for file descriptors */
	[SYS_poll]		= ARGS(OUT_N(0, 1, C_U32, sizeof(struct pollfd), 0)),
	[SYS_ppoll]		= ARGS(OUT_N(0, 1, C_U32, sizeof(struct pollfd), 0),
				       INOUT(2, TS), IN(3, KSIGSET)),
	[SYS_select]		= FN(prepare_select, INOUT(4, TV)),
	[SYS_pselect6]		= FN(prepare_pselect6, INOUT(4, TS)),
	[SYS_epoll_wait]	= ARGS(OUT_N(1, 2, C_INT, sizeof(struct epoll_event), 0)),
	[SYS_epoll_pwait]	= ARGS(OUT_N(1, 2, C_INT, sizeof(struct epoll_event), 0),
				       IN(4, KSIGSET)),
	[SYS_epoll_pwait2]	= ARGS(OUT_N(1, 2, C_INT, sizeof(struct epoll_event), 0),
				       IN(3, TS), IN(4, KSIGSET)),
	[SYS_epoll_ctl]		= FN(prepare_epoll_ctl),

	/* paths */
	[SYS_open]		= ARGS(PATH(0)),
	[SYS_openat]		= ARGS(PATH(1)),
	[SYS_openat2]		= ARGS(PATH(1), IN_N(2, 3, C_UL, 1, PAGE)),
	[SYS_creat]		= ARGS(PATH(0)),
	[SYS_readlink]		= ARGS(PATH(0), OUT_N(1, 2, C_INT, 1, 0)),
	[SYS_readlinkat]	= ARGS(PATH(1), OUT_N(2, 3, C_INT, 1, 0)),
	[SYS_access]		= ARGS(PATH(0)),
	[SYS_faccessat]		= ARGS(PATH(1)),
	[SYS_faccessat2]	= ARGS(PATH(1)),
	[SYS_chdir]		= ARGS(PATH(0)),
	[SYS_chroot]		= ARGS(PATH(0)),
	[SYS_mkdir]		= ARGS(PATH(0)),
	[SYS_mkdirat]		= ARGS(PATH(1)),
	[SYS_mknod]		= ARGS(PATH(0)),
	[SYS_mknodat]		= ARGS(PATH(1)),
	[SYS_rmdir]		= ARGS(PATH(0)),
	[SYS_unlink]		= ARGS(PATH(0)),
	[SYS_unlinkat]		= ARGS(PATH(1)),
	[SYS_rename]		= ARGS(PATH(0), PATH(1)),
	[SYS_renameat]		= ARGS(PATH(1), PATH(3)),
	[SYS_renameat2]		= ARGS(PATH(1), PATH(3)),
	[SYS_link]		= ARGS(PATH(0), PATH(1)),
	[SYS_linkat]		= ARGS(PATH(1), PATH(3)),
	[SYS_symlink]		= ARGS(PATH(0), PATH(1)),
	[SYS_symlinkat]		= ARGS(PATH(0), PATH(2)),
	[SYS_chmod]		= ARGS(PATH(0)),
	[SYS_fchmodat]		= ARGS(PATH(1)),
	[NR_fchmodat2]		= ARGS(PATH(1)),
	[SYS_chown]		= ARGS(PATH(0)),
	[SYS_lchown]		= ARGS(PATH(0)),
	[SYS_fchownat]		= ARGS(PATH(1)),
	[SYS_truncate]		= ARGS(PATH(0)),
	[SYS_utime]		= ARGS(PATH(0), IN(1, sizeof(struct utimbuf))),
	[SYS_utimes]		= ARGS(PATH(0), IN(1, 2 * TV)),
	[SYS_futimesat]		= ARGS(PATH(1), IN(2, 2 * TV)),
	[SYS_utimensat]		= ARGS(PATH(1), IN(2, 2 * TS)),
	[SYS_getcwd]		= ARGS(OUT_BUF(0, 1)),
	[SYS_acct]		= ARGS(PATH(0)),
	[SYS_swapon]		= ARGS(PATH(0)),
	[SYS_swapoff]		= ARGS(PATH(0)),
	[SYS_pivot_root]	= ARGS(PATH(0), PATH(1)),
	/* copy_mount_options copies up to a page, stopping at a fault */
	[SYS_mount]		= ARGS(PATH(0), PATH(1), PATH(2), IN(4, PAGE)),
	[SYS_umount2]		= ARGS(PATH(0)),
	[SYS_open_tree]		= ARGS(PATH(1)),
	[SYS_move_mount]	= ARGS(PATH(1), PATH(3)),
	[SYS_fsopen]		= ARGS(PATH(0)),
	[SYS_fspick]		= ARGS(PATH(1)),
	[SYS_mount_setattr]	= ARGS(PATH(1), IN_N(3, 4, C_UL, 1, PAGE)),
	[SYS_inotify_add_watch]	= ARGS(PATH(1)),
	[SYS_fanotify_mark]	= ARGS(PATH(4)),
	[SYS_memfd_create]	= ARGS(STR(0, MFD_NAME_CAP)),
	[SYS_name_to_handle_at]	= FN(prepare_name_to_handle_at, PATH(1)),
	[SYS_open_by_handle_at]	= FN(prepare_open_by_handle_at),

	/* file status */
	[SYS_stat]		= ARGS(PATH(0), OUT(1, ST)),
	[SYS_lstat]		= ARGS(PATH(0), OUT(1, ST)),
	[SYS_fstat]		= ARGS(OUT(1, ST)),
	[SYS_newfstatat]	= ARGS(PATH(1), OUT(2, ST)),
	[SYS_statx]		= ARGS(PATH(1), OUT(4, sizeof(struct statx))),
	[SYS_statfs]		= ARGS(PATH(0), OUT(1, sizeof(struct statfs))),
	[SYS_fstatfs]		= ARGS(OUT(1, sizeof(struct statfs))),

	/* extended attributes: names are strings, values buffers */
	[SYS_getxattr]		= ARGS(PATH(0), XNAME(1),
				       OUT_N(2, 3, C_UL, 1, XATTR_SIZE_MAX)),
	[SYS_lgetxattr]		= ARGS(PATH(0), XNAME(1),
				       OUT_N(2, 3, C_UL, 1, XATTR_SIZE_MAX)),
	[SYS_fgetxattr]		= ARGS(XNAME(1),
				       OUT_N(2, 3, C_UL, 1, XATTR_SIZE_MAX)),
	[SYS_setxattr]		= ARGS(PATH(0), XNAME(1),
				       IN_N(2, 3, C_UL, 1, XATTR_SIZE_MAX)),
	[SYS_lsetxattr]		= ARGS(PATH(0), XNAME(1),
				       IN_N(2, 3, C_UL, 1, XATTR_SIZE_MAX)),
	[SYS_fsetxattr]		= ARGS(XNAME(1),
				       IN_N(2, 3, C_UL, 1, XATTR_SIZE_MAX)),
	[SYS_listxattr]		= ARGS(PATH(0), OUT_N(1, 2, C_UL, 1, XATTR_LIST_MAX)),
	[SYS_llistxattr]	= ARGS(PATH(0), OUT_N(1, 2, C_UL, 1, XATTR_LIST_MAX)),
	[SYS_flistxattr]	= ARGS(OUT_N(1, 2, C_UL, 1, XATTR_LIST_MAX)),
	[SYS_removexattr]	= ARGS(PATH(0), XNAME(1)),
	[SYS_lremovexattr]	= ARGS(PATH(0), XNAME(1)),
	[SYS_fremovexattr]	= ARGS(XNAME(1)),

	/* system information */
	[SYS_uname]		= ARGS(OUT(0, sizeof(struct utsname))),
	[SYS_sysinfo]		= ARGS(OUT(0, sizeof(struct sysinfo))),
	[SYS_sethostname]	= ARGS(IN_N(0, 1, C_INT, 1, UTS_LEN)),
	[SYS_setdomainname]	= ARGS(IN_N(0, 1, C_INT, 1, UTS_LEN)),
	[SYS_getrandom]		= ARGS(OUT_BUF(0, 1)),
	[SYS_getcpu]		= ARGS(OUT(0, sizeof(unsigned int)),
				       OUT(1, sizeof(unsigned int))),

	/* time */
	[SYS_time]		= ARGS(OUT(0, sizeof(time_t))),
	[SYS_gettimeofday]	= ARGS(OUT(0, TV), OUT(1, sizeof(struct timezone))),
	[SYS_settimeofday]	= ARGS(IN(0, TV), IN(1, sizeof(struct timezone))),
	[SYS_clock_gettime]	= ARGS(OUT(1, TS)),
	[SYS_clock_getres]	= ARGS(OUT(1, TS)),
	[SYS_clock_settime]	= ARGS(IN(1, TS)),
	[SYS_clock_adjtime]	= ARGS(INOUT(1, sizeof(struct timex))),
	[SYS_adjtimex]		= ARGS(INOUT(0, sizeof(struct timex))),
	[SYS_nanosleep]		= ARGS(IN(0, TS), OUT(1, TS)),
	[SYS_clock_nanosleep]	= FN(prepare_clock_nanosleep, IN(2, TS)),
	[SYS_times]		= ARGS(OUT(0, sizeof(struct tms))),
	[SYS_getitimer]		= ARGS(OUT(1, ITV)),
	[SYS_setitimer]		= ARGS(IN(1, ITV), OUT(2, ITV)),
	[SYS_timer_create]	= ARGS(IN(1, sizeof(struct sigevent)),
				       OUT(2, KTIMER_T)),
	[SYS_timer_settime]	= ARGS(IN(2, ITS), OUT(3, ITS)),
	[SYS_timer_gettime]	= ARGS(OUT(1, ITS)),
	[SYS_timerfd_settime]	= ARGS(IN(2, ITS), OUT(3, ITS)),
	[SYS_timerfd_gettime]	= ARGS(OUT(1, ITS)),

	/* processes, resources, credentials */
	[SYS_wait4]		= ARGS(OUT(1, sizeof(int)), OUT(3, RU)),
	[SYS_waitid]		= ARGS(OUT(2, SI), OUT(4, RU)),
	[SYS_getrusage]		= ARGS(OUT(1, RU)),
	[SYS_getrlimit]		= ARGS(OUT(1, RLIM)),
	[SYS_setrlimit]		= ARGS(IN(1, RLIM)),
	[SYS_prlimit64]		= ARGS(IN(2, RLIM), OUT(3, RLIM)),
	[SYS_getresuid]		= ARGS(OUT(0, sizeof(uid_t)), OUT(1, sizeof(uid_t)),
				       OUT(2, sizeof(uid_t))),
	[SYS_getresgid]		= ARGS(OUT(0, sizeof(gid_t)), OUT(1, sizeof(gid_t)),
				       OUT(2, sizeof(gid_t))),
	[SYS_getgroups]		= ARGS(OUT_N(1, 0, C_INT, sizeof(gid_t), 0)),
	[SYS_setgroups]		= ARGS(IN_N(1, 0, C_INT, sizeof(gid_t),
					    NGROUPS_MAX * sizeof(gid_t))),
	[SYS_capget]		= FN(prepare_capget),
	[SYS_capset]		= FN(prepare_capset),
	[SYS_prctl]		= FN(prepare_prctl),
	[SYS_arch_prctl]	= FN(prepare_arch_prctl),
	[SYS_perf_event_open]	= FN(prepare_perf_event_open),
	[SYS_landlock_create_ruleset] = ARGS(IN_N(0, 1, C_UL, 1, PAGE)),
	[SYS_landlock_add_rule]	= FN(prepare_landlock_add_rule),

	/* scheduling */
	[SYS_sched_getaffinity]	= ARGS(OUT_N(2, 1, C_U32, 1, 0)),
	[SYS_sched_setaffinity]	= ARGS(IN_N(2, 1, C_U32, 1, 0)),
	[SYS_sched_getparam]	= ARGS(OUT(1, sizeof(struct sched_param))),
	[SYS_sched_setparam]	= ARGS(IN(1, sizeof(struct sched_param))),
	[SYS_sched_setscheduler] = ARGS(IN(2, sizeof(struct sched_param))),
	[SYS_sched_getattr]	= ARGS(OUT_N(1, 2, C_U32, 1, PAGE)),
	[SYS_sched_setattr]	= FN(prepare_sched_setattr),
	[SYS_sched_rr_get_interval] = ARGS(OUT(1, TS)),

	/* threads and futexes: pins are written by the kernel later */
	[SYS_futex]		= FN(prepare_futex),
	[SYS_futex_waitv]	= FN(prepare_futex_waitv, IN(3, TS)),
	[SYS_set_tid_address]	= ARGS(PIN(0, sizeof(int))),
	[SYS_set_robust_list]	= FN(prepare_set_robust_list),
	[SYS_get_robust_list]	= ARGS(OUT(1, sizeof(void *)), OUT(2, sizeof(size_t))),
	[SYS_rseq]		= FN(prepare_rseq),

	/* signals (the runtime serves rt_sigaction, rt_sigprocmask and
	 * sigaltstack itself) */
	[SYS_rt_sigpending]	= ARGS(OUT_N(0, 1, C_UL, 1, KSIGSET)),
	[SYS_rt_sigtimedwait]	= ARGS(IN(0, KSIGSET), OUT(1, SI), IN(2, TS)),
	[SYS_rt_sigqueueinfo]	= ARGS(IN(2, SI)),
	[SYS_rt_tgsigqueueinfo]	= ARGS(IN(3, SI)),
	[SYS_rt_sigsuspend]	= ARGS(IN(0, KSIGSET)),
	[SYS_signalfd]		= ARGS(IN(1, KSIGSET)),
	[SYS_signalfd4]		= ARGS(IN(1, KSIGSET)),
	[SYS_pidfd_send_signal]	= ARGS(IN(2, SI)),

	/* POSIX and System V IPC */
	[SYS_mq_open]		= ARGS(PATH(0), IN(3, MQATTR)),
	[SYS_mq_unlink]		= ARGS(PATH(0)),
	[SYS_mq_timedsend]	= ARGS(IN_BUF(1, 2), IN(4, TS)),
	[SYS_mq_timedreceive]	= ARGS(OUT_BUF(1, 2), OUT(3, sizeof(unsigned int)),
				       IN(4, TS)),
	[SYS_mq_notify]		= ARGS(IN(1, sizeof(struct sigevent))),
	[SYS_mq_getsetattr]	= ARGS(IN(1, MQATTR), OUT(2, MQATTR)),
	[SYS_semop]		= ARGS(IN_N(1, 2, C_U32, 6 /* sembuf */, 0)),
	[SYS_semtimedop]	= ARGS(IN_N(1, 2, C_U32, 6 /* sembuf */, 0),
				       IN(3, TS)),
	[SYS_msgsnd]		= FN(prepare_msgsnd),
	[SYS_msgrcv]		= FN(prepare_msgrcv),
	/* newer calls: a futex2 word is at most 8 bytes (FUTEX2_SIZE_U64) */
	[NR_cachestat]		= ARGS(IN(1, CACHESTAT_RANGE), OUT(2, CACHESTAT)),
	[NR_futex_wake]		= ARGS(IN(0, 8)),
	[NR_futex_wait]		= ARGS(IN(0, 8), IN(4, TS)),
	[NR_statmount]		= ARGS(IN(0, MNT_ID_REQ), OUT_BUF(1, 2)),
	[NR_listmount]		= ARGS(IN(0, MNT_ID_REQ),
				       OUT_N(1, 2, C_UL, sizeof(uint64_t), 0)),
	[NR_file_getattr]	= ARGS(PATH(1), OUT_N(2, 3, C_UL, 1, PAGE)),
	[NR_file_setattr]	= ARGS(PATH(1), IN_N(2, 3, C_UL, 1, PAGE)),
};

/* ---- the interpreter ---- */

static int entry_used(const struct sa_entry *e)
{
	return e->arg[0].kind != SA_NONE || e->fn;
}

/* The byte length a counted descriptor names. */
static size_t arg_len(const struct sa_arg *d, const long *a)
{
	size_t n, len;

	switch (d->ctype) {
	case C_UL:
		n = (unsigned long)a[d->cnt];
		break;
	case C_U32:
		n = (uint32_t)a[d->cnt];
		break;
	case C_INT:
		n = nonneg((int)a[d->cnt]);
		break;
	case C_LONG:
		n = nonneg(a[d->cnt]);
		break;
	case C_PINT:
		n = read_len_word((uintptr_t)a[d->cnt]);
		break;
	default:
		return d->size;
	}
	if (__builtin_mul_overflow(n, (size_t)d->size, &len))
		len = SIZE_MAX;
	if (d->cap && len > d->cap)
		len = d->cap;
	return len;
}

static void prepare_arg(const struct sa_arg *d, const long *a)
{
	uintptr_t p = (uintptr_t)a[d->ptr];
	size_t len;

	switch (d->kind) {
	case SA_STR:
		if (p)
			pager_prepare_str(p, d->size);
		return;
	case SA_IOV_IN:
	case SA_IOV_OUT:
		prepare_iov(p, (unsigned long)a[d->cnt], d->kind == SA_IOV_OUT);
		return;
	}
	/* before the NULL test: a C_PINT length word is prepared anyway */
	len = arg_len(d, a);
	if (d->kind == SA_PIN)
		pin(p, len);
	else
		prep(p, len, d->kind == SA_OUT);
}

int sysargs_prepare(long nr, const long *a)
{
	const struct sa_entry *e;
	size_t i;

	if (nr < 0 || (unsigned long)nr >= NELEM(table) ||
	    !entry_used(&table[nr]))
		return -ENOSYS;
	e = &table[nr];
	for (i = 0; i < NELEM(e->arg) && e->arg[i].kind != SA_NONE; i++)
		prepare_arg(&e->arg[i], a);
	if (e->fn)
		e->fn(a);
	return 0;
}

int sysargs_numbers(int *nrs, int max)
{
	int n = 0;
	size_t nr;

	for (nr = 0; nr < NELEM(table); nr++) {
		if (!entry_used(&table[nr]))
			continue;
		if (n < max)
			nrs[n] = (int)nr;
		n++;
	}
	return n;
}
