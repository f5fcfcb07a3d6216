/*
 * trap.c - seccomp filter and SIGSYS entry (async-signal-safe zone, except
 * trap_install which runs before the guest).
 *
 * The filter: the architecture must be x86-64 (x32 numbers get ENOSYS);
 * numbers vmload never serves are allowed outright, so the kernel's
 * constant-action cache keeps them on the fast path. A served number traps
 * unless the instruction pointer is inside the runtime's text, which is at a
 * fixed link address: the same filter stays right for every program the
 * guest execs (the filter survives execve and cannot be removed).
 */
#include "trap.h"

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "host.h"
#include "sys.h"
#include "log.h"
#include "pager.h"
#include "pagetable.h"
#include "sysargs.h"
#include "thread.h"
#include "trace.h"
#include "trap32.h"
#include "vsig.h"

extern char __executable_start[], etext[];

/* ---- the dispatch table ---- */

struct sysent {
	int nr;
	sys_fn fn;
	int cond;	/* which argument test the filter applies */
};

enum { COND_NONE, COND_CLONE, COND_FCNTL, COND_FUTEX, NCOND };

static const struct sysent sysent[] = {
	{ SYS_brk, sys_brk, COND_NONE },
	{ SYS_mmap, sys_mmap, COND_NONE },
	{ SYS_munmap, sys_munmap, COND_NONE },
	{ SYS_mprotect, sys_mprotect, COND_NONE },
	{ SYS_pkey_mprotect, sys_pkey_mprotect, COND_NONE },
	{ SYS_mremap, sys_mremap, COND_NONE },
	{ SYS_madvise, sys_madvise, COND_NONE },
	{ SYS_msync, sys_msync, COND_NONE },
	{ SYS_mincore, sys_mincore, COND_NONE },
	{ SYS_shmat, sys_shmat, COND_NONE },
	{ SYS_shmdt, sys_shmdt, COND_NONE },
	{ SYS_open, sys_open, COND_NONE },
	{ SYS_openat, sys_openat, COND_NONE },
	{ SYS_readlink, sys_readlink, COND_NONE },
	{ SYS_readlinkat, sys_readlinkat, COND_NONE },
	{ SYS_execve, sys_execve, COND_NONE },
	{ SYS_execveat, sys_execveat, COND_NONE },
	{ SYS_fork, sys_fork, COND_NONE },
	{ SYS_rt_sigaction, sys_rt_sigaction, COND_NONE },
	{ SYS_rt_sigprocmask, sys_rt_sigprocmask, COND_NONE },
	{ SYS_clone, sys_clone, COND_CLONE },
	{ SYS_clone3, sys_clone3, COND_NONE },
	{ SYS_sigaltstack, sys_sigaltstack, COND_NONE },
	{ SYS_exit, sys_exit, COND_NONE },
	{ SYS_exit_group, sys_exit_group, COND_NONE },
	{ SYS_rt_sigreturn, sys_rt_sigreturn, COND_NONE },
	{ SYS_arch_prctl, sys_arch_prctl, COND_NONE },
	{ 462 /* mseal */, sys_mseal, COND_NONE },
	{ 453 /* map_shadow_stack */, sys_map_shadow_stack, COND_NONE },
};

#define NSYSENT (sizeof sysent / sizeof sysent[0])
#define MAX_NR 512

static sys_fn table[MAX_NR];
/* Trapped system calls of this process (all threads) and of a vfork
 * child borrowing its memory; stats_pid is this process when VMLOAD_STATS
 * is on (then each count asks getpid whose it is), else 0. */
static unsigned long ntraps, vfork_ntraps;
static int stats, stats_pid;
static int stats_fd = 2;	/* where the lines go: see stats_fd_open */
static unsigned long stats_dev, stats_ino;
static unsigned char prepared[MAX_NR];	/* passed through after sysargs */

/* ---- the handler ---- */

/*
 * Calls that never sleep waiting for an event: no signal has to interrupt
 * them, so they run without switching to the guest's mask (two system
 * calls fewer per trap).
 */
static int never_blocks(int nr)
{
	switch (nr) {
	case SYS_stat: case SYS_fstat: case SYS_lstat: case SYS_newfstatat:
	case SYS_statx: case SYS_getdents: case SYS_getdents64:
	case SYS_readlink: case SYS_readlinkat: case SYS_getcwd:
	case SYS_uname: case SYS_sysinfo: case SYS_getrusage: case SYS_times:
	case SYS_clock_gettime: case SYS_clock_getres: case SYS_gettimeofday:
	case SYS_access: case SYS_faccessat: case 439 /* faccessat2 */:
	case SYS_statfs: case SYS_fstatfs: case SYS_prlimit64:
	case SYS_getrlimit: case SYS_sched_getaffinity: case SYS_getresuid:
	case SYS_getresgid: case SYS_getgroups: case SYS_getsockname:
	case SYS_getpeername: case SYS_pipe: case SYS_pipe2:
	case SYS_socketpair: case SYS_set_robust_list: case SYS_set_tid_address:
	case SYS_rseq: case SYS_rt_sigpending:
		return 1;
	default:
		return 0;
	}
}

static void sigsys_handle(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	greg_t *g = uc->uc_mcontext.gregs;
	long a[6];
	int nr;

	(void)sig;
	if (si->si_code != 1 /* SYS_SECCOMP */) {
		sys_deliver_sigsys(si, uc);
		return;
	}
	nr = si->si_syscall;
	__atomic_fetch_add(stats_pid && host_getpid() != stats_pid ?
			   &vfork_ntraps : &ntraps, 1, __ATOMIC_RELAXED);
	if (si->si_arch == AUDIT_ARCH_I386) {	/* int $0x80: trap32.c */
		trap32_handle(nr, uc);
		vsig_flush_pending(nr, uc);
		return;
	}
	a[0] = g[REG_RDI];
	a[1] = g[REG_RSI];
	a[2] = g[REG_RDX];
	a[3] = g[REG_R10];
	a[4] = g[REG_R8];
	a[5] = g[REG_R9];
	if (trace_on(TRACE_CALLS))
		trace_syscall_enter(nr, a);
	/* RAX still holds the number: always write the result */
	if (nr >= 0 && nr < MAX_NR && table[nr]) {
		g[REG_RAX] = table[nr](a, uc);
	} else if (nr >= 0 && nr < MAX_NR && prepared[nr]) {
		/* the kernel will touch guest memory: grant it first (D5),
		 * then run the call with the guest's own signal mask */
		if (never_blocks(nr)) {
			sysargs_prepare(nr, a);
			g[REG_RAX] = host_syscall6(nr, a[0], a[1], a[2], a[3],
						   a[4], a[5]);
		} else {
			pager_call_begin();
			sysargs_prepare(nr, a);
			sys_enter_guest_mask(uc);
			g[REG_RAX] = host_syscall6(nr, a[0], a[1], a[2], a[3],
						   a[4], a[5]);
			sys_leave_guest_mask();
			pager_call_end();
		}
	} else {
		g[REG_RAX] = -38; /* ENOSYS */
	}
	if (trace_on(TRACE_CALLS))
		trace_syscall_done(nr, a, g[REG_RAX]);
	vsig_flush_pending(nr, uc);
}

static void sigsys_handler(int sig, siginfo_t *si, void *ctx)
{
	uint64_t fs = thread_fs_enter(ctx);

	sigsys_handle(sig, si, ctx);
	thread_fs_leave(ctx, fs);
}

/* ---- the filter ---- */

#define LD(off) (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define JEQ(k, t, f) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JGE(k, t, f) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (k), (t), (f))
#define JSET(k, t, f) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, (k), (t), (f))
#define RET(k) (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, (k))
#define OFF_NR offsetof(struct seccomp_data, nr)
#define OFF_ARCH offsetof(struct seccomp_data, arch)
#define OFF_IP_LO offsetof(struct seccomp_data, instruction_pointer)
#define OFF_IP_HI (OFF_IP_LO + 4)
#define OFF_ARG_LO(i) (offsetof(struct seccomp_data, args) + 8 * (i))

struct prog {
	struct sock_filter insn[4096];
	int n;
};

static int emit(struct prog *p, struct sock_filter f)
{
	p->insn[p->n] = f;
	return p->n++;
}

/* Allow when the IP is in the runtime text; otherwise continue with the
 * instruction after this 6-instruction block. */
static void emit_ip_check(struct prog *p, uintptr_t lo, uintptr_t hi)
{
	emit(p, LD(OFF_IP_HI));
	emit(p, JEQ((uint32_t)(lo >> 32), 0, 4));
	emit(p, LD(OFF_IP_LO));
	emit(p, JGE((uint32_t)lo, 0, 2));
	emit(p, JGE((uint32_t)hi, 1, 0));
	emit(p, RET(SECCOMP_RET_ALLOW)); /* the runtime's own call */
}

/* The argument test of a served number, ending in its verdicts. */
/* fcntl commands with a pointer argument: F_GETLK, F_SETLK, F_SETLKW,
 * F_SETOWN_EX, F_GETOWN_EX, F_OFD_GETLK/SETLK/SETLKW, F_GET/SET_RW_HINT
 * (sysargs.c prepares the same ones) */
static const uint32_t fcntl_mem[] = { 5, 6, 7, 15, 16, 36, 37, 38, 1035, 1036 };

static void emit_cond(struct prog *p, int cond)
{
	switch (cond) {
	case COND_FCNTL: /* only the commands that pass guest memory */
		emit(p, LD(OFF_ARG_LO(1)));
		for (size_t i = 0; i < sizeof fcntl_mem / sizeof fcntl_mem[0]; i++)
			emit(p, JEQ(fcntl_mem[i],
				    (uint8_t)(sizeof fcntl_mem / sizeof fcntl_mem[0] - i), 0));
		emit(p, RET(SECCOMP_RET_ALLOW));
		emit(p, RET(SECCOMP_RET_TRAP));
		return;
	case COND_FUTEX: /* a private wake touches no guest memory: the key
			    comes from the address alone and no word is
			    read (get_futex_key, futex_wake) */
		emit(p, LD(OFF_ARG_LO(1)));
		emit(p, JEQ(FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 2, 0));
		emit(p, JEQ(FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, 1, 0));
		emit(p, RET(SECCOMP_RET_TRAP));
		emit(p, RET(SECCOMP_RET_ALLOW));
		return;
	case COND_CLONE: /* trap all but vfork-like clones (CLONE_VM and
			    CLONE_VFORK: the child borrows the parent's
			    altstack while the parent waits) */
		emit(p, LD(OFF_ARG_LO(0)));
		emit(p, JSET(CLONE_VM, 0, 2));
		emit(p, JSET(CLONE_VFORK, 0, 1));
		emit(p, RET(SECCOMP_RET_ALLOW));
		emit(p, RET(SECCOMP_RET_TRAP));
		return;
	default:
		break;
	}
	emit(p, RET(SECCOMP_RET_TRAP));
}

/* The numbers that trap, sorted, each with its argument test. */
struct trapped {
	int nr;
	int cond;
};

static struct trapped trapped[MAX_NR];
static int ntrapped;

#define JA(k) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JA, (k), 0, 0)

/* Patch the JA at `at` to land on `to`. */
static void land(struct prog *p, int at, int to)
{
	p->insn[at].k = (uint32_t)(to - at - 1);
}

/* A run of consecutive trapped numbers with the same test. */
struct run {
	uint32_t lo, hi;	/* inclusive */
	int cond;
};

/* trapped[] as runs, in order; returns how many. */
static int make_runs(struct run *r)
{
	int n = 0;

	for (int i = 0; i < ntrapped; i++) {
		uint32_t nr = (uint32_t)trapped[i].nr;

		if (n && nr <= r[n - 1].hi)
			continue;	/* listed twice */
		if (n && nr == r[n - 1].hi + 1 && trapped[i].cond == r[n - 1].cond)
			r[n - 1].hi = nr;
		else
			r[n++] = (struct run){ nr, nr, trapped[i].cond };
	}
	return n;
}

/*
 * A binary search over the runs r[lo, hi): a number inside a run jumps
 * (through a JA, whose offset is not limited to 255) to the block for the
 * run's test; numbers in no run are allowed without looking at the
 * instruction pointer or the arguments, so the kernel's constant-action
 * cache keeps them on its fast path. Runs rather than single numbers keep
 * the filter short (under 400 instructions instead of 680), and the
 * kernel's cost of installing it, at every vmload start, with it. The JA
 * slots are recorded in fix[] for patching.
 */
static void emit_search(struct prog *p, const struct run *r, int lo, int hi,
			int *fix)
{
	if (hi - lo <= 4) {
		for (int i = lo; i < hi; i++) {
			if (r[i].lo == r[i].hi) {
				emit(p, JEQ(r[i].lo, 0, 1));
			} else {
				/* below this run is below the later ones too */
				emit(p, JGE(r[i].lo, 1, 0));
				emit(p, RET(SECCOMP_RET_ALLOW));
				emit(p, JGE(r[i].hi + 1, 1, 0));
			}
			fix[i] = emit(p, JA(0));
		}
		emit(p, RET(SECCOMP_RET_ALLOW));
		return;
	}
	int mid = (lo + hi) / 2, ja;

	emit(p, JGE(r[mid].lo, 0, 1));
	ja = emit(p, JA(0));
	emit_search(p, r, lo, mid, fix);
	land(p, ja, p->n);
	emit_search(p, r, mid, hi, fix);
}

static void build_filter(struct prog *p, uintptr_t lo, uintptr_t hi)
{
	int fix[MAX_NR], block[NCOND], nruns, ja, n32;
	struct run runs[MAX_NR];

	p->n = 0;
	emit(p, LD(OFF_ARCH));
	emit(p, JEQ(AUDIT_ARCH_X86_64, 0, 1));
	ja = emit(p, JA(0));
	/* int $0x80 from an ia32 guest (or any other arch): trap32.c */
	n32 = trap32_filter(p->insn + p->n, 1024, lo, hi);
	if (n32 > 0)
		p->n += n32;
	else
		emit(p, RET(SECCOMP_RET_ALLOW));
	land(p, ja, p->n);
	emit(p, LD(OFF_NR));
	emit(p, JGE(0x40000000u, 0, 1)); /* __X32_SYSCALL_BIT */
	emit(p, RET(SECCOMP_RET_ERRNO | 38 /* ENOSYS */));
	nruns = make_runs(runs);
	emit_search(p, runs, 0, nruns, fix);
	/* one block per argument test, shared by every number using it */
	for (int c = COND_NONE; c < NCOND; c++) {
		block[c] = p->n;
		emit_ip_check(p, lo, hi);
		emit_cond(p, c);
	}
	for (int i = 0; i < nruns; i++)
		land(p, fix[i], block[runs[i].cond]);
}

static void add_trapped(int nr, int cond)
{
	int i = ntrapped++;

	while (i > 0 && trapped[i - 1].nr > nr) {
		trapped[i] = trapped[i - 1];
		i--;
	}
	trapped[i] = (struct trapped){ nr, cond };
}

/*
 * The stats lines go to the stderr vmload started with, kept as a
 * close-on-exec duplicate at a high descriptor (the guest sees one more
 * open file, with stats on only): programs that close their stderr before
 * they exit (gnulib's close_stdout in find, xz) keep their line. If the
 * guest closes that descriptor too, or puts another file there, the line
 * goes to fd 2 as it is then.
 */
static void stats_fd_open(void)
{
	struct rlimit rl;
	struct stat st;
	long fd, min = 1020;

	if (host_sys2(SYS_getrlimit, RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur < (rlim_t)min + 4)
		min = (long)rl.rlim_cur - 4;
	if (min < 16)
		return;
	fd = host_sys3(SYS_fcntl, 2, F_DUPFD_CLOEXEC, min);
	if (fd < 0)
		return;
	if (host_sys2(SYS_fstat, fd, &st) < 0) {
		host_close((int)fd);
		return;
	}
	stats_fd = (int)fd;
	stats_dev = st.st_dev;
	stats_ino = st.st_ino;
}

static int stats_out(void)
{
	struct stat st;

	if (stats_fd != 2 && host_sys2(SYS_fstat, stats_fd, &st) == 0 &&
	    st.st_dev == stats_dev && st.st_ino == stats_ino)
		return stats_fd;
	return 2;
}

void trap_set_stats(int on)
{
	stats = on;
	if (!on)
		return;
	stats_pid = host_getpid();
	pager_stats_split(stats_pid);
	stats_fd_open();
}

void trap_report_stats(const char *why)
{
	struct pager_stats *ps;
	unsigned long *nt;
	char buf[320];
	size_t n;

	if (!stats)
		return;
	ps = pager_stats_mine();
	nt = ps == &pager_stats ? &ntraps : &vfork_ntraps;
	n = log_fmt(buf, sizeof buf, "vmload: stats: pid %d %s: %lu trapped "
		    "system calls, %lu demand faults (%lu pages), %lu "
		    "copy-on-write breaks (%lu pages), page table %lu KiB\n",
		    host_getpid(), why, *nt, ps->faults, ps->pages,
		    ps->cow_breaks, ps->cow_pages,
		    (unsigned long)(pagetable_bytes() >> 10));
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	host_write_all(stats_out(), buf, n);
	/* a line counts from the process's previous one: after an exec that
	 * failed, or a vfork child's, nothing is counted twice */
	*nt = 0;
	memset(ps, 0, sizeof *ps);
}

void trap_fork_child(void)
{
	ntraps = vfork_ntraps = 0;
	memset(&pager_stats, 0, sizeof pager_stats);
	memset(&pager_vfork_stats, 0, sizeof pager_vfork_stats);
	if (stats) {
		stats_pid = host_getpid();
		pager_stats_split(stats_pid);
	}
}

void trap_runtime_text(uintptr_t *lo, uintptr_t *hi)
{
	*lo = (uintptr_t)__executable_start;
	*hi = (uintptr_t)etext;
}

static char *const *exec_prefix;

void trap_set_exec_prefix(char *const *prefix)
{
	exec_prefix = prefix;
}

char *const *sys_exec_prefix(void);
char *const *sys_exec_prefix(void)
{
	return exec_prefix;
}

static const int mlock_nrs[] = { SYS_mlock, SYS_munlock, SYS_mlockall,
				 SYS_munlockall, SYS_mlock2 };

/* The argument test of a number that traps only to prepare memory. A
 * private futex wake passes untested unless a trace shows every call. */
static int cond_of(int nr)
{
	if (nr == SYS_fcntl)
		return COND_FCNTL;
	if (nr == SYS_futex && !trace_on(VML_TRACE_SYSCALL))
		return COND_FUTEX;
	return COND_NONE;
}

int trap_install(int filter_inherited)
{
	struct sigaction sa;
	struct prog p;
	struct sock_fprog fp;
	uintptr_t lo, hi;
	size_t i;

	int nrs[MAX_NR], n;

	for (i = 0; i < NSYSENT; i++) {
		table[sysent[i].nr] = sysent[i].fn;
		add_trapped(sysent[i].nr, sysent[i].cond);
	}
	n = sysargs_numbers(nrs, MAX_NR);
	if (n > MAX_NR)
		n = MAX_NR;
	for (int k = 0; k < n; k++) {
		if (nrs[k] < 0 || nrs[k] >= MAX_NR || table[nrs[k]] ||
		    prepared[nrs[k]])
			continue;
		prepared[nrs[k]] = 1;
		add_trapped(nrs[k], cond_of(nrs[k]));
	}
	/* the mlock family touches no guest memory: it traps only for a
	 * trace that shows it, but every generation passes it through, the
	 * filter being the first generation's */
	for (i = 0; i < sizeof mlock_nrs / sizeof mlock_nrs[0]; i++) {
		prepared[mlock_nrs[i]] = 1;
		if (trace_on(VML_TRACE_MM | VML_TRACE_SYSCALL))
			add_trapped(mlock_nrs[i], COND_NONE);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = sigsys_handler;
	/* SA_ONSTACK: on the runtime's per-thread altstack (thread.h), which
	 * is how the handler finds its thread block */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_RESTART | SA_ONSTACK;
	sigfillset(&sa.sa_mask);
	sigdelset(&sa.sa_mask, SIGSEGV);
	sigdelset(&sa.sa_mask, SIGBUS);
	sigdelset(&sa.sa_mask, SIGILL);
	sigdelset(&sa.sa_mask, SIGFPE);
	sigdelset(&sa.sa_mask, SIGTRAP);
	sigdelset(&sa.sa_mask, SIGSYS);
	if (sigaction(SIGSYS, &sa, NULL) < 0)
		return -22;
	if (filter_inherited)
		return 0;
	trap_runtime_text(&lo, &hi);
	if ((lo >> 32) != ((hi - 1) >> 32))
		return -22; /* the check compares one high word */
	build_filter(&p, lo, hi);
	fp.len = (unsigned short)p.n;
	fp.filter = p.insn;
	if (host_sys5(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return (int)host_sys3(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp);
}
