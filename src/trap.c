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

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "host.h"
#include "sys.h"
#include "log.h"
#include "pager.h"
#include "pagetable.h"
#include "sysargs.h"
#include "thread.h"
#include "trace.h"
#include "vsig.h"

extern char __executable_start[], etext[];

/* ---- the dispatch table ---- */

struct sysent {
	int nr;
	sys_fn fn;
	int cond;	/* which argument test the filter applies */
};

enum { COND_NONE, COND_CLONE, COND_FCNTL };

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
static unsigned long ntraps;	/* trapped system calls, all threads */
static int stats;
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
	__atomic_fetch_add(&ntraps, 1, __ATOMIC_RELAXED);
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

/*
 * A binary search over trapped[lo, hi): each number found jumps (through
 * a JA, whose offset is not limited to 255) to the block for its test;
 * numbers not there are allowed without looking at the instruction pointer
 * or the arguments, so the kernel's constant-action cache keeps them on
 * its fast path. The JA slots are recorded in fix[] for patching.
 */
static void emit_search(struct prog *p, int lo, int hi, int *fix)
{
	if (hi - lo <= 4) {
		for (int i = lo; i < hi; i++) {
			emit(p, JEQ((uint32_t)trapped[i].nr, 0, 1));
			fix[i] = emit(p, JA(0));
		}
		emit(p, RET(SECCOMP_RET_ALLOW));
		return;
	}
	int mid = (lo + hi) / 2, ja;

	emit(p, JGE((uint32_t)trapped[mid].nr, 0, 1));
	ja = emit(p, JA(0));
	emit_search(p, lo, mid, fix);
	land(p, ja, p->n);
	emit_search(p, mid, hi, fix);
}

static void build_filter(struct prog *p, uintptr_t lo, uintptr_t hi)
{
	int fix[MAX_NR], block[COND_FCNTL + 1];

	p->n = 0;
	emit(p, LD(OFF_ARCH));
	emit(p, JEQ(AUDIT_ARCH_X86_64, 1, 0));
	emit(p, RET(SECCOMP_RET_ALLOW)); /* i386 entry: not served yet */
	emit(p, LD(OFF_NR));
	emit(p, JGE(0x40000000u, 0, 1)); /* __X32_SYSCALL_BIT */
	emit(p, RET(SECCOMP_RET_ERRNO | 38 /* ENOSYS */));
	emit_search(p, 0, ntrapped, fix);
	/* one block per argument test, shared by every number using it */
	for (int c = COND_NONE; c <= COND_FCNTL; c++) {
		block[c] = p->n;
		emit_ip_check(p, lo, hi);
		emit_cond(p, c);
	}
	for (int i = 0; i < ntrapped; i++)
		land(p, fix[i], block[trapped[i].cond]);
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

void trap_set_stats(int on)
{
	stats = on;
}

void trap_report_stats(const char *why)
{
	if (!stats)
		return;
	log_msg("stats: pid %d %s: %lu trapped system calls, %lu demand faults "
		"(%lu pages), %lu copy-on-write breaks (%lu pages), page table "
		"%lu KiB", host_getpid(), why, ntraps, pager_stats.faults,
		pager_stats.pages, pager_stats.cow_breaks, pager_stats.cow_pages,
		(unsigned long)(pagetable_bytes() >> 10));
}

void trap_fork_child(void)
{
	ntraps = 0;
	memset(&pager_stats, 0, sizeof pager_stats);
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
		add_trapped(nrs[k], nrs[k] == SYS_fcntl ? COND_FCNTL : COND_NONE);
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
