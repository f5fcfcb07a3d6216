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
#include "sysargs.h"

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))
#define ENOSYS_RET (-38)

static char buf[1 << 16] __attribute__((aligned(4096)));
static char buf2[4096] __attribute__((aligned(4096)));

/* ---- helpers ---- */

#define L(x) ((long)(x))

/* Run sysargs_prepare(nr, a0..a5) with a fresh record; it must succeed. */
#define CALL(nr, ...) call_nr(nr, (long[6]){ __VA_ARGS__ })

static void call_nr(long nr, const long *a)
{
	fake_pager_reset();
	cr_assert_eq(sysargs_prepare(nr, a), 0, "nr %ld not in the table", nr);
}

#define P(a, l, w) { FP_PREPARE, (uintptr_t)(a), (l), (w) }
#define S(a, cap) { FP_PREPARE_STR, (uintptr_t)(a), (cap), 0 }
#define PINNED(a, l) { FP_PIN, (uintptr_t)(a), (l), 1 }
/* rw where the guest may write, else ro: a write call then a read call */
#define RW_OR_RO(a, l) P(a, l, 1), P(a, l, 0)

static const char *opname(enum fake_pager_op op)
{
	return op == FP_PREPARE ? "prepare" : op == FP_PREPARE_STR ? "str" :
	       "pin";
}

static const char *dump(void)
{
	static char s[4096];
	size_t off = 0;
	int i;

	s[0] = '\0';
	for (i = 0; i < fake_pager_n && i < FAKE_PAGER_MAX && off < 3900; i++)
		off += (size_t)snprintf(s + off, sizeof s - off,
			"  %s %#lx len %zu write %d\n",
			opname(fake_pager_calls[i].op),
			(unsigned long)fake_pager_calls[i].addr,
			fake_pager_calls[i].len, fake_pager_calls[i].write);
	return s;
}

/* The recorded calls must be exactly want[0..n), in order. */
static void want(const struct fake_pager_call *w, int n)
{
	int i;

	cr_assert_eq(fake_pager_n, n, "%d calls, want %d:\n%s", fake_pager_n,
		     n, dump());
	for (i = 0; i < n; i++) {
		const struct fake_pager_call *c = &fake_pager_calls[i];

		cr_assert(c->op == w[i].op && c->addr == w[i].addr &&
			  c->len == w[i].len && c->write == w[i].write,
			  "call %d: want %s %#lx len %zu write %d, got:\n%s",
			  i, opname(w[i].op), (unsigned long)w[i].addr,
			  w[i].len, w[i].write, dump());
	}
}

#define WANT(...) \
	want((struct fake_pager_call[]){ __VA_ARGS__ }, \
	     (int)(sizeof((struct fake_pager_call[]){ __VA_ARGS__ }) / \
		   sizeof(struct fake_pager_call)))
#define WANT_NONE() want(NULL, 0)

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
