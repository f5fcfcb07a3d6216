/*
 * trap32.c - i386 filter part and SIGSYS dispatch (async-signal-safe zone,
 * except trap32_filter which runs before the guest).
 *
 * An ia32 guest enters the kernel with int $0x80 (directly, or through the
 * AT_SYSINFO trampoline): seccomp sees arch AUDIT_ARCH_I386 and the i386
 * numbers, and the SIGSYS handler gets the interrupted compat context in
 * the 64-bit ucontext (eax = number; ebx, ecx, edx, esi, edi, ebp the
 * arguments, zero-extended in their 64-bit slots). Served calls go to
 * sys32.c and the shared mman code; calls that only touch guest memory are
 * prepared (sysargs32.c) and then issued with int $0x80 from the runtime,
 * which the filter lets through by its instruction pointer.
 */
#include "trap32.h"

#include <linux/audit.h>
#include <linux/errno.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "pager.h"
#include "sys32.h"
#include "sysargs32.h"
#include "trace.h"
#include "vsig32.h"

/* ---- the served numbers ---- */

enum { C_TRAP, C_CLONE };

struct ent32 {
	int nr;
	sys_fn fn;
	int cond;
};

static const struct ent32 served[] = {
	{ 1, sys_exit, C_TRAP },
	{ 2, sys_fork, C_TRAP },
	{ 5, sys_open, C_TRAP },
	{ 11, sys32_execve, C_TRAP },
	{ 45, sys_brk, C_TRAP },
	{ 48, sys32_signal, C_TRAP },
	{ 67, sys32_sigaction, C_TRAP },
	{ 72, sys32_sigsuspend, C_TRAP },
	{ 85, sys_readlink, C_TRAP },
	{ 90, sys32_mmap_old, C_TRAP },
	{ 91, sys_munmap, C_TRAP },
	{ 117, sys32_ipc, C_TRAP },
	{ 120, sys32_clone, C_CLONE },
	{ 125, sys_mprotect, C_TRAP },
	{ 126, sys32_sigprocmask, C_TRAP },
	{ 144, sys_msync, C_TRAP },
	{ 163, sys32_mremap, C_TRAP },
	{ 174, sys32_rt_sigaction, C_TRAP },
	{ 175, sys_rt_sigprocmask, C_TRAP },
	{ 179, sys32_rt_sigsuspend, C_TRAP },
	{ 119, vsig32_sigreturn, C_TRAP },
	{ 173, vsig32_rt_sigreturn, C_TRAP },
	{ 186, vsig32_sigaltstack, C_TRAP },
	{ 192, sys32_mmap2, C_TRAP },
	{ 218, sys_mincore, C_TRAP },
	{ 219, sys_madvise, C_TRAP },
	{ 252, sys_exit_group, C_TRAP },
	{ 295, sys_openat, C_TRAP },
	{ 305, sys_readlinkat, C_TRAP },
	{ 358, sys32_execveat, C_TRAP },
	{ 380, sys_pkey_mprotect, C_TRAP },
	{ 397, sys32_shmat, C_TRAP },
	{ 398, sys_shmdt, C_TRAP },
	{ 435, sys32_enosys, C_TRAP },	/* clone3: glibc falls back */
	{ 462, sys32_enosys, C_TRAP },	/* mseal */
};

#define NSERVED (sizeof served / sizeof served[0])
#define MAX_NR32 512

static sys_fn table32[MAX_NR32];

static sys_fn lookup(int nr)
{
	if (nr < 0 || nr >= MAX_NR32)
		return NULL;
	if (!table32[0]) {	/* first use: fill (idempotent, no lock needed) */
		for (size_t i = 0; i < NSERVED; i++)
			table32[served[i].nr] = served[i].fn;
		table32[0] = sys32_enosys; /* restart_syscall: never trapped */
	}
	return nr ? table32[nr] : NULL;
}

/* ---- the handler ---- */

static void issue(int nr, const long *a, ucontext_t *uc)
{
	greg_t *g = uc->uc_mcontext.gregs;

	/* with the guest's mask: a signal that interrupts the call is kept
	 * and delivered when the SIGSYS handler returns (vsig.c) */
	pager_call_begin();
	sysargs32_prepare(nr, a);
	sys_enter_guest_mask(uc);
	g[REG_RAX] = sys32_host(nr, a);
	sys_leave_guest_mask();
	pager_call_end();
}

void trap32_handle(int nr, ucontext_t *uc)
{
	greg_t *g = uc->uc_mcontext.gregs;
	long a[6];
	sys_fn fn = lookup(nr);

	a[0] = (uint32_t)g[REG_RBX];
	a[1] = (uint32_t)g[REG_RCX];
	a[2] = (uint32_t)g[REG_RDX];
	a[3] = (uint32_t)g[REG_RSI];
	a[4] = (uint32_t)g[REG_RDI];
	a[5] = (uint32_t)g[REG_RBP];
	if (trace_on(TRACE_CALLS))
		trace_syscall32_enter(nr, a);
	if (fn)
		g[REG_RAX] = (uint32_t)fn(a, uc);
	else
		issue(nr, a, uc);
	if (trace_on(TRACE_CALLS))
		trace_syscall32_done(nr, a, g[REG_RAX]);
}

/* ---- the filter part ---- */

#define LD(off) (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define JEQ(k, t, f) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JGE(k, t, f) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (k), (t), (f))
#define JSET(k, t, f) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, (k), (t), (f))
#define RET(k) (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, (k))
#define OFF_NR offsetof(struct seccomp_data, nr)
#define OFF_IP_LO offsetof(struct seccomp_data, instruction_pointer)
#define OFF_IP_HI (OFF_IP_LO + 4)
#define OFF_ARG0 offsetof(struct seccomp_data, args)

struct nrc {
	int nr, cond;
};

/* served and prepared numbers, sorted, each with its verdict */
static int collect(struct nrc *v, int max)
{
	int nrs[MAX_NR32], n = 0, k = sysargs32_numbers(nrs, MAX_NR32);

	for (size_t i = 0; i < NSERVED && n < max; i++)
		v[n++] = (struct nrc){ served[i].nr, served[i].cond };
	for (int i = 0; i < k && i < MAX_NR32 && n < max; i++)
		if (!lookup(nrs[i]))
			v[n++] = (struct nrc){ nrs[i], C_TRAP };
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1].nr > v[j].nr; j--) {
			struct nrc t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return n;
}

/*
 * Layout: arch test, runtime-IP test, then a chain of JEQ on the number
 * (the kernel's constant-action cache keeps every untrapped number off the
 * filter: the chain costs only trapped calls), then the two verdict blocks.
 * Every jump is forward and short: the chain is below 255 entries.
 */
int trap32_filter(struct sock_filter *out, int max, uintptr_t lo,
		  uintptr_t hi)
{
	struct nrc v[MAX_NR32];
	int n = collect(v, MAX_NR32), k = 0, chain, trap_at, clone_at;

	if (n > 240 || max < n + 24)
		return -1;
	out[k++] = JEQ(AUDIT_ARCH_I386, 1, 0);
	out[k++] = RET(SECCOMP_RET_ALLOW);	/* no other arch on x86-64 */
	out[k++] = LD(OFF_IP_HI);
	out[k++] = JEQ((uint32_t)(lo >> 32), 0, 4);
	out[k++] = LD(OFF_IP_LO);
	out[k++] = JGE((uint32_t)lo, 0, 2);
	out[k++] = JGE((uint32_t)hi, 1, 0);
	out[k++] = RET(SECCOMP_RET_ALLOW);	/* the runtime's int $0x80 */
	out[k++] = LD(OFF_NR);
	chain = k;
	k += n;
	out[k++] = RET(SECCOMP_RET_ALLOW);
	trap_at = k;
	out[k++] = RET(SECCOMP_RET_TRAP);
	clone_at = k;	/* vfork-like clones pass, as on x86-64 */
	out[k++] = LD(OFF_ARG0);
	out[k++] = JSET(CLONE_VM, 0, 2);
	out[k++] = JSET(CLONE_VFORK, 0, 1);
	out[k++] = RET(SECCOMP_RET_ALLOW);
	out[k++] = RET(SECCOMP_RET_TRAP);
	for (int i = 0; i < n; i++) {
		int to = v[i].cond == C_CLONE ? clone_at : trap_at;

		out[chain + i] = JEQ((uint32_t)v[i].nr,
				     (uint8_t)(to - (chain + i) - 1), 0);
	}
	return k;
}
