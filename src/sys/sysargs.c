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
#include "sysargs_int.h"

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
	[SYS_vmsplice]		= FN(sysargs_prepare_vmsplice),
	[SYS_process_vm_readv]	= ARGS(IOV_OUT(1, 2),
				       IN_N(3, 4, C_UL, sizeof(struct iovec),
					    UIO_MAXIOV * sizeof(struct iovec))),
	[SYS_process_vm_writev]	= ARGS(IOV_IN(1, 2),
				       IN_N(3, 4, C_UL, sizeof(struct iovec),
					    UIO_MAXIOV * sizeof(struct iovec))),
	[SYS_io_getevents]	= ARGS(OUT_N(3, 2, C_LONG, 32 /* io_event */, 0),
				       IN(4, TS)),
	[SYS_ioctl]		= FN(sysargs_prepare_ioctl),
	[SYS_fcntl]		= FN(sysargs_prepare_fcntl),

	/* sockets */
	[SYS_recvfrom]		= ARGS(OUT_BUF(1, 2), SOCKADDR_OUT(4, 5)),
	[SYS_sendto]		= ARGS(IN_BUF(1, 2), SOCKADDR_IN(4, 5)),
	[SYS_recvmsg]		= FN(sysargs_prepare_recvmsg),
	[SYS_sendmsg]		= FN(sysargs_prepare_sendmsg),
	[SYS_recvmmsg]		= FN(sysargs_prepare_recvmmsg, INOUT(4, TS)),
	[SYS_sendmmsg]		= FN(sysargs_prepare_sendmmsg),
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
				       INOUT(2, TS), IN(3, KSIGSET_SIZE)),
	[SYS_select]		= FN(sysargs_prepare_select, INOUT(4, TV)),
	[SYS_pselect6]		= FN(sysargs_prepare_pselect6, INOUT(4, TS)),
	[SYS_epoll_wait]	= ARGS(OUT_N(1, 2, C_INT, sizeof(struct epoll_event), 0)),
	[SYS_epoll_pwait]	= ARGS(OUT_N(1, 2, C_INT, sizeof(struct epoll_event), 0),
				       IN(4, KSIGSET_SIZE)),
	[SYS_epoll_pwait2]	= ARGS(OUT_N(1, 2, C_INT, sizeof(struct epoll_event), 0),
				       IN(3, TS), IN(4, KSIGSET_SIZE)),
	[SYS_epoll_ctl]		= FN(sysargs_prepare_epoll_ctl),

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
	[SYS_name_to_handle_at]	= FN(sysargs_prepare_name_to_handle_at, PATH(1)),
	[SYS_open_by_handle_at]	= FN(sysargs_prepare_open_by_handle_at),

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
	[SYS_clock_nanosleep]	= FN(sysargs_prepare_clock_nanosleep, IN(2, TS)),
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
	[SYS_capget]		= FN(sysargs_prepare_capget),
	[SYS_capset]		= FN(sysargs_prepare_capset),
	[SYS_prctl]		= FN(sysargs_prepare_prctl),
	[SYS_arch_prctl]	= FN(sysargs_prepare_arch_prctl),
	[SYS_perf_event_open]	= FN(sysargs_prepare_perf_event_open),
	[SYS_landlock_create_ruleset] = ARGS(IN_N(0, 1, C_UL, 1, PAGE)),
	[SYS_landlock_add_rule]	= FN(sysargs_prepare_landlock_add_rule),

	/* scheduling */
	[SYS_sched_getaffinity]	= ARGS(OUT_N(2, 1, C_U32, 1, 0)),
	[SYS_sched_setaffinity]	= ARGS(IN_N(2, 1, C_U32, 1, 0)),
	[SYS_sched_getparam]	= ARGS(OUT(1, sizeof(struct sched_param))),
	[SYS_sched_setparam]	= ARGS(IN(1, sizeof(struct sched_param))),
	[SYS_sched_setscheduler] = ARGS(IN(2, sizeof(struct sched_param))),
	[SYS_sched_getattr]	= ARGS(OUT_N(1, 2, C_U32, 1, PAGE)),
	[SYS_sched_setattr]	= FN(sysargs_prepare_sched_setattr),
	[SYS_sched_rr_get_interval] = ARGS(OUT(1, TS)),

	/* threads and futexes: pins are written by the kernel later */
	[SYS_futex]		= FN(sysargs_prepare_futex),
	[SYS_futex_waitv]	= FN(sysargs_prepare_futex_waitv, IN(3, TS)),
	[SYS_set_tid_address]	= ARGS(PIN(0, sizeof(int))),
	[SYS_set_robust_list]	= FN(sysargs_prepare_set_robust_list),
	[SYS_get_robust_list]	= ARGS(OUT(1, sizeof(void *)), OUT(2, sizeof(size_t))),
	[SYS_rseq]		= FN(sysargs_prepare_rseq),

	/* signals (the runtime serves rt_sigaction, rt_sigprocmask and
	 * sigaltstack itself) */
	[SYS_rt_sigpending]	= ARGS(OUT_N(0, 1, C_UL, 1, KSIGSET_SIZE)),
	[SYS_rt_sigtimedwait]	= ARGS(IN(0, KSIGSET_SIZE), OUT(1, SI), IN(2, TS)),
	[SYS_rt_sigqueueinfo]	= ARGS(IN(2, SI)),
	[SYS_rt_tgsigqueueinfo]	= ARGS(IN(3, SI)),
	[SYS_rt_sigsuspend]	= ARGS(IN(0, KSIGSET_SIZE)),
	[SYS_signalfd]		= ARGS(IN(1, KSIGSET_SIZE)),
	[SYS_signalfd4]		= ARGS(IN(1, KSIGSET_SIZE)),
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
	[SYS_msgsnd]		= FN(sysargs_prepare_msgsnd),
	[SYS_msgrcv]		= FN(sysargs_prepare_msgrcv),
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

/* ---- the interpreter, for both ABIs' tables ---- */

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
	case SA_IOV32_IN:
	case SA_IOV32_OUT:
		prepare_iov32(p, (unsigned long)a[d->cnt], d->kind == SA_IOV32_OUT);
		return;
	}
	/* before the NULL test: a C_PINT length word is prepared anyway */
	len = arg_len(d, a);
	if (d->kind == SA_PIN)
		pin(p, len);
	else
		prep(p, len, d->kind == SA_OUT);
}

int sysargs_apply(const struct sa_entry *tab, size_t n, long nr,
		  const long *a)
{
	const struct sa_entry *e;
	size_t i;

	if (nr < 0 || (unsigned long)nr >= n || !entry_used(&tab[nr]))
		return -ENOSYS;
	e = &tab[nr];
	for (i = 0; i < NELEM(e->arg) && e->arg[i].kind != SA_NONE; i++)
		prepare_arg(&e->arg[i], a);
	if (e->fn)
		e->fn(a);
	return 0;
}

int sysargs_list(const struct sa_entry *tab, size_t n, int *nrs, int max)
{
	int k = 0;

	for (size_t nr = 0; nr < n; nr++) {
		if (!entry_used(&tab[nr]))
			continue;
		if (k < max)
			nrs[k] = (int)nr;
		k++;
	}
	return k;
}

int sysargs_prepare(long nr, const long *a)
{
	return sysargs_apply(table, NELEM(table), nr, a);
}

int sysargs_numbers(int *nrs, int max)
{
	return sysargs_list(table, NELEM(table), nrs, max);
}
