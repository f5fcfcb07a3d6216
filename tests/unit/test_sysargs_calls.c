/*
 * test_sysargs_calls.c - the irregular calls of the argument table
 * (sysargs_calls.c): ioctl, fcntl, prctl, futexes and the rest; same
 * recording pager and expectations as test_sysargs.c.
 */
#include <criterion/criterion.h>
#include <asm/termbits.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/futex.h>
#include <linux/rseq.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <limits.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "fake_pager.h"
#include "sys.h"
#include "sysargs_expect.h"

/* ---- ioctl ---- */

Test(sysargs, ioctl_decodes_ioc_direction_and_size)
{
	CALL(SYS_ioctl, 3, _IOR('x', 1, char[24]), L(buf));
	WANT(P(buf, 24, 1));
	CALL(SYS_ioctl, 3, _IOW('x', 2, char[40]), L(buf));
	WANT(P(buf, 40, 0));
	CALL(SYS_ioctl, 3, _IOWR('x', 3, char[16]), L(buf));
	WANT(P(buf, 16, 1));
	CALL(SYS_ioctl, 3, _IO('x', 4), L(buf));
	WANT_NONE();
	/* the request is an unsigned int: upper register bits are ignored */
	CALL(SYS_ioctl, 3, 0xdead000000000000L | _IOR('x', 1, int), L(buf));
	WANT(P(buf, 4, 1));
}

struct legacy {
	unsigned int req;
	size_t size;
	int write;
};

static const struct legacy legacy[] = {
	{ TCGETS, 36, 1 },
	{ TCSETS, 36, 0 },
	{ TCSETSW, 36, 0 },
	{ TCSETSF, 36, 0 },
	{ TIOCGWINSZ, 8, 1 },
	{ TIOCSWINSZ, 8, 0 },
	{ TIOCGPGRP, 4, 1 },
	{ TIOCSPGRP, 4, 0 },
	{ FIONREAD, 4, 1 },
	{ FIONBIO, 4, 0 },
	{ FIOASYNC, 4, 0 },
	{ TIOCGPTN, 4, 1 },
	{ TIOCSPTLCK, 4, 0 },
	{ SIOCGIFFLAGS, 40, 1 },
};

Test(sysargs, ioctl_legacy_tty_requests_use_kernel_structs)
{
	size_t i;

	for (i = 0; i < NELEM(legacy); i++) {
		CALL(SYS_ioctl, 0, legacy[i].req, L(buf));
		cr_assert(fake_pager_n == 1 &&
			  fake_pager_calls[0].len == legacy[i].size &&
			  fake_pager_calls[0].write == legacy[i].write,
			  "ioctl %#x: want len %zu write %d, got:\n%s",
			  legacy[i].req, legacy[i].size, legacy[i].write, dump());
	}
	/* by-value arguments: nothing to prepare */
	CALL(SYS_ioctl, 0, TIOCSCTTY, L(buf));
	WANT_NONE();
	CALL(SYS_ioctl, 0, TCFLSH, L(buf));
	WANT_NONE();
}

Test(sysargs, ioctl_siocgifconf_writes_the_buffer_it_names)
{
	struct ifconf ifc = { .ifc_len = 80, .ifc_buf = buf2 };

	CALL(SYS_ioctl, 3, SIOCGIFCONF, L(&ifc));
	WANT(P(&ifc, sizeof ifc, 1), P(buf2, 80, 1));
	ifc.ifc_buf = NULL;
	CALL(SYS_ioctl, 3, SIOCGIFCONF, L(&ifc));
	WANT(P(&ifc, sizeof ifc, 1));
}

/* ---- fcntl, prctl, arch_prctl ---- */

Test(sysargs, fcntl_locks_and_owners)
{
	CALL(SYS_fcntl, 3, F_GETLK, L(buf));
	WANT(P(buf, 32, 1));
	CALL(SYS_fcntl, 3, F_SETLK, L(buf));
	WANT(P(buf, 32, 0));
	CALL(SYS_fcntl, 3, F_SETLKW, L(buf));
	WANT(P(buf, 32, 0));
	CALL(SYS_fcntl, 3, F_OFD_GETLK, L(buf));
	WANT(P(buf, 32, 1));
	CALL(SYS_fcntl, 3, F_OFD_SETLKW, L(buf));
	WANT(P(buf, 32, 0));
	CALL(SYS_fcntl, 3, F_GETOWN_EX, L(buf));
	WANT(P(buf, 8, 1));
	CALL(SYS_fcntl, 3, F_SETOWN_EX, L(buf));
	WANT(P(buf, 8, 0));
	CALL(SYS_fcntl, 3, F_SETFL, L(buf));
	WANT_NONE();
	CALL(SYS_fcntl, 3, F_DUPFD, L(buf));
	WANT_NONE();
}

Test(sysargs, prctl_and_arch_prctl_pointer_options)
{
	CALL(SYS_prctl, PR_SET_NAME, L(buf));
	WANT(P(buf, 16, 0));
	CALL(SYS_prctl, PR_GET_NAME, L(buf));
	WANT(P(buf, 16, 1));
	CALL(SYS_prctl, PR_GET_TID_ADDRESS, L(buf));
	WANT(P(buf, 8, 1));
	CALL(SYS_prctl, PR_SET_DUMPABLE, L(buf));
	WANT_NONE();
	CALL(SYS_arch_prctl, 0x1003 /* ARCH_GET_FS */, L(buf));
	WANT(P(buf, 8, 1));
	CALL(SYS_arch_prctl, 0x1004 /* ARCH_GET_GS */, L(buf));
	WANT(P(buf, 8, 1));
	CALL(SYS_arch_prctl, 0x1002 /* ARCH_SET_FS */, L(buf));
	WANT_NONE();
}

/* ---- futexes ---- */

Test(sysargs, futex_wait_prepares_word_and_timeout)
{
	uint32_t w = 0;
	struct timespec ts = { 1, 0 };

	CALL(SYS_futex, L(&w), FUTEX_WAIT_PRIVATE, 0, L(&ts));
	WANT(RW_OR_RO(&w, 4), P(&ts, 16, 0));
	CALL(SYS_futex, L(&w), FUTEX_WAIT, 0, 0);
	WANT(RW_OR_RO(&w, 4));
	CALL(SYS_futex, L(&w), FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0,
	     L(&ts), 0, -1);
	WANT(RW_OR_RO(&w, 4), P(&ts, 16, 0));
	CALL(SYS_futex, L(&w), FUTEX_LOCK_PI_PRIVATE, 0, L(&ts));
	WANT(RW_OR_RO(&w, 4), P(&ts, 16, 0));
}

Test(sysargs, futex_val2_is_not_a_pointer)
{
	uint32_t w = 0, w2 = 0;

	/* FUTEX_WAKE: a[3] unused; CMP_REQUEUE: a[3] is a count */
	CALL(SYS_futex, L(&w), FUTEX_WAKE_PRIVATE, 1, L(buf));
	WANT(RW_OR_RO(&w, 4));
	CALL(SYS_futex, L(&w), FUTEX_CMP_REQUEUE_PRIVATE, 1, L(buf), L(&w2), 0);
	WANT(RW_OR_RO(&w, 4), RW_OR_RO(&w2, 4));
	CALL(SYS_futex, L(&w), FUTEX_REQUEUE, 1, L(buf), L(&w2));
	WANT(RW_OR_RO(&w, 4), RW_OR_RO(&w2, 4));
}

Test(sysargs, futex_wake_op_writes_uaddr2)
{
	uint32_t w = 0, w2 = 0;

	CALL(SYS_futex, L(&w), FUTEX_WAKE_OP_PRIVATE, 1, 1, L(&w2), 0);
	WANT(RW_OR_RO(&w, 4), P(&w2, 4, 1));
}

Test(sysargs, futex_waitv_prepares_each_waiter_word)
{
	uint32_t w1 = 0, w2 = 0;
	struct futex_waitv v[2] = {
		{ .uaddr = (uintptr_t)&w1, .flags = FUTEX_32 },
		{ .uaddr = (uintptr_t)&w2, .flags = FUTEX_32 },
	};

	CALL(SYS_futex_waitv, L(v), 2, 0, 0, CLOCK_MONOTONIC);
	WANT(P(v, sizeof v, 0), RW_OR_RO(&w1, 4), RW_OR_RO(&w2, 4));
	CALL(SYS_futex_waitv, L(v), 129, 0, 0, 0);
	WANT_NONE();
}

/* ---- pins ---- */

Test(sysargs, kernel_written_memory_is_pinned)
{
	struct robust_list_head head;
	struct rseq rs;

	CALL(SYS_set_tid_address, L(buf));
	WANT(PINNED(buf, 4));
	CALL(SYS_set_robust_list, L(&head), sizeof head);
	WANT(PINNED(&head, 24));
	CALL(SYS_set_robust_list, L(&head), sizeof head - 1);
	WANT_NONE();
	CALL(SYS_rseq, L(&rs), sizeof rs, 0, 0x53053053);
	WANT(PINNED(&rs, 32));
	/* unregistering writes the area once, now */
	CALL(SYS_rseq, L(&rs), sizeof rs, RSEQ_FLAG_UNREGISTER, 0x53053053);
	WANT(P(&rs, 32, 1));
	CALL(SYS_set_tid_address, 0);
	WANT_NONE();
}

/* ---- poll, select, epoll ---- */

Test(sysargs, select_sizes_fd_sets_in_longs)
{
	CALL(SYS_select, 1, L(buf), L(buf + 100), L(buf + 200), 0);
	WANT(P(buf, 8, 1), P(buf + 100, 8, 1), P(buf + 200, 8, 1));
	CALL(SYS_select, 64, L(buf), 0, 0, 0);
	WANT(P(buf, 8, 1));
	CALL(SYS_select, 65, 0, L(buf), 0, 0);
	WANT(P(buf, 16, 1));
	CALL(SYS_select, 1024, 0, 0, L(buf), 0);
	WANT(P(buf, 128, 1));
	CALL(SYS_select, 0, L(buf), 0, 0, 0);
	WANT_NONE();
	CALL(SYS_select, -1, L(buf), 0, 0, 0);
	WANT_NONE();
}

Test(sysargs, pselect6_reads_the_sigmask_through_its_struct)
{
	uint64_t mask = 0;
	struct {
		void *ss;
		size_t len;
	} sig = { &mask, 8 };
	struct timespec ts;

	CALL(SYS_pselect6, 3, L(buf), 0, 0, L(&ts), L(&sig));
	WANT(P(&ts, 16, 1), P(buf, 8, 1), P(&sig, 16, 0), P(&mask, 8, 0));
	sig.ss = NULL;
	CALL(SYS_pselect6, 3, L(buf), 0, 0, 0, L(&sig));
	WANT(P(buf, 8, 1), P(&sig, 16, 0));
}

Test(sysargs, ppoll_writes_revents_and_remaining_time)
{
	struct pollfd fds[2];
	struct timespec ts;
	uint64_t mask;

	CALL(SYS_ppoll, L(fds), 2, L(&ts), L(&mask), 8);
	WANT(P(fds, 16, 1), P(&ts, 16, 1), P(&mask, 8, 0));
}

Test(sysargs, epoll_ctl_reads_the_event_except_for_del)
{
	struct epoll_event ev;

	CALL(SYS_epoll_ctl, 3, EPOLL_CTL_ADD, 4, L(&ev));
	WANT(P(&ev, 12, 0));
	CALL(SYS_epoll_ctl, 3, EPOLL_CTL_MOD, 4, L(&ev));
	WANT(P(&ev, 12, 0));
	CALL(SYS_epoll_ctl, 3, EPOLL_CTL_DEL, 4, L(&ev));
	WANT_NONE();
}

/* ---- structs that carry their size or version ---- */

Test(sysargs, capget_sizes_data_by_header_version)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };

	CALL(SYS_capget, L(&h), L(buf));
	WANT(RW_OR_RO(&h, 8), P(buf, 24, 1));
	h.version = _LINUX_CAPABILITY_VERSION_1;
	CALL(SYS_capget, L(&h), L(buf));
	WANT(RW_OR_RO(&h, 8), P(buf, 12, 1));
	h.version = 0x12345678;
	CALL(SYS_capget, L(&h), L(buf));
	WANT(RW_OR_RO(&h, 8));
	h.version = _LINUX_CAPABILITY_VERSION_2;
	CALL(SYS_capset, L(&h), L(buf));
	WANT(RW_OR_RO(&h, 8), P(buf, 24, 0));
}

Test(sysargs, self_sized_structs_read_their_declared_size)
{
	uint32_t *attr = (uint32_t *)buf;

	memset(buf, 0, 8);
	attr[1] = 0;	/* perf_event_attr.size 0: PERF_ATTR_SIZE_VER0 */
	CALL(SYS_perf_event_open, L(buf), 0, -1, -1, 0);
	WANT(RW_OR_RO(buf + 4, 4), P(buf, 64, 0));
	attr[1] = 136;
	CALL(SYS_perf_event_open, L(buf), 0, -1, -1, 0);
	WANT(RW_OR_RO(buf + 4, 4), P(buf, 136, 0));
	attr[1] = 8192;	/* E2BIG: only the size word, written back */
	CALL(SYS_perf_event_open, L(buf), 0, -1, -1, 0);
	WANT(RW_OR_RO(buf + 4, 4));
	attr[0] = 56;	/* sched_attr.size */
	CALL(SYS_sched_setattr, 0, L(buf), 0);
	WANT(RW_OR_RO(buf, 4), P(buf, 56, 0));
}

Test(sysargs, file_handles_are_sized_by_handle_bytes)
{
	struct file_handle *fh = (struct file_handle *)buf;
	int mnt;

	fh->handle_bytes = 16;
	CALL(SYS_name_to_handle_at, AT_FDCWD, L(buf2), L(fh), L(&mnt), 0);
	WANT(S(buf2, 4096), P(fh, 8, 1), P(fh, 24, 1), P(&mnt, 4, 1));
	CALL(SYS_name_to_handle_at, AT_FDCWD, L(buf2), L(fh), L(&mnt),
	     0x001 /* AT_HANDLE_MNT_ID_UNIQUE */);
	WANT(S(buf2, 4096), P(fh, 8, 1), P(fh, 24, 1), P(&mnt, 8, 1));
	fh->handle_bytes = 129;
	CALL(SYS_open_by_handle_at, 3, L(fh), O_RDONLY);
	WANT(P(fh, 8, 0));
	fh->handle_bytes = 8;
	CALL(SYS_open_by_handle_at, 3, L(fh), O_RDONLY);
	WANT(P(fh, 8, 0), P(fh, 16, 0));
}

/* ---- the list of numbers ---- */

static int nrs[1024];
static int n_nrs;

static void load_numbers(void)
{
	n_nrs = sysargs_numbers(nrs, (int)NELEM(nrs));
	cr_assert_gt(n_nrs, 0);
	cr_assert_leq(n_nrs, (int)NELEM(nrs));
}

static int listed(long nr)
{
	int i;

	for (i = 0; i < n_nrs; i++)
		if (nrs[i] == nr)
			return 1;
	return 0;
}

Test(sysargs, numbers_ascend_without_duplicates)
{
	int i;

	load_numbers();
	for (i = 1; i < n_nrs; i++)
		cr_assert_lt(nrs[i - 1], nrs[i], "at %d", i);
}

Test(sysargs, numbers_are_exactly_the_table)
{
	long nr;

	load_numbers();
	for (nr = 0; nr < 1024; nr++) {
		long a[6] = { 0 };
		int r;

		fake_pager_reset();
		r = sysargs_prepare(nr, a);
		cr_assert_eq(r, listed(nr) ? 0 : ENOSYS_RET, "nr %ld", nr);
	}
}

Test(sysargs, numbers_truncate_at_max_but_count_all)
{
	int few[3] = { -1, -1, -1 };
	int n;

	load_numbers();
	n = sysargs_numbers(few, 2);
	cr_assert_eq(n, n_nrs);
	cr_assert_eq(few[0], nrs[0]);
	cr_assert_eq(few[1], nrs[1]);
	cr_assert_eq(few[2], -1);
	cr_assert_eq(sysargs_numbers(NULL, 0), n_nrs);
}

Test(sysargs, numbers_leave_out_what_the_runtime_serves)
{
	static const long served[] = {
		SYS_mmap, SYS_munmap, SYS_mprotect, SYS_pkey_mprotect,
		SYS_mremap, SYS_madvise, SYS_msync, SYS_mincore, SYS_brk,
		SYS_shmat, SYS_shmdt, SYS_execve, SYS_execveat, SYS_clone,
		SYS_clone3, SYS_fork, SYS_vfork, SYS_rt_sigaction,
		SYS_rt_sigprocmask, SYS_sigaltstack, SYS_rt_sigreturn,
	};
	size_t i;

	load_numbers();
	for (i = 0; i < NELEM(served); i++)
		cr_assert(!listed(served[i]), "nr %ld is served", served[i]);
}

Test(sysargs, numbers_cover_the_required_calls)
{
	static const long required[] = {
		SYS_read, SYS_pread64, SYS_readv, SYS_preadv, SYS_preadv2,
		SYS_write, SYS_pwrite64, SYS_writev, SYS_pwritev,
		SYS_pwritev2, SYS_recvfrom, SYS_recvmsg, SYS_recvmmsg,
		SYS_sendto, SYS_sendmsg, SYS_sendmmsg, SYS_getdents,
		SYS_getdents64, SYS_stat, SYS_lstat, SYS_fstat,
		SYS_newfstatat, SYS_statx, SYS_statfs, SYS_fstatfs,
		SYS_access, SYS_faccessat, SYS_faccessat2, SYS_chdir,
		SYS_mkdir, SYS_mkdirat, SYS_rmdir, SYS_unlink, SYS_unlinkat,
		SYS_rename, SYS_renameat, SYS_renameat2, SYS_link,
		SYS_linkat, SYS_symlink, SYS_symlinkat, SYS_chmod,
		SYS_fchmodat, SYS_chown, SYS_lchown, SYS_fchownat,
		SYS_truncate, SYS_utimensat, SYS_futimesat, SYS_utimes,
		SYS_utime, SYS_getcwd, SYS_uname, SYS_sysinfo, SYS_getrusage,
		SYS_times, SYS_gettimeofday, SYS_settimeofday,
		SYS_clock_gettime, SYS_clock_getres, SYS_clock_nanosleep,
		SYS_nanosleep, SYS_getrandom, SYS_pipe, SYS_pipe2,
		SYS_socketpair, SYS_wait4, SYS_waitid, SYS_getsockopt,
		SYS_setsockopt, SYS_getsockname, SYS_getpeername, SYS_accept,
		SYS_accept4, SYS_bind, SYS_connect, SYS_poll, SYS_ppoll,
		SYS_select, SYS_pselect6, SYS_epoll_wait, SYS_epoll_pwait,
		SYS_epoll_pwait2, SYS_epoll_ctl, SYS_futex,
		SYS_set_robust_list, SYS_get_robust_list, SYS_rseq,
		SYS_set_tid_address, SYS_prlimit64, SYS_getrlimit,
		SYS_setrlimit, SYS_sched_getaffinity, SYS_sched_setaffinity,
		SYS_sched_getparam, SYS_sched_setparam,
		SYS_sched_setscheduler, SYS_sched_rr_get_interval,
		SYS_getitimer, SYS_setitimer, SYS_timer_create,
		SYS_timer_settime, SYS_timer_gettime, SYS_timerfd_settime,
		SYS_timerfd_gettime, SYS_rt_sigpending, SYS_rt_sigtimedwait,
		SYS_rt_sigqueueinfo, SYS_rt_tgsigqueueinfo,
		SYS_rt_sigsuspend, SYS_signalfd, SYS_signalfd4, SYS_capget,
		SYS_capset, SYS_getresuid, SYS_getresgid, SYS_getgroups,
		SYS_setgroups, SYS_getxattr, SYS_lgetxattr, SYS_fgetxattr,
		SYS_setxattr, SYS_lsetxattr, SYS_fsetxattr, SYS_listxattr,
		SYS_llistxattr, SYS_flistxattr, SYS_ioctl, SYS_fcntl,
		SYS_open, SYS_openat, SYS_openat2, SYS_creat, SYS_readlink,
		SYS_readlinkat, SYS_mq_timedsend, SYS_mq_timedreceive,
		SYS_io_getevents, SYS_name_to_handle_at,
		SYS_process_vm_readv, SYS_process_vm_writev, SYS_sendfile,
		SYS_copy_file_range, SYS_splice, SYS_vmsplice,
		SYS_memfd_create, SYS_mount, SYS_umount2, SYS_chroot,
		SYS_sethostname, SYS_setdomainname, SYS_inotify_add_watch,
		SYS_fanotify_mark, SYS_arch_prctl, SYS_prctl,
		SYS_perf_event_open,
	};
	size_t i;

	load_numbers();
	for (i = 0; i < NELEM(required); i++)
		cr_assert(listed(required[i]), "nr %ld missing", required[i]);
}

/* With every register zero, every pointer is NULL: nothing anywhere. */
Test(sysargs, zero_registers_prepare_nothing_for_any_number)
{
	int i;

	load_numbers();
	for (i = 0; i < n_nrs; i++) {
		long a[6] = { 0 };

		fake_pager_reset();
		cr_assert_eq(sysargs_prepare(nrs[i], a), 0);
		cr_assert_eq(fake_pager_n, 0, "nr %d:\n%s", nrs[i], dump());
	}
}
