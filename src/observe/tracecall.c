/*
 * tracecall.c - a trapped system call as one strace-like line (async-
 * signal-safe zone: formatting into the caller's buffer, guest memory only
 * through the caller's reader).
 *
 * Each call that vmload traps has a format: one character per argument
 * register, and the kind of its result. Calls without one (new numbers,
 * or a filter inherited from another build) print six hex arguments, as
 * strace does for calls it does not know.
 */
#include "tracecall.h"

#include <linux/errno.h>
#include <sys/syscall.h>

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))

/*
 * Argument formats:
 *   d int            l long           u unsigned (a size)
 *   x pointer (NULL, 0x...)           X hex word (0, 0x...)
 *   o mode, octal    m mode, octal, only when the flags before it create
 *   f dirfd (AT_FDCWD)                s path: a guest string
 *   S signal         V argv: a guest string vector   E envp: its count
 *   v, e             V and E with 4-byte pointers (an i386 guest's)
 *   O open flags     K O_* flags alone               P prot
 *   M mmap flags     R mremap flags   Y msync flags  A madvise advice
 *   C clone flags    H sigprocmask how               L mlockall flags
 *   T shmat flags    Z AT_* flags
 */
#define F(a) { a, TF_RET_INT, TRACECALL_OTHER }
#define MM(a) { a, TF_RET_INT, TRACECALL_MM }
#define MMA(a) { a, TF_RET_ADDR, TRACECALL_MM }

/* numbers newer than the 6.1 headers (as in sysargs.c) */
#define NR_cachestat		451
#define NR_fchmodat2		452
#define NR_map_shadow_stack	453
#define NR_futex_wake		454
#define NR_futex_wait		455
#define NR_statmount		457
#define NR_listmount		458
#define NR_mseal		462
#define NR_file_getattr		468
#define NR_file_setattr		469

static const struct tracecall_fmt calls[] = {
	/* served by the runtime: memory */
	[SYS_brk]		= MMA("x"),
	[SYS_mmap]		= MMA("xuPMdX"),
	[SYS_munmap]		= MM("xu"),
	[SYS_mprotect]		= MM("xuP"),
	[SYS_pkey_mprotect]	= MM("xuPd"),
	[SYS_mremap]		= MMA("xuuRx"),
	[SYS_madvise]		= MM("xuA"),
	[SYS_msync]		= MM("xuY"),
	[SYS_mincore]		= MM("xux"),
	[SYS_shmat]		= MMA("dxT"),
	[SYS_shmdt]		= MM("x"),
	[SYS_mlock]		= MM("xu"),
	[SYS_mlock2]		= MM("xuX"),
	[SYS_munlock]		= MM("xu"),
	[SYS_mlockall]		= MM("L"),
	[SYS_munlockall]	= MM(""),
	[NR_mseal]		= MM("xuX"),
	[NR_map_shadow_stack]	= MMA("xuX"),
	/* served by the runtime: processes and signals */
	[SYS_execve]		= { "sVE", TF_RET_INT, TRACECALL_EXEC },
	[SYS_execveat]		= { "fsVEZ", TF_RET_INT, TRACECALL_EXEC },
	[SYS_fork]		= F(""),
	[SYS_clone]		= F("Cxxxx"),
	[SYS_clone3]		= F("xu"),
	[SYS_exit]		= { "d", TF_RET_NONE, TRACECALL_OTHER },
	[SYS_exit_group]	= { "d", TF_RET_NONE, TRACECALL_OTHER },
	[SYS_rt_sigaction]	= F("Sxxu"),
	[SYS_rt_sigprocmask]	= F("Hxxu"),
	[SYS_rt_sigreturn]	= { "", TF_RET_HEX, TRACECALL_OTHER },
	[SYS_sigaltstack]	= F("xx"),
	[SYS_arch_prctl]	= F("XX"),
	/* plain and vectored I/O */
	[SYS_read]		= F("dxu"),
	[SYS_write]		= F("dxu"),
	[SYS_pread64]		= F("dxul"),
	[SYS_pwrite64]		= F("dxul"),
	[SYS_readv]		= F("dxd"),
	[SYS_writev]		= F("dxd"),
	[SYS_preadv]		= F("dxdl"),
	[SYS_pwritev]		= F("dxdl"),
	[SYS_preadv2]		= F("dxdllX"),
	[SYS_pwritev2]		= F("dxdllX"),
	[SYS_getdents]		= F("dxu"),
	[SYS_getdents64]	= F("dxu"),
	[SYS_sendfile]		= F("ddxu"),
	[SYS_copy_file_range]	= F("dxdxuX"),
	[SYS_splice]		= F("dxdxuX"),
	[SYS_vmsplice]		= F("dxuX"),
	[SYS_process_vm_readv]	= F("dxuxuX"),
	[SYS_process_vm_writev]	= F("dxuxuX"),
	[SYS_io_getevents]	= F("Xllxx"),
	[SYS_ioctl]		= F("dXx"),
	[SYS_fcntl]		= F("ddX"),
	/* sockets */
	[SYS_recvfrom]		= F("dxuXxx"),
	[SYS_sendto]		= F("dxuXxd"),
	[SYS_recvmsg]		= F("dxX"),
	[SYS_sendmsg]		= F("dxX"),
	[SYS_recvmmsg]		= F("dxuXx"),
	[SYS_sendmmsg]		= F("dxuX"),
	[SYS_bind]		= F("dxd"),
	[SYS_connect]		= F("dxd"),
	[SYS_accept]		= F("dxx"),
	[SYS_accept4]		= F("dxxK"),
	[SYS_getsockname]	= F("dxx"),
	[SYS_getpeername]	= F("dxx"),
	[SYS_getsockopt]	= F("dddxx"),
	[SYS_setsockopt]	= F("dddxd"),
	[SYS_socketpair]	= F("dddx"),
	[SYS_pipe]		= F("x"),
	[SYS_pipe2]		= F("xK"),
	/* waiting for file descriptors */
	[SYS_poll]		= F("xud"),
	[SYS_ppoll]		= F("xuxxu"),
	[SYS_select]		= F("dxxxx"),
	[SYS_pselect6]		= F("dxxxxx"),
	[SYS_epoll_wait]	= F("dxdd"),
	[SYS_epoll_pwait]	= F("dxddxu"),
	[SYS_epoll_pwait2]	= F("dxdxxu"),
	[SYS_epoll_ctl]		= F("dddx"),
	/* paths */
	[SYS_open]		= F("sOm"),
	[SYS_openat]		= F("fsOm"),
	[SYS_openat2]		= F("fsxu"),
	[SYS_creat]		= F("so"),
	[SYS_readlink]		= F("sxu"),
	[SYS_readlinkat]	= F("fsxu"),
	[SYS_access]		= F("sd"),
	[SYS_faccessat]		= F("fsd"),
	[SYS_faccessat2]	= F("fsdX"),
	[SYS_chdir]		= F("s"),
	[SYS_chroot]		= F("s"),
	[SYS_mkdir]		= F("so"),
	[SYS_mkdirat]		= F("fso"),
	[SYS_mknod]		= F("soX"),
	[SYS_mknodat]		= F("fsoX"),
	[SYS_rmdir]		= F("s"),
	[SYS_unlink]		= F("s"),
	[SYS_unlinkat]		= F("fsZ"),
	[SYS_rename]		= F("ss"),
	[SYS_renameat]		= F("fsfs"),
	[SYS_renameat2]		= F("fsfsX"),
	[SYS_link]		= F("ss"),
	[SYS_linkat]		= F("fsfsZ"),
	[SYS_symlink]		= F("ss"),
	[SYS_symlinkat]		= F("sfs"),
	[SYS_chmod]		= F("so"),
	[SYS_fchmodat]		= F("fso"),
	[NR_fchmodat2]		= F("fsoZ"),
	[SYS_chown]		= F("sdd"),
	[SYS_lchown]		= F("sdd"),
	[SYS_fchownat]		= F("fsddZ"),
	[SYS_truncate]		= F("sl"),
	[SYS_utime]		= F("sx"),
	[SYS_utimes]		= F("sx"),
	[SYS_futimesat]		= F("fsx"),
	[SYS_utimensat]		= F("fsxZ"),
	[SYS_getcwd]		= F("xu"),
	[SYS_acct]		= F("s"),
	[SYS_swapon]		= F("sX"),
	[SYS_swapoff]		= F("s"),
	[SYS_pivot_root]	= F("ss"),
	[SYS_mount]		= F("sssXx"),
	[SYS_umount2]		= F("sX"),
	[SYS_open_tree]		= F("fsX"),
	[SYS_move_mount]	= F("fsfsX"),
	[SYS_fsopen]		= F("sX"),
	[SYS_fspick]		= F("fsX"),
	[SYS_mount_setattr]	= F("fsXxu"),
	[SYS_inotify_add_watch]	= F("dsX"),
	[SYS_fanotify_mark]	= F("dXXfs"),
	[SYS_memfd_create]	= F("sX"),
	[SYS_name_to_handle_at]	= F("fsxxZ"),
	[SYS_open_by_handle_at]	= F("dxO"),
	/* file status */
	[SYS_stat]		= F("sx"),
	[SYS_lstat]		= F("sx"),
	[SYS_fstat]		= F("dx"),
	[SYS_newfstatat]	= F("fsxZ"),
	[SYS_statx]		= F("fsZXx"),
	[SYS_statfs]		= F("sx"),
	[SYS_fstatfs]		= F("dx"),
	/* extended attributes */
	[SYS_getxattr]		= F("ssxu"),
	[SYS_lgetxattr]		= F("ssxu"),
	[SYS_fgetxattr]		= F("dsxu"),
	[SYS_setxattr]		= F("ssxuX"),
	[SYS_lsetxattr]		= F("ssxuX"),
	[SYS_fsetxattr]		= F("dsxuX"),
	[SYS_listxattr]		= F("sxu"),
	[SYS_llistxattr]	= F("sxu"),
	[SYS_flistxattr]	= F("dxu"),
	[SYS_removexattr]	= F("ss"),
	[SYS_lremovexattr]	= F("ss"),
	[SYS_fremovexattr]	= F("ds"),
	/* system information */
	[SYS_uname]		= F("x"),
	[SYS_sysinfo]		= F("x"),
	[SYS_sethostname]	= F("xu"),
	[SYS_setdomainname]	= F("xu"),
	[SYS_getrandom]		= F("xuX"),
	[SYS_getcpu]		= F("xxx"),
	/* time */
	[SYS_time]		= F("x"),
	[SYS_gettimeofday]	= F("xx"),
	[SYS_settimeofday]	= F("xx"),
	[SYS_clock_gettime]	= F("dx"),
	[SYS_clock_getres]	= F("dx"),
	[SYS_clock_settime]	= F("dx"),
	[SYS_clock_adjtime]	= F("dx"),
	[SYS_adjtimex]		= F("x"),
	[SYS_nanosleep]		= F("xx"),
	[SYS_clock_nanosleep]	= F("dXxx"),
	[SYS_times]		= F("x"),
	[SYS_getitimer]		= F("dx"),
	[SYS_setitimer]		= F("dxx"),
	[SYS_timer_create]	= F("dxx"),
	[SYS_timer_settime]	= F("dXxx"),
	[SYS_timer_gettime]	= F("dx"),
	[SYS_timerfd_settime]	= F("dXxx"),
	[SYS_timerfd_gettime]	= F("dx"),
	/* processes, resources, credentials */
	[SYS_wait4]		= F("dxXx"),
	[SYS_waitid]		= F("ddxXx"),
	[SYS_getrusage]		= F("dx"),
	[SYS_getrlimit]		= F("dx"),
	[SYS_setrlimit]		= F("dx"),
	[SYS_prlimit64]		= F("ddxx"),
	[SYS_getresuid]		= F("xxx"),
	[SYS_getresgid]		= F("xxx"),
	[SYS_getgroups]		= F("dx"),
	[SYS_setgroups]		= F("dx"),
	[SYS_capget]		= F("xx"),
	[SYS_capset]		= F("xx"),
	[SYS_prctl]		= F("dXXXX"),
	[SYS_perf_event_open]	= F("xdddX"),
	[SYS_landlock_create_ruleset] = F("xuX"),
	[SYS_landlock_add_rule]	= F("ddxX"),
	/* scheduling */
	[SYS_sched_getaffinity]	= F("dux"),
	[SYS_sched_setaffinity]	= F("dux"),
	[SYS_sched_getparam]	= F("dx"),
	[SYS_sched_setparam]	= F("dx"),
	[SYS_sched_setscheduler] = F("ddx"),
	[SYS_sched_getattr]	= F("dxuX"),
	[SYS_sched_setattr]	= F("dxX"),
	[SYS_sched_rr_get_interval] = F("dx"),
	/* threads and futexes */
	[SYS_futex]		= F("xddxxd"),
	[SYS_futex_waitv]	= F("xuXxd"),
	[SYS_set_tid_address]	= F("x"),
	[SYS_set_robust_list]	= F("xu"),
	[SYS_get_robust_list]	= F("dxx"),
	[SYS_rseq]		= F("xuXX"),
	[NR_futex_wake]		= F("xXdX"),
	[NR_futex_wait]		= F("xXXXxd"),
	/* signals */
	[SYS_rt_sigpending]	= F("xu"),
	[SYS_rt_sigtimedwait]	= F("xxxu"),
	[SYS_rt_sigqueueinfo]	= F("dSx"),
	[SYS_rt_tgsigqueueinfo]	= F("ddSx"),
	[SYS_rt_sigsuspend]	= F("xu"),
	[SYS_signalfd]		= F("dxu"),
	[SYS_signalfd4]		= F("dxuK"),
	[SYS_pidfd_send_signal]	= F("dSxX"),
	/* POSIX and System V IPC */
	[SYS_mq_open]		= F("sOmx"),
	[SYS_mq_unlink]		= F("s"),
	[SYS_mq_timedsend]	= F("dxuux"),
	[SYS_mq_timedreceive]	= F("dxuxx"),
	[SYS_mq_notify]		= F("dx"),
	[SYS_mq_getsetattr]	= F("dxx"),
	[SYS_semop]		= F("dxu"),
	[SYS_semtimedop]	= F("dxux"),
	[SYS_msgsnd]		= F("dxuX"),
	[SYS_msgrcv]		= F("dxulX"),
	/* newer calls */
	[NR_cachestat]		= F("dxxX"),
	[NR_statmount]		= F("xxuX"),
	[NR_listmount]		= F("xxuX"),
	[NR_file_getattr]	= F("fsxuZ"),
	[NR_file_setattr]	= F("fsxuZ"),
};

const struct tracecall_fmt *tracecall_fmt_of(long nr)
{
	if (nr < 0 || (unsigned long)nr >= NELEM(calls) || !calls[nr].args)
		return NULL;
	return &calls[nr];
}

enum tracecall_cat tracecall_category(long nr)
{
	const struct tracecall_fmt *f = tracecall_fmt_of(nr);

	return f ? (enum tracecall_cat)f->cat : TRACECALL_OTHER;
}

int tracecall_noreturn(long nr)
{
	const struct tracecall_fmt *f = tracecall_fmt_of(nr);

	return f && f->ret == TF_RET_NONE;
}

/* ---- arguments read from guest memory ---- */

#define STR_MAX 64		/* bytes of an argv string shown */
#define VEC_MAX 32		/* argv entries shown */
#define PATH_SHOWN 1024		/* bytes of a path shown */

static void put_path(struct tracefmt_buf *b, uintptr_t p,
		     const struct tracecall_mem *m, size_t max)
{
	char s[PATH_SHOWN + 1];
	size_t cap = max + 1 < sizeof s ? max + 1 : sizeof s;
	long n;

	if (!p) {
		tracefmt_put(b, "NULL");
		return;
	}
	n = m->read_str(s, p, cap);
	if (n == -ENAMETOOLONG)
		tracefmt_str(b, s, cap - 1, max, 1);
	else if (n < 0)
		tracefmt_put(b, "0x%lx", (unsigned long)p);
	else
		tracefmt_str(b, s, (size_t)n, max, 0);
}

/* ["sh", "-c", "exec /bin/true"]; w: the guest's pointer size, 8 or 4 */
static void put_argv(struct tracefmt_buf *b, uintptr_t v,
		     const struct tracecall_mem *m, size_t w)
{
	uintptr_t p;
	int i;

	if (!v) {
		tracefmt_put(b, "NULL");
		return;
	}
	tracefmt_put(b, "[");
	for (i = 0; !b->full; i++) {
		p = 0;	/* a 4-byte pointer fills its low half */
		if (m->read(&p, v + (uintptr_t)i * w, w) < 0) {
			tracefmt_put(b, "%s0x%lx", i ? ", " : "",
				     (unsigned long)(v + (uintptr_t)i * w));
			break;
		}
		if (!p)
			break;
		if (i == VEC_MAX) {
			tracefmt_put(b, ", ...");
			break;
		}
		if (i)
			tracefmt_put(b, ", ");
		put_path(b, p, m, STR_MAX);
	}
	tracefmt_put(b, "]");
}

/* Is pointer i of a vector of w-byte pointers NULL? */
static int vec_null(const uint32_t *chunk, size_t i, size_t w)
{
	if (w == 4)
		return chunk[i] == 0;
	return chunk[2 * i] == 0 && chunk[2 * i + 1] == 0;
}

/* 0x7ffc0c8e2f68 / * 23 vars * / (strace's form for an environment);
 * w: the guest's pointer size, 8 or 4 */
static void put_envp(struct tracefmt_buf *b, uintptr_t v,
		     const struct tracecall_mem *m, size_t w)
{
	uint32_t chunk[32];	/* 16 pointers of 8 bytes, or 32 of 4 */
	size_t per = sizeof chunk / w;
	long n = 0;

	if (!v) {
		tracefmt_put(b, "NULL");
		return;
	}
	for (;;) {
		size_t i;

		/* a short read near the end of the mapping: one pointer, and
		 * the rest read as non-NULL until it is read in turn */
		for (i = 0; i < NELEM(chunk); i++)
			chunk[i] = ~0u;
		if (m->read(chunk, v + (uintptr_t)n * w, sizeof chunk) < 0 &&
		    m->read(chunk, v + (uintptr_t)n * w, w) < 0) {
			tracefmt_put(b, "0x%lx", (unsigned long)v);
			return;
		}
		for (i = 0; i < per && !vec_null(chunk, i, w); i++)
			n++;
		if (i < per || n > 100000)
			break;
	}
	tracefmt_put(b, "0x%lx /* %ld var%s */", (unsigned long)v, n,
		     n == 1 ? "" : "s");
}

/* ---- one argument ---- */

static void put_octal(struct tracefmt_buf *b, unsigned long v)
{
	char tmp[24];
	int n = 0;

	if (v == 0) {
		tracefmt_put(b, "0");
		return;
	}
	while (v) {
		tmp[n++] = (char)('0' + (v & 7));
		v >>= 3;
	}
	tmp[n++] = '0';
	while (n)
		tracefmt_put(b, "%c", tmp[--n]);
}

static void put_arg(struct tracefmt_buf *b, char k, long v,
		    const struct tracecall_mem *m)
{
	static const enum tracefmt_set sets[128] = {
		['O'] = TF_OPEN, ['K'] = TF_OFLAGS, ['P'] = TF_PROT,
		['M'] = TF_MMAP, ['R'] = TF_MREMAP, ['Y'] = TF_MSYNC,
		['A'] = TF_MADV, ['C'] = TF_CLONE, ['H'] = TF_SIGHOW,
		['L'] = TF_MLOCKALL, ['T'] = TF_SHMAT, ['Z'] = TF_AT,
	};
	unsigned long u = (unsigned long)v;
	char tmp[16];

	switch (k) {
	case 'd':
		tracefmt_put(b, "%d", (int)v);
		break;
	case 'l':
		tracefmt_put(b, "%ld", v);
		break;
	case 'u':
		tracefmt_put(b, "%lu", u);
		break;
	case 'x':
		if (u)
			tracefmt_put(b, "0x%lx", u);
		else
			tracefmt_put(b, "NULL");
		break;
	case 'X':
		tracefmt_put(b, u ? "0x%lx" : "%lu", u);
		break;
	case 'o':
	case 'm':
		put_octal(b, u & 07777777);
		break;
	case 'f':
		if ((int)v == -100)
			tracefmt_put(b, "AT_FDCWD");
		else
			tracefmt_put(b, "%d", (int)v);
		break;
	case 's':
		put_path(b, u, m, PATH_SHOWN);
		break;
	case 'S':
		tracefmt_put(b, "%s", tracefmt_signame((int)v, tmp));
		break;
	case 'V':
	case 'v':
		put_argv(b, u, m, k == 'V' ? 8 : 4);
		break;
	case 'E':
	case 'e':
		put_envp(b, u, m, k == 'E' ? 8 : 4);
		break;
	default:
		tracefmt_sym(b, sets[(unsigned char)k & 127], k == 'O' || k == 'K'
			     || k == 'T' ? u & 0xffffffffUL : u);
		break;
	}
}

/* A mode argument means something only with O_CREAT or O_TMPFILE. */
static int mode_shown(int i, const long *a)
{
	return i > 0 && (a[i - 1] & (0100 | 020000000));
}

void tracecall_format(struct tracefmt_buf *b, long nr, const long *a, long ret,
		      const struct tracecall_mem *m)
{
	tracecall_put(b, tracefmt_sysname(nr), nr, tracecall_fmt_of(nr), a, ret,
		      m);
}

void tracecall_put(struct tracefmt_buf *b, const char *name, long nr,
		   const struct tracecall_fmt *f, const long *a, long ret,
		   const struct tracecall_mem *m)
{
	if (name)
		tracefmt_put(b, "%s(", name);
	else
		tracefmt_put(b, "syscall_%ld(", nr);
	if (!f) {
		for (int i = 0; i < 6; i++)
			tracefmt_put(b, "%s0x%lx", i ? ", " : "",
				     (unsigned long)a[i]);
		tracefmt_put(b, ")");
		tracefmt_result(b, ret, TF_RET_INT);
		return;
	}
	for (int i = 0; f->args[i] && i < 6; i++) {
		if (f->args[i] == 'm' && !mode_shown(i, a))
			continue;
		if (i)
			tracefmt_put(b, ", ");
		put_arg(b, f->args[i], a[i], m);
	}
	tracefmt_put(b, ")");
	tracefmt_result(b, ret, (enum tracefmt_ret)f->ret);
}
