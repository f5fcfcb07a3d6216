/*
 * sigsys.c - the SIGSYS entry (entry_int.h; DESIGN D3; async-signal-safe
 * zone): a trapped system call arrives as SIGSYS with the registers in the
 * ucontext; the handler computes the result and writes RAX (always: on a
 * trap it still holds the number). x86-64 calls are dispatched here,
 * int $0x80 calls of an ia32 guest in sigsys32.c.
 */
#include "entry_int.h"

#include <linux/audit.h>
#include <linux/errno.h>
#include <signal.h>

#include "base.h"
#include "mm.h"
#include "observe.h"
#include "vsig.h"

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1	/* asm-generic/siginfo.h: si_code of a seccomp trap
			   (that header cannot be included beside glibc's) */
#endif

/* A call the runtime does not implement but must prepare memory for:
 * granted first (D5), then run with the guest's own signal mask. */
static long prepared_call(int nr, const long *a, ucontext_t *uc)
{
	long r;

	if (systab_never_blocks(nr)) {
		sysargs_prepare(nr, a);
		return host_syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	}
	pager_call_begin();
	sysargs_prepare(nr, a);
	vsig_call_enter(uc);
	r = host_syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	vsig_call_leave();
	pager_call_end();
	return r;
}

static void sigsys_handle(siginfo_t *si, ucontext_t *uc)
{
	greg_t *g = uc->uc_mcontext.gregs;
	long a[6];
	int nr;
	sys_fn fn;

	if (si->si_code != SYS_SECCOMP) {	/* raised by the guest */
		vsig_deliver(SIGSYS, si->si_code, 0, si, uc);
		return;
	}
	nr = si->si_syscall;
	__atomic_fetch_add(&counters_mine()->traps, 1, __ATOMIC_RELAXED);
	if (si->si_arch == AUDIT_ARCH_I386) {	/* int $0x80 */
		sigsys32_handle(nr, uc);
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
	fn = systab_fn64(nr);
	if (fn)
		g[REG_RAX] = fn(a, uc);
	else if (systab_prepared64(nr))
		g[REG_RAX] = prepared_call(nr, a, uc);
	else
		g[REG_RAX] = -ENOSYS;
	if (trace_on(TRACE_CALLS))
		trace_syscall_done(nr, a, g[REG_RAX]);
	vsig_flush_pending(nr, uc);
}

void sigsys_handler(int sig, siginfo_t *si, void *ctx)
{
	uint64_t fs = fsbase_enter(ctx);

	(void)sig;
	sigsys_handle(si, ctx);
	fsbase_leave(ctx, fs);
}
