/*
 * sysargs32.c - the guest memory each i386 system call reads or writes
 * (sys.h; DESIGN D5 for ia32 guests), in the same dialect as the x86-64
 * table (sysargs_int.h), with the i386 numbers and the compat layouts:
 * 4-byte pointers and longs, struct stat64 96, compat statfs 64, statfs64
 * 84, compat rusage 72, compat timeval/timespec 8, __kernel_timespec 16,
 * compat iovec 8, compat msghdr 28, compat mmsghdr 32, struct sembuf 6.
 * Calls whose layout depends on another argument or on guest data (ioctl,
 * fcntl, select, futex, prctl, msghdr, System V IPC) have a small function,
 * and the two multiplexers (socketcall, ipc) are unpacked into the direct
 * calls they stand for. Preparing more than the kernel touches is
 * harmless; less is the bug.
 *
 * Async-signal-safe zone: no libc, no errno, no allocation.
 */
#include "sysargs_int.h"

#include <linux/futex.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#include "nr32.h"

#define STAT32 64	/* struct stat (the old one) */
#define STAT64 96	/* struct stat64 */
#define STATFS32 64	/* compat statfs */
#define STATFS64 84	/* compat statfs64 */
#define RUSAGE32 72	/* compat rusage */
#define TV32 8		/* compat timeval / old timespec */
#define TS64 16		/* __kernel_timespec */
#define UTSNAME 390	/* new_utsname */
#define SIGINFO32 128	/* compat_siginfo_t */
#define POLLFD 8	/* struct pollfd */
#define MSGHDR32 28	/* name, namelen, iov, iovlen, control, controllen, flags */
#define MMSGHDR32 32	/* a msghdr and msg_len */
#define SEMBUF 6	/* struct sembuf */
#define IPCBUF 128	/* compat msqid64_ds/shmid64_ds/semid64_ds and the
			   *info structs, rounded up */
#define TERMIOS_CAP 60	/* the largest termios an i386 TC* call passes */
#define FCNTL_ARG_CAP 32 /* the largest struct an fcntl command passes
			    (compat flock64 24, owner_ex 8, rw hints 8) */
/* the i386 F_GETLK64 family (glibc's x86-64 headers alias them to F_GETLK) */
#define F32_GETLK64 12
#define F32_SETLK64 13
#define F32_SETLKW64 14
/* ipc(2)'s operations (linux/ipc.h, which cannot be included beside
 * glibc's <sys/ipc.h>) */
#define IPC_SEMOP 1
#define IPC_SEMCTL 3
#define IPC_SEMTIMEDOP 4
#define IPC_MSGSND 11
#define IPC_MSGRCV 12
#define IPC_MSGCTL 14
#define IPC_SHMCTL 24
#ifndef IPC_64
#define IPC_64 0x100	/* linux/ipc.h: the 64-bit layouts */
#endif

/* The guest word at p (prepared for reading), 0 when unreadable. */
static uint32_t word(uint32_t p)
{
	uint32_t v = 0;

	if (p && pager_copy_in(&v, p, sizeof v) < 0)
		return 0;
	return v;
}

/* _IOC direction and size, as the generic ioctl decoding gives them */
static void prep32_ioctl(const long *a)
{
	uint32_t cmd = (uint32_t)a[1], p = (uint32_t)a[2];
	uint32_t dir = _IOC_DIR(cmd), size = _IOC_SIZE(cmd);

	/* the terminal calls whose _IOC bits do not say it (the old
	 * encoding); the termios is prepared generously */
	switch (cmd) {
	case TCGETS: prep(p, TERMIOS_CAP, 1); return;
	case TCSETS: case TCSETSW: case TCSETSF:
		prep(p, TERMIOS_CAP, 0); return;
	case TIOCGWINSZ: prep(p, sizeof(struct winsize), 1); return;
	case TIOCSWINSZ: prep(p, sizeof(struct winsize), 0); return;
	case TIOCGPGRP: case FIONREAD: case TIOCGSID:
		prep(p, 4, 1); return;
	case TIOCSPGRP: case FIONBIO:
		prep(p, 4, 0); return;
	default:
		break;
	}
	if (dir && size)
		prep(p, size, 1);
}

/* fcntl commands with a struct: locks (compat flock 16, flock64 24),
 * owner_ex 8, rw hints 8; prepared at the largest */
static void prep32_fcntl(const long *a)
{
	switch ((uint32_t)a[1]) {
	case F_GETLK: case F_SETLK: case F_SETLKW:
	case F32_GETLK64: case F32_SETLK64: case F32_SETLKW64:
	case F_SETOWN_EX: case F_GETOWN_EX:
	case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
	case F_GET_RW_HINT: case F_SET_RW_HINT:
		prep((uint32_t)a[2], FCNTL_ARG_CAP, 1);
		break;
	default:
		break;
	}
}

static void prep32_select(const long *a)
{
	int32_t n = (int32_t)a[0];
	uint32_t bytes;

	if (n < 0 || n > (1 << 20))
		return;
	bytes = (((uint32_t)n + 31) / 32) * 4;
	for (int i = 1; i <= 3; i++)
		prep((uint32_t)a[i], bytes, 1);
	prep((uint32_t)a[4], TV32, 1);
}

static void prep32_futex(const long *a)
{
	uint32_t op = (uint32_t)a[1] & FUTEX_CMD_MASK;

	prep((uint32_t)a[0], 4, 1);
	if (op == FUTEX_WAIT || op == FUTEX_WAIT_BITSET)	/* a timeout */
		prep((uint32_t)a[3], TV32, 0);
	if (op == FUTEX_REQUEUE || op == FUTEX_CMP_REQUEUE ||
	    op == FUTEX_WAKE_OP || op == FUTEX_WAIT_REQUEUE_PI ||
	    op == FUTEX_CMP_REQUEUE_PI)
		prep((uint32_t)a[4], 4, 1);	/* a second word */
}

/* ---- messages: compat msghdr and mmsghdr ---- */

/* One msghdr at p: the header itself (recvmsg writes back its lengths and
 * flags), the address, the iovecs, the control buffer. */
static void prep_msghdr(uint32_t p, int write)
{
	uint32_t h[7];

	prep(p, MSGHDR32, write);
	if (!p || pager_copy_in(h, p, sizeof h) < 0)
		return;
	prep(h[0], h[1] < SOCKADDR_MAX ? h[1] : SOCKADDR_MAX, write);
	prepare_iov32(h[2], h[3], write);
	prep(h[4], h[5], write);
}

static void prep_mmsg(uint32_t vec, uint32_t n, int write)
{
	if (n > 1024)	/* UIO_MAXIOV: the kernel caps vlen there */
		n = 1024;
	for (uint32_t i = 0; i < n; i++) {
		prep_msghdr(vec + i * MMSGHDR32, write);
		prep(vec + i * MMSGHDR32 + MSGHDR32, 4, 1);	/* msg_len */
	}
}

/* ---- System V IPC, direct or through ipc() ---- */

/* semctl GETALL/SETALL: nsems shorts, which only the kernel knows */
static uint32_t sem_count(int32_t id)
{
	uint64_t ds[16] = { 0 };	/* x86-64 semid64_ds: sem_nsems at 80 */

	if (host_sys4(SYS_semctl, id, 0, IPC_STAT, ds) < 0)
		return 0;
	return (uint32_t)ds[10];
}

/* semctl(id, num, cmd, arg): arg is the buffer for the stat and array
 * commands */
static void prep_semctl(int32_t id, uint32_t cmd, uint32_t arg)
{
	switch (cmd & ~IPC_64) {
	case IPC_STAT: case IPC_INFO: case SEM_STAT: case SEM_INFO:
	case SEM_STAT_ANY:
		prep(arg, IPCBUF, 1);
		break;
	case IPC_SET:
		prep(arg, IPCBUF, 0);
		break;
	case GETALL:
		prep(arg, sem_count(id) * 2, 1);
		break;
	case SETALL:
		prep(arg, sem_count(id) * 2, 0);
		break;
	default:
		break;
	}
}

/* msgctl and shmctl (id, cmd, buf) */
static void prep_ipcctl(uint32_t cmd, uint32_t buf)
{
	switch (cmd & ~IPC_64) {
	case IPC_STAT: case IPC_INFO: case MSG_STAT: case MSG_INFO:
	case MSG_STAT_ANY: case SHM_INFO: case SHM_STAT_ANY:
		/* SHM_STAT is MSG_STAT_ANY's number */
		prep(buf, IPCBUF, 1);
		break;
	case IPC_SET:
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
static void prep32_ipc(const long *a)
{
	uint32_t call = (uint32_t)a[0] & 0xffff, ver = (uint32_t)a[0] >> 16;
	uint32_t first = (uint32_t)a[1], second = (uint32_t)a[2];
	uint32_t third = (uint32_t)a[3], ptr = (uint32_t)a[4];
	uint32_t kludge[2];

	switch (call) {
	case IPC_SEMOP: case IPC_SEMTIMEDOP:	/* nsops in second */
		prep(ptr, second * SEMBUF, 0);
		if (call == IPC_SEMTIMEDOP)
			prep((uint32_t)a[5], TV32, 0);
		break;
	case IPC_SEMCTL:	/* ptr holds the union's word */
		prep_semctl((int32_t)first, third, word(ptr));
		break;
	case IPC_MSGSND:	/* mtype, then second bytes */
		prep(ptr, second + 4, 0);
		break;
	case IPC_MSGRCV:	/* version 0 passes a kludge */
		if (ver == 0 && ptr && pager_copy_in(kludge, ptr, 8) == 0)
			ptr = kludge[0];
		prep(ptr, second + 4, 1);
		break;
	case IPC_MSGCTL: case IPC_SHMCTL:	/* cmd in second */
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
	[1] = { NR32_socket, 3 }, [2] = { NR32_bind, 3 }, [3] = { NR32_connect, 3 },
	[4] = { NR32_listen, 2 }, [5] = { NR32_accept4, 3 },
	[6] = { NR32_getsockname, 3 }, [7] = { NR32_getpeername, 3 },
	[8] = { NR32_socketpair, 4 }, [9] = { NR32_sendto, 4 },
	[10] = { NR32_recvfrom, 4 }, [11] = { NR32_sendto, 6 },
	[12] = { NR32_recvfrom, 6 }, [13] = { NR32_shutdown, 2 },
	[14] = { NR32_setsockopt, 5 }, [15] = { NR32_getsockopt, 5 },
	[16] = { NR32_sendmsg, 3 }, [17] = { NR32_recvmsg, 3 },
	[18] = { NR32_accept4, 4 }, [19] = { NR32_recvmmsg, 5 },
	[20] = { NR32_sendmmsg, 4 },
};

static void prep32_socketcall(const long *a)
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

/* prctl PR_SET_NAME / PR_GET_NAME: the 16-byte name */
static void prep32_prctl(const long *a)
{
	if (a[0] == PR_SET_NAME || a[0] == PR_GET_NAME)
		prep((uint32_t)a[1], 16, a[0] == PR_GET_NAME);
}

static void prep32_sendmsg(const long *a)
{
	prep_msghdr((uint32_t)a[1], 0);
}

static void prep32_recvmsg(const long *a)
{
	prep_msghdr((uint32_t)a[1], 1);
}

static void prep32_sendmmsg(const long *a)
{
	prep_mmsg((uint32_t)a[1], (uint32_t)a[2], 0);
}

static void prep32_recvmmsg(const long *a)
{
	prep_mmsg((uint32_t)a[1], (uint32_t)a[2], 1);
}

/* semctl(id, num, cmd, arg): the union by value, its pointer word */
static void prep32_semctl(const long *a)
{
	prep_semctl((int32_t)a[0], (uint32_t)a[2], (uint32_t)a[3]);
}

/* msgctl, shmctl (id, cmd, buf) */
static void prep32_ipcctl(const long *a)
{
	prep_ipcctl((uint32_t)a[1], (uint32_t)a[2]);
}

/* msgsnd / msgrcv (id, msgp, msgsz, ...): the mtype long, then the text */
static void prep32_msgsnd(const long *a)
{
	prep((uint32_t)a[1], (uint32_t)a[2] + 4, 0);
}

static void prep32_msgrcv(const long *a)
{
	prep((uint32_t)a[1], (uint32_t)a[2] + 4, 1);
}

/* ---- the table ---- */

static const struct sa_entry table[] = {
	[NR32_read]		= ARGS(OUT_BUF(1, 2)),
	[NR32_write]		= ARGS(IN_BUF(1, 2)),
	[NR32_waitpid]		= ARGS(OUT(1, 4)),
	[NR32_creat]		= ARGS(PATH(0)),
	[NR32_link]		= ARGS(PATH(0), PATH(1)),
	[NR32_unlink]		= ARGS(PATH(0)),
	[NR32_chdir]		= ARGS(PATH(0)),
	[NR32_time]		= ARGS(OUT(0, 4)),
	[NR32_mknod]		= ARGS(PATH(0)),
	[NR32_chmod]		= ARGS(PATH(0)),
	[NR32_mount]		= ARGS(PATH(0), PATH(1), PATH(2)),
	[NR32_utime]		= ARGS(PATH(0), IN(1, 8)),
	[NR32_access]		= ARGS(PATH(0)),
	[NR32_rename]		= ARGS(PATH(0), PATH(1)),
	[NR32_mkdir]		= ARGS(PATH(0)),
	[NR32_rmdir]		= ARGS(PATH(0)),
	[NR32_pipe]		= ARGS(OUT(0, 8)),
	[NR32_times]		= ARGS(OUT(0, 16)),
	[NR32_acct]		= ARGS(PATH(0)),
	[NR32_ioctl]		= FN(prep32_ioctl),
	[NR32_fcntl]		= FN(prep32_fcntl),
	[NR32_chroot]		= ARGS(PATH(0)),
	[NR32_sigpending]	= ARGS(OUT(0, 4)),
	[NR32_setrlimit]	= ARGS(IN(1, 8)),
	[NR32_getrlimit]	= ARGS(OUT(1, 8)),
	[NR32_getrusage]	= ARGS(OUT(1, RUSAGE32)),
	[NR32_gettimeofday]	= ARGS(OUT(0, TV32), OUT(1, 8)),
	[NR32_settimeofday]	= ARGS(IN(0, TV32), IN(1, 8)),
	[NR32_getgroups]	= ARGS(OUT_N(1, 0, C_INT, 2 /* old_gid_t */, 0)),
	[NR32_symlink]		= ARGS(PATH(0), PATH(1)),
	[NR32_truncate]		= ARGS(PATH(0)),
	[NR32_statfs]		= ARGS(PATH(0), OUT(1, STATFS32)),
	[NR32_fstatfs]		= ARGS(OUT(1, STATFS32)),
	[NR32_socketcall]	= FN(prep32_socketcall),
	[NR32_setitimer]	= ARGS(IN(1, 16), OUT(2, 16)),
	[NR32_getitimer]	= ARGS(OUT(1, 16)),
	[NR32_stat]		= ARGS(PATH(0), OUT(1, STAT32)),
	[NR32_lstat]		= ARGS(PATH(0), OUT(1, STAT32)),
	[NR32_fstat]		= ARGS(OUT(1, STAT32)),
	[NR32_wait4]		= ARGS(OUT(1, 4), OUT(3, RUSAGE32)),
	[NR32_sysinfo]		= ARGS(OUT(0, STAT32)),
	[NR32_ipc]		= FN(prep32_ipc),
	[NR32_uname]		= ARGS(OUT(0, UTSNAME)),
	[NR32__llseek]		= ARGS(OUT(3, 8)),
	[NR32_getdents]		= ARGS(OUT_BUF(1, 2)),
	[NR32__newselect]	= FN(prep32_select),
	[NR32_readv]		= ARGS(IOV32_OUT(1, 2)),
	[NR32_writev]		= ARGS(IOV32_IN(1, 2)),
	[NR32_nanosleep]	= ARGS(IN(0, TV32), OUT(1, TV32)),
	[NR32_poll]		= ARGS(OUT_N(0, 1, C_U32, POLLFD, 0)),
	[NR32_prctl]		= FN(prep32_prctl),
	[NR32_rt_sigpending]	= ARGS(OUT(0, KSIGSET_SIZE)),
	[NR32_rt_sigtimedwait]	= ARGS(IN(0, KSIGSET_SIZE), OUT(1, SIGINFO32), IN(2, TV32)),
	[NR32_rt_sigsuspend]	= ARGS(IN(0, KSIGSET_SIZE)),
	[NR32_pread64]		= ARGS(OUT_BUF(1, 2)),
	[NR32_pwrite64]		= ARGS(IN_BUF(1, 2)),
	[NR32_getcwd]		= ARGS(OUT_BUF(0, 1)),
	[NR32_sendfile]		= ARGS(OUT(2, 8)),
	[NR32_ugetrlimit]	= ARGS(OUT(1, 8)),
	[NR32_truncate64]	= ARGS(PATH(0)),
	[NR32_stat64]		= ARGS(PATH(0), OUT(1, STAT64)),
	[NR32_lstat64]		= ARGS(PATH(0), OUT(1, STAT64)),
	[NR32_fstat64]		= ARGS(OUT(1, STAT64)),
	[NR32_lchown32]		= ARGS(PATH(0)),
	[NR32_getgroups32]	= ARGS(OUT_N(1, 0, C_INT, 4 /* gid_t */, 0)),
	[NR32_getresuid32]	= ARGS(OUT(0, 4), OUT(1, 4), OUT(2, 4)),
	[NR32_getresgid32]	= ARGS(OUT(0, 4), OUT(1, 4), OUT(2, 4)),
	[NR32_chown32]		= ARGS(PATH(0)),
	[NR32_getdents64]	= ARGS(OUT_BUF(1, 2)),
	[NR32_fcntl64]		= FN(prep32_fcntl),
	[NR32_setxattr]		= ARGS(PATH(0), PATH(1), IN_BUF(2, 3)),
	[NR32_lsetxattr]	= ARGS(PATH(0), PATH(1), IN_BUF(2, 3)),
	[NR32_fsetxattr]	= ARGS(PATH(1), IN_BUF(2, 3)),
	[NR32_getxattr]		= ARGS(PATH(0), PATH(1), OUT_BUF(2, 3)),
	[NR32_lgetxattr]	= ARGS(PATH(0), PATH(1), OUT_BUF(2, 3)),
	[NR32_fgetxattr]	= ARGS(PATH(1), OUT_BUF(2, 3)),
	[NR32_listxattr]	= ARGS(PATH(0), OUT_BUF(1, 2)),
	[NR32_llistxattr]	= ARGS(PATH(0), OUT_BUF(1, 2)),
	[NR32_flistxattr]	= ARGS(OUT_BUF(1, 2)),
	[NR32_removexattr]	= ARGS(PATH(0), PATH(1)),
	[NR32_lremovexattr]	= ARGS(PATH(0), PATH(1)),
	[NR32_fremovexattr]	= ARGS(PATH(1)),
	[NR32_sendfile64]	= ARGS(OUT(2, 8)),
	[NR32_futex]		= FN(prep32_futex),
	[NR32_sched_getaffinity]	= ARGS(OUT_BUF(2, 1)),
	[NR32_set_thread_area]	= ARGS(OUT(0, 16)),
	[NR32_get_thread_area]	= ARGS(OUT(0, 16)),
	[NR32_set_tid_address]	= ARGS(PIN(0, 4)),
	[NR32_clock_gettime]	= ARGS(OUT(1, TV32)),
	[NR32_clock_getres]	= ARGS(OUT(1, TV32)),
	[NR32_clock_nanosleep]	= ARGS(IN(2, TV32), OUT(3, TV32)),
	[NR32_statfs64]		= ARGS(PATH(0), OUT_BUF(2, 1)),
	[NR32_fstatfs64]	= ARGS(OUT_BUF(2, 1)),
	[NR32_utimes]		= ARGS(PATH(0), IN(1, 16)),
	[NR32_mkdirat]		= ARGS(PATH(1)),
	[NR32_mknodat]		= ARGS(PATH(1)),
	[NR32_fchownat]		= ARGS(PATH(1)),
	[NR32_futimesat]	= ARGS(PATH(1), IN(2, 16)),
	[NR32_fstatat64]	= ARGS(PATH(1), OUT(2, STAT64)),
	[NR32_unlinkat]		= ARGS(PATH(1)),
	[NR32_renameat]		= ARGS(PATH(1), PATH(3)),
	[NR32_linkat]		= ARGS(PATH(1), PATH(3)),
	[NR32_symlinkat]	= ARGS(PATH(0), PATH(2)),
	[NR32_fchmodat]		= ARGS(PATH(1)),
	[NR32_faccessat]	= ARGS(PATH(1)),
	[NR32_set_robust_list]	= ARGS(PIN(0, 12)),
	[NR32_utimensat]	= ARGS(PATH(1), IN(2, 16)),
	[NR32_pipe2]		= ARGS(OUT(0, 8)),
	[NR32_recvmmsg]		= FN(prep32_recvmmsg, IN(4, TV32)),
	[NR32_prlimit64]	= ARGS(IN(2, 16), OUT(3, 16)),
	[NR32_sendmmsg]		= FN(prep32_sendmmsg),
	[NR32_renameat2]	= ARGS(PATH(1), PATH(3)),
	[NR32_getrandom]	= ARGS(OUT_BUF(0, 1)),
	[NR32_memfd_create]	= ARGS(PATH(0)),
	[NR32_socketpair]	= ARGS(OUT(3, 8)),
	[NR32_bind]		= ARGS(SOCKADDR_IN(1, 2)),
	[NR32_connect]		= ARGS(SOCKADDR_IN(1, 2)),
	[NR32_accept4]		= ARGS(SOCKADDR_OUT(1, 2)),
	[NR32_getsockopt]	= ARGS(OUT_N(3, 4, C_PINT, 1, 0)),
	[NR32_setsockopt]	= ARGS(IN_N(3, 4, C_INT, 1, 0)),
	[NR32_getsockname]	= ARGS(SOCKADDR_OUT(1, 2)),
	[NR32_getpeername]	= ARGS(SOCKADDR_OUT(1, 2)),
	[NR32_sendto]		= ARGS(IN_BUF(1, 2), SOCKADDR_IN(4, 5)),
	[NR32_sendmsg]		= FN(prep32_sendmsg),
	[NR32_recvfrom]		= ARGS(OUT_BUF(1, 2), SOCKADDR_OUT(4, 5)),
	[NR32_recvmsg]		= FN(prep32_recvmsg),
	[NR32_statx]		= ARGS(PATH(1), OUT(4, 256)),
	[NR32_semctl]		= FN(prep32_semctl),
	[NR32_shmctl]		= FN(prep32_ipcctl),
	[NR32_msgsnd]		= FN(prep32_msgsnd),
	[NR32_msgrcv]		= FN(prep32_msgrcv),
	[NR32_msgctl]		= FN(prep32_ipcctl),
	[NR32_clock_gettime64]	= ARGS(OUT(1, TS64)),
	[NR32_clock_getres_time64]	= ARGS(OUT(1, TS64)),
	[NR32_clock_nanosleep_time64]	= ARGS(IN(2, TS64), OUT(3, TS64)),
	[NR32_utimensat_time64]	= ARGS(PATH(1), IN(2, 2 * TS64)),
	[NR32_ppoll_time64]	= ARGS(OUT_N(0, 1, C_U32, POLLFD, 0), IN(2, TS64), IN(3, KSIGSET_SIZE)),
	[NR32_recvmmsg_time64]	= FN(prep32_recvmmsg, IN(4, TS64)),
	[NR32_semtimedop_time64]	= ARGS(IN_N(1, 2, C_U32, SEMBUF, 0), IN(3, TS64)),
	[NR32_rt_sigtimedwait_time64]	= ARGS(IN(0, KSIGSET_SIZE), OUT(1, SIGINFO32), IN(2, TS64)),
	[NR32_faccessat2]	= ARGS(PATH(1)),
};

int sysargs32_prepare(long nr, const long *a)
{
	return sysargs_apply(table, NELEM(table), nr, a);
}

int sysargs32_numbers(int *nrs, int max)
{
	return sysargs_list(table, NELEM(table), nrs, max);
}
