/*
 * test_sysargs.c - the system call argument table (sysargs.c), run against
 * a pager that only records what it is asked (fake_pager.c). Guest
 * structures (iovec arrays, msghdrs, length words) live in this process:
 * host_copy_in reads them back with process_vm_readv on our own pid.
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

TestSuite(sysargs, .timeout = 30);

/* ---- plain buffers ---- */

Test(sysargs, read_prepares_buffer_for_write)
{
	CALL(SYS_read, 3, L(buf), 100);
	WANT(P(buf, 100, 1));
	CALL(SYS_pread64, 3, L(buf), 5000, 7);
	WANT(P(buf, 5000, 1));
}

/* Calls newer than the build's headers are described by number. */
Test(sysargs, newer_calls_by_number)
{
	CALL(452 /* fchmodat2 */, -100, L(buf), 0644, 0);
	WANT(S(buf, PATH_MAX));
	CALL(455 /* futex_wait */, L(buf), 1, -1, 2, L(buf2), 1);
	WANT(P(buf, 8, 0), P(buf2, sizeof(struct timespec), 0));
	CALL(451 /* cachestat */, 3, L(buf), L(buf2), 0);
	WANT(P(buf, 16, 0), P(buf2, 40, 1));
	CALL(458 /* listmount */, L(buf2), L(buf), 10, 0);
	WANT(P(buf2, 32, 0), P(buf, 80, 1));
	CALL(468 /* file_getattr */, -100, L(buf2), L(buf), 24, 0);
	WANT(S(buf2, PATH_MAX), P(buf, 24, 1));
}

Test(sysargs, write_prepares_buffer_for_read)
{
	CALL(SYS_write, 1, L(buf), 100);
	WANT(P(buf, 100, 0));
	CALL(SYS_pwrite64, 1, L(buf), 3, 9);
	WANT(P(buf, 3, 0));
}

Test(sysargs, null_pointers_prepare_nothing)
{
	CALL(SYS_read, 3, 0, 100);
	WANT_NONE();
	CALL(SYS_stat, 0, 0);
	WANT_NONE();
	CALL(SYS_fstat, 3, 0);
	WANT_NONE();
	CALL(SYS_readv, 3, 0, 4);
	WANT_NONE();
	CALL(SYS_recvmsg, 3, 0, 0);
	WANT_NONE();
	CALL(SYS_ioctl, 3, TCGETS, 0);
	WANT_NONE();
	CALL(SYS_futex, 0, FUTEX_WAIT, 0, 0);
	WANT_NONE();
}

Test(sysargs, zero_length_prepares_nothing)
{
	CALL(SYS_read, 3, L(buf), 0);
	WANT_NONE();
	CALL(SYS_getrandom, L(buf), 0, 0);
	WANT_NONE();
}

Test(sysargs, unknown_number_is_enosys)
{
	static const long nrs[] = { SYS_getpid, SYS_gettid, SYS_sched_yield,
				    -1, 100000, 1L << 40 };
	long a[6] = { L(buf), L(buf), L(buf), L(buf), L(buf), L(buf) };
	size_t i;

	for (i = 0; i < NELEM(nrs); i++) {
		fake_pager_reset();
		cr_assert_eq(sysargs_prepare(nrs[i], a), ENOSYS_RET,
			     "nr %ld", nrs[i]);
		WANT_NONE();
	}
}

/* ---- iovecs ---- */

Test(sysargs, readv_prepares_array_then_each_buffer_for_write)
{
	struct iovec iov[4] = {
		{ buf, 10 }, { NULL, 5 }, { buf + 100, 0 }, { buf2, 7 },
	};

	CALL(SYS_readv, 3, L(iov), 4);
	WANT(P(iov, sizeof iov, 0), P(buf, 10, 1), P(buf2, 7, 1));
	CALL(SYS_preadv2, 3, L(iov), 1, 0, 0, 0);
	WANT(P(iov, sizeof iov[0], 0), P(buf, 10, 1));
}

Test(sysargs, writev_prepares_buffers_for_read)
{
	struct iovec iov[2] = { { buf, 10 }, { buf2, 20 } };

	CALL(SYS_writev, 3, L(iov), 2);
	WANT(P(iov, sizeof iov, 0), P(buf, 10, 0), P(buf2, 20, 0));
	CALL(SYS_pwritev, 3, L(iov), 2, 0, 0);
	WANT(P(iov, sizeof iov, 0), P(buf, 10, 0), P(buf2, 20, 0));
}

Test(sysargs, readv_walks_arrays_longer_than_one_chunk)
{
	static struct iovec iov[40];
	int i;

	for (i = 0; i < 40; i++)
		iov[i] = (struct iovec){ buf + i * 64, (size_t)i + 1 };
	CALL(SYS_readv, 3, L(iov), 40);
	cr_assert_eq(fake_pager_n, 41, "%s", dump());
	for (i = 0; i < 40; i++) {
		cr_assert_eq(fake_pager_calls[i + 1].addr, (uintptr_t)(buf + i * 64));
		cr_assert_eq(fake_pager_calls[i + 1].len, (size_t)i + 1);
		cr_assert_eq(fake_pager_calls[i + 1].write, 1);
	}
}

Test(sysargs, readv_beyond_uio_maxiov_prepares_nothing)
{
	CALL(SYS_readv, 3, L(buf), 1025);
	WANT_NONE();
	CALL(SYS_readv, 3, L(buf), 0);
	WANT_NONE();
}

Test(sysargs, iovec_negative_length_stops_the_walk)
{
	struct iovec iov[3] = { { buf, 10 }, { buf2, (size_t)-1 }, { buf, 5 } };

	CALL(SYS_readv, 3, L(iov), 3);
	WANT(P(iov, sizeof iov, 0), P(buf, 10, 1));
}

Test(sysargs, process_vm_readv_prepares_local_iov_and_remote_array)
{
	struct iovec local[1] = { { buf, 64 } };
	struct iovec remote[2] = { { (void *)0x1000, 32 }, { (void *)0x2000, 32 } };

	CALL(SYS_process_vm_readv, 99, L(local), 1, L(remote), 2, 0);
	WANT(P(local, sizeof local, 0), P(buf, 64, 1), P(remote, sizeof remote, 0));
	CALL(SYS_process_vm_writev, 99, L(local), 1, L(remote), 2, 0);
	WANT(P(local, sizeof local, 0), P(buf, 64, 0), P(remote, sizeof remote, 0));
}

Test(sysargs, vmsplice_direction_follows_the_pipe_end)
{
	struct iovec iov[1] = { { buf, 128 } };
	int p[2];

	cr_assert_eq(pipe(p), 0);
	/* the write end: the kernel reads guest memory into the pipe */
	CALL(SYS_vmsplice, p[1], L(iov), 1, 0);
	WANT(P(iov, sizeof iov, 0), P(buf, 128, 0));
	/* the read end: the kernel writes pipe data into guest memory */
	CALL(SYS_vmsplice, p[0], L(iov), 1, 0);
	WANT(P(iov, sizeof iov, 0), P(buf, 128, 1));
	/* a bad fd: the kernel fails before touching anything */
	CALL(SYS_vmsplice, 12345, L(iov), 1, 0);
	WANT_NONE();
}

/* ---- msghdr ---- */

static struct iovec msg_iov[2];
static struct msghdr msg;

static void fill_msg(socklen_t namelen)
{
	msg_iov[0] = (struct iovec){ buf, 100 };
	msg_iov[1] = (struct iovec){ buf2, 200 };
	msg = (struct msghdr){
		.msg_name = buf + 4096, .msg_namelen = namelen,
		.msg_iov = msg_iov, .msg_iovlen = 2,
		.msg_control = buf + 8192, .msg_controllen = 64,
	};
}

Test(sysargs, recvmsg_writes_header_name_data_and_control)
{
	fill_msg(16);
	CALL(SYS_recvmsg, 3, L(&msg), 0);
	WANT(P(&msg, 56, 1), P(buf + 4096, 16, 1), P(msg_iov, sizeof msg_iov, 0),
	     P(buf, 100, 1), P(buf2, 200, 1), P(buf + 8192, 64, 1));
}

Test(sysargs, sendmsg_reads_everything)
{
	fill_msg(16);
	CALL(SYS_sendmsg, 3, L(&msg), 0);
	WANT(P(&msg, 56, 0), P(buf + 4096, 16, 0), P(msg_iov, sizeof msg_iov, 0),
	     P(buf, 100, 0), P(buf2, 200, 0), P(buf + 8192, 64, 0));
}

Test(sysargs, msghdr_name_clamped_to_sockaddr_storage)
{
	fill_msg(1000);
	msg.msg_control = NULL;
	msg.msg_iovlen = 0;
	CALL(SYS_recvmsg, 3, L(&msg), 0);
	WANT(P(&msg, 56, 1), P(buf + 4096, 128, 1));
	fill_msg(0);
	msg.msg_control = NULL;
	msg.msg_iovlen = 0;
	CALL(SYS_recvmsg, 3, L(&msg), 0);
	WANT(P(&msg, 56, 1));
}

Test(sysargs, unreadable_msghdr_prepares_only_the_header)
{
	void *p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	cr_assert_neq(p, MAP_FAILED);
	CALL(SYS_sendmsg, 3, L(p), 0);
	WANT(P(p, 56, 0));
}

Test(sysargs, recvmmsg_writes_each_entry_and_the_timeout)
{
	static struct mmsghdr mm[2];
	struct iovec iov0 = { buf, 10 }, iov1 = { buf2, 20 };
	struct timespec ts = { 1, 0 };

	mm[0].msg_hdr = (struct msghdr){ .msg_iov = &iov0, .msg_iovlen = 1 };
	mm[1].msg_hdr = (struct msghdr){ .msg_iov = &iov1, .msg_iovlen = 1 };
	CALL(SYS_recvmmsg, 3, L(mm), 2, 0, L(&ts));
	WANT(P(&ts, 16, 1), P(mm, 128, 1), P(&iov0, 16, 0), P(buf, 10, 1),
	     P(&iov1, 16, 0), P(buf2, 20, 1));
}

Test(sysargs, sendmmsg_writes_msg_len_and_reads_data)
{
	static struct mmsghdr mm[1];
	struct iovec iov0 = { buf, 10 };

	mm[0].msg_hdr = (struct msghdr){ .msg_iov = &iov0, .msg_iovlen = 1 };
	CALL(SYS_sendmmsg, 3, L(mm), 1, 0);
	WANT(P(mm, 64, 1), P(&iov0, 16, 0), P(buf, 10, 0));
}

/* ---- socket addresses and options ---- */

Test(sysargs, recvfrom_writes_buffer_length_word_and_address)
{
	socklen_t len = 16;

	CALL(SYS_recvfrom, 3, L(buf), 500, 0, L(buf2), L(&len));
	WANT(P(buf, 500, 1), P(&len, 4, 1), P(buf2, 16, 1));
}

Test(sysargs, accept_clamps_address_to_sockaddr_storage)
{
	socklen_t len = 1000;

	CALL(SYS_accept4, 3, L(buf), L(&len), 0);
	WANT(P(&len, 4, 1), P(buf, 128, 1));
	len = (socklen_t)-5;
	CALL(SYS_getpeername, 3, L(buf), L(&len));
	WANT(P(&len, 4, 1));
}

Test(sysargs, getsockopt_length_word_even_without_a_buffer)
{
	socklen_t len = 4;

	CALL(SYS_getsockopt, 3, SOL_SOCKET, SO_TYPE, L(buf), L(&len));
	WANT(P(&len, 4, 1), P(buf, 4, 1));
	CALL(SYS_getsockopt, 3, SOL_SOCKET, SO_TYPE, 0, L(&len));
	WANT(P(&len, 4, 1));
}

Test(sysargs, socket_address_in_takes_an_int_length)
{
	CALL(SYS_connect, 3, L(buf), 16);
	WANT(P(buf, 16, 0));
	CALL(SYS_bind, 3, L(buf), 0xffffffff00000010L);	/* int 16 */
	WANT(P(buf, 16, 0));
	CALL(SYS_sendto, 3, L(buf2), 5, 0, L(buf), -1);
	WANT(P(buf2, 5, 0));
	CALL(SYS_setsockopt, 3, 0, 0, L(buf), 4);
	WANT(P(buf, 4, 0));
}

/* ---- fixed-size structs ---- */

struct fixed {
	long nr;
	int reg;
	size_t size;
	int write;
};

/* One pointer argument set, every other register zero: exactly one call. */
static const struct fixed fixed[] = {
	{ SYS_stat, 1, 144, 1 },
	{ SYS_lstat, 1, 144, 1 },
	{ SYS_fstat, 1, 144, 1 },
	{ SYS_newfstatat, 2, 144, 1 },
	{ SYS_statx, 4, 256, 1 },
	{ SYS_statfs, 1, 120, 1 },
	{ SYS_fstatfs, 1, 120, 1 },
	{ SYS_getrusage, 1, 144, 1 },
	{ SYS_wait4, 1, 4, 1 },
	{ SYS_wait4, 3, 144, 1 },
	{ SYS_waitid, 2, 128, 1 },
	{ SYS_waitid, 4, 144, 1 },
	{ SYS_uname, 0, 390, 1 },
	{ SYS_sysinfo, 0, 112, 1 },
	{ SYS_times, 0, 32, 1 },
	{ SYS_time, 0, 8, 1 },
	{ SYS_getcpu, 0, 4, 1 },
	{ SYS_getcpu, 1, 4, 1 },
	{ SYS_gettimeofday, 0, 16, 1 },
	{ SYS_gettimeofday, 1, 8, 1 },
	{ SYS_settimeofday, 0, 16, 0 },
	{ SYS_settimeofday, 1, 8, 0 },
	{ SYS_clock_gettime, 1, 16, 1 },
	{ SYS_clock_getres, 1, 16, 1 },
	{ SYS_clock_settime, 1, 16, 0 },
	{ SYS_clock_adjtime, 1, 208, 1 },
	{ SYS_adjtimex, 0, 208, 1 },
	{ SYS_nanosleep, 0, 16, 0 },
	{ SYS_nanosleep, 1, 16, 1 },
	{ SYS_clock_nanosleep, 2, 16, 0 },
	{ SYS_clock_nanosleep, 3, 16, 1 },
	{ SYS_getitimer, 1, 32, 1 },
	{ SYS_setitimer, 1, 32, 0 },
	{ SYS_setitimer, 2, 32, 1 },
	{ SYS_timer_create, 1, 64, 0 },
	{ SYS_timer_create, 2, 4, 1 },
	{ SYS_timer_settime, 2, 32, 0 },
	{ SYS_timer_settime, 3, 32, 1 },
	{ SYS_timer_gettime, 1, 32, 1 },
	{ SYS_timerfd_settime, 2, 32, 0 },
	{ SYS_timerfd_settime, 3, 32, 1 },
	{ SYS_timerfd_gettime, 1, 32, 1 },
	{ SYS_getrlimit, 1, 16, 1 },
	{ SYS_setrlimit, 1, 16, 0 },
	{ SYS_prlimit64, 2, 16, 0 },
	{ SYS_prlimit64, 3, 16, 1 },
	{ SYS_getresuid, 0, 4, 1 },
	{ SYS_getresuid, 2, 4, 1 },
	{ SYS_getresgid, 1, 4, 1 },
	{ SYS_sched_getparam, 1, 4, 1 },
	{ SYS_sched_setparam, 1, 4, 0 },
	{ SYS_sched_setscheduler, 2, 4, 0 },
	{ SYS_sched_rr_get_interval, 1, 16, 1 },
	{ SYS_rt_sigtimedwait, 0, 8, 0 },
	{ SYS_rt_sigtimedwait, 1, 128, 1 },
	{ SYS_rt_sigtimedwait, 2, 16, 0 },
	{ SYS_rt_sigqueueinfo, 2, 128, 0 },
	{ SYS_rt_tgsigqueueinfo, 3, 128, 0 },
	{ SYS_rt_sigsuspend, 0, 8, 0 },
	{ SYS_signalfd, 1, 8, 0 },
	{ SYS_signalfd4, 1, 8, 0 },
	{ SYS_pidfd_send_signal, 2, 128, 0 },
	{ SYS_pipe, 0, 8, 1 },
	{ SYS_pipe2, 0, 8, 1 },
	{ SYS_socketpair, 3, 8, 1 },
	{ SYS_utime, 1, 16, 0 },
	{ SYS_utimes, 1, 32, 0 },
	{ SYS_futimesat, 2, 32, 0 },
	{ SYS_utimensat, 2, 32, 0 },
	{ SYS_sendfile, 2, 8, 1 },
	{ SYS_copy_file_range, 1, 8, 1 },
	{ SYS_copy_file_range, 3, 8, 1 },
	{ SYS_splice, 1, 8, 1 },
	{ SYS_splice, 3, 8, 1 },
	{ SYS_get_robust_list, 1, 8, 1 },
	{ SYS_get_robust_list, 2, 8, 1 },
	{ SYS_ppoll, 2, 16, 1 },
	{ SYS_ppoll, 3, 8, 0 },
	{ SYS_select, 4, 16, 1 },
	{ SYS_pselect6, 4, 16, 1 },
	{ SYS_epoll_pwait, 4, 8, 0 },
	{ SYS_epoll_pwait2, 3, 16, 0 },
	{ SYS_epoll_pwait2, 4, 8, 0 },
	{ SYS_recvmmsg, 4, 16, 1 },
	{ SYS_io_getevents, 4, 16, 0 },
	{ SYS_futex_waitv, 3, 16, 0 },
	{ SYS_mq_open, 3, 64, 0 },
	{ SYS_mq_notify, 1, 64, 0 },
	{ SYS_mq_getsetattr, 1, 64, 0 },
	{ SYS_mq_getsetattr, 2, 64, 1 },
	{ SYS_mq_timedsend, 4, 16, 0 },
	{ SYS_mq_timedreceive, 3, 4, 1 },
	{ SYS_mq_timedreceive, 4, 16, 0 },
	{ SYS_semtimedop, 3, 16, 0 },
	{ SYS_mount, 4, 4096, 0 },
};

Test(sysargs, fixed_structs_have_the_kernel_sizes)
{
	size_t i;

	for (i = 0; i < NELEM(fixed); i++) {
		long a[6] = { 0 };

		a[fixed[i].reg] = L(buf);
		fake_pager_reset();
		cr_assert_eq(sysargs_prepare(fixed[i].nr, a), 0);
		cr_assert_eq(fake_pager_n, 1, "nr %ld reg %d:\n%s", fixed[i].nr,
			     fixed[i].reg, dump());
		cr_assert(fake_pager_calls[0].op == FP_PREPARE &&
			  fake_pager_calls[0].addr == (uintptr_t)buf &&
			  fake_pager_calls[0].len == fixed[i].size &&
			  fake_pager_calls[0].write == fixed[i].write,
			  "nr %ld reg %d: want len %zu write %d, got:\n%s",
			  fixed[i].nr, fixed[i].reg, fixed[i].size,
			  fixed[i].write, dump());
	}
}

Test(sysargs, clock_nanosleep_absolute_has_no_remainder)
{
	struct timespec req = { 0, 1 }, rem;

	CALL(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, L(&req), L(&rem));
	WANT(P(&req, 16, 0));
	CALL(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, L(&req), L(&rem));
	WANT(P(&req, 16, 0), P(&rem, 16, 1));
}

/* ---- counted buffers ---- */

struct counted {
	long nr;
	int ptr, cnt;
	long count;
	size_t len;	/* what the kernel may touch: 0 = nothing */
	int write;
};

static const struct counted counted[] = {
	{ SYS_getdents, 1, 2, 100, 100, 1 },
	{ SYS_getdents64, 1, 2, 0x100000010L, 16, 1 },	/* unsigned int */
	{ SYS_getcwd, 0, 1, 4096, 4096, 1 },
	{ SYS_getrandom, 0, 1, 33, 33, 1 },
	{ SYS_readlink, 1, 2, 50, 50, 1 },
	{ SYS_readlink, 1, 2, -1, 0, 1 },		/* int bufsiz */
	{ SYS_readlinkat, 2, 3, 60, 60, 1 },
	{ SYS_getxattr, 2, 3, 10, 10, 1 },
	{ SYS_getxattr, 2, 3, 1L << 20, 65536, 1 },	/* XATTR_SIZE_MAX */
	{ SYS_fgetxattr, 2, 3, 10, 10, 1 },
	{ SYS_setxattr, 2, 3, 10, 10, 0 },
	{ SYS_fsetxattr, 2, 3, 10, 10, 0 },
	{ SYS_listxattr, 1, 2, 77, 77, 1 },
	{ SYS_flistxattr, 1, 2, 77, 77, 1 },
	{ SYS_sethostname, 0, 1, 100, 64, 0 },
	{ SYS_setdomainname, 0, 1, 5, 5, 0 },
	{ SYS_poll, 0, 1, 3, 24, 1 },
	{ SYS_ppoll, 0, 1, 3, 24, 1 },
	{ SYS_epoll_wait, 1, 2, 5, 60, 1 },
	{ SYS_epoll_wait, 1, 2, -1, 0, 1 },
	{ SYS_epoll_wait, 1, 2, 0x100000002L, 24, 1 },	/* int maxevents */
	{ SYS_epoll_pwait, 1, 2, 1, 12, 1 },
	{ SYS_epoll_pwait2, 1, 2, 1, 12, 1 },
	{ SYS_getgroups, 1, 0, 3, 12, 1 },
	{ SYS_getgroups, 1, 0, -1, 0, 1 },
	{ SYS_setgroups, 1, 0, 3, 12, 0 },
	{ SYS_sched_getaffinity, 2, 1, 128, 128, 1 },
	{ SYS_sched_setaffinity, 2, 1, 8, 8, 0 },
	{ SYS_sched_getattr, 1, 2, 56, 56, 1 },
	{ SYS_rt_sigpending, 0, 1, 8, 8, 1 },
	{ SYS_rt_sigpending, 0, 1, 100, 8, 1 },
	{ SYS_mq_timedsend, 1, 2, 40, 40, 0 },
	{ SYS_mq_timedreceive, 1, 2, 40, 40, 1 },
	{ SYS_io_getevents, 3, 2, 2, 64, 1 },
	{ SYS_io_getevents, 3, 2, -2, 0, 1 },
	{ SYS_semop, 1, 2, 2, 12, 0 },
	{ SYS_openat2, 2, 3, 24, 24, 0 },
	{ SYS_openat2, 2, 3, 1L << 20, 4096, 0 },
	{ SYS_mount_setattr, 3, 4, 32, 32, 0 },
	{ SYS_landlock_create_ruleset, 0, 1, 16, 16, 0 },
	{ SYS_process_vm_readv, 3, 4, 2, 32, 0 },
};

Test(sysargs, counted_buffers_use_the_kernel_count_type)
{
	size_t i;

	for (i = 0; i < NELEM(counted); i++) {
		const struct counted *c = &counted[i];
		long a[6] = { 0 };

		a[c->ptr] = L(buf);
		a[c->cnt] = c->count;
		fake_pager_reset();
		cr_assert_eq(sysargs_prepare(c->nr, a), 0);
		if (c->len == 0) {
			cr_assert_eq(fake_pager_n, 0, "nr %ld count %ld:\n%s",
				     c->nr, c->count, dump());
			continue;
		}
		cr_assert_eq(fake_pager_n, 1, "nr %ld count %ld:\n%s", c->nr,
			     c->count, dump());
		cr_assert(fake_pager_calls[0].addr == (uintptr_t)buf &&
			  fake_pager_calls[0].len == c->len &&
			  fake_pager_calls[0].write == c->write,
			  "nr %ld count %ld: want len %zu write %d, got:\n%s",
			  c->nr, c->count, c->len, c->write, dump());
	}
}

Test(sysargs, msgsnd_and_msgrcv_count_the_type_word)
{
	CALL(SYS_msgsnd, 1, L(buf), 10, 0);
	WANT(P(buf, 18, 0));
	CALL(SYS_msgrcv, 1, L(buf), 10, 0, 0);
	WANT(P(buf, 18, 1));
	CALL(SYS_msgrcv, 1, L(buf), -1, 0, 0);
	WANT_NONE();
}

/* ---- strings ---- */

Test(sysargs, paths_are_strings_capped_at_path_max)
{
	CALL(SYS_open, L(buf), O_RDONLY, 0);
	WANT(S(buf, 4096));
	CALL(SYS_openat, AT_FDCWD, L(buf), O_RDONLY, 0);
	WANT(S(buf, 4096));
	CALL(SYS_rename, L(buf), L(buf2));
	WANT(S(buf, 4096), S(buf2, 4096));
	CALL(SYS_linkat, AT_FDCWD, L(buf), AT_FDCWD, L(buf2), 0);
	WANT(S(buf, 4096), S(buf2, 4096));
	CALL(SYS_symlinkat, L(buf), AT_FDCWD, L(buf2));
	WANT(S(buf, 4096), S(buf2, 4096));
	CALL(SYS_fanotify_mark, 3, 0, 0, AT_FDCWD, L(buf));
	WANT(S(buf, 4096));
	CALL(SYS_stat, L(buf), L(buf2));
	WANT(S(buf, 4096), P(buf2, 144, 1));
	CALL(SYS_readlinkat, AT_FDCWD, L(buf), L(buf2), 100);
	WANT(S(buf, 4096), P(buf2, 100, 1));
}

Test(sysargs, xattr_names_and_other_strings_have_their_own_caps)
{
	CALL(SYS_getxattr, L(buf), L(buf + 100), L(buf2), 50);
	WANT(S(buf, 4096), S(buf + 100, 256), P(buf2, 50, 1));
	CALL(SYS_fremovexattr, 3, L(buf));
	WANT(S(buf, 256));
	CALL(SYS_memfd_create, L(buf), 0);
	WANT(S(buf, 250));
	CALL(SYS_mount, L(buf), L(buf + 10), L(buf + 20), 0, L(buf2));
	WANT(S(buf, 4096), S(buf + 10, 4096), S(buf + 20, 4096),
	     P(buf2, 4096, 0));
}
