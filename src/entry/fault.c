/*
 * fault.c - the host handlers of the signals the runtime catches besides
 * SIGSYS (entry_int.h; DESIGN D4, D8; async-signal-safe zone): the faults
 * (SIGSEGV, SIGBUS, and SIGILL/SIGFPE while the guest leaves them at their
 * default) and a guest handler's asynchronous signals.
 */
#include "entry_int.h"

#include <signal.h>

#include "base.h"
#include "mm.h"
#include "observe.h"
#include "vsig.h"

#ifndef SEGV_PKUERR
#define SEGV_PKUERR 4		/* asm-generic/siginfo.h: protection keys */
#endif
/* the page-fault error code's bits (arch/x86/include/asm/trap_pf.h) */
#define PF_WRITE 0x2
#define PF_INSTR 0x10
#define PF_PK 0x20

/* A page fault in the guest window goes to the pager; what it does not
 * consume is the guest's, with the si_code Linux would give. */
static void fault_handle(int sig, siginfo_t *si, ucontext_t *uc)
{
	uintptr_t addr = (uintptr_t)si->si_addr;
	int code = si->si_code;

	if (sig == SIGSEGV && (code == SEGV_MAPERR || code == SEGV_ACCERR ||
			       code == SEGV_PKUERR)) {
		unsigned long err = (unsigned long)uc->uc_mcontext.gregs[REG_ERR];
		int access = (err & PF_WRITE) ? PAGER_WRITE
			     : (err & PF_INSTR) ? PAGER_EXEC : PAGER_READ;
		struct pager_event ev;
		int r;

		if ((err & PF_PK) || code == SEGV_PKUERR)
			access |= PAGER_RETRY;
		r = pager_fault_ev(addr, access,
				   trace_on(VML_TRACE_FAULT) ? &ev : NULL);
		if (trace_on(VML_TRACE_FAULT))
			trace_fault(addr, access, r, &ev);
		if (r == 0)
			return;
		if (r == PAGER_MAPERR)
			code = SEGV_MAPERR;
		else if (r == PAGER_ACCERR && code != SEGV_PKUERR)
			code = SEGV_ACCERR;
	}
	vsig_deliver(sig, code, addr, si, uc);
}

/* The host handlers proper: through the FS switch (base.h fsbase). */
void fault_handler(int sig, siginfo_t *si, void *ctx)
{
	uint64_t fs = fsbase_enter(ctx);

	fault_handle(sig, si, ctx);
	fsbase_leave(ctx, fs);
}

void fault_async_handler(int sig, siginfo_t *si, void *ctx)
{
	uint64_t fs = fsbase_enter(ctx);

	if (!vsig_defer(si, ctx))
		vsig_deliver(sig, si->si_code, (uintptr_t)si->si_addr, si, ctx);
	fsbase_leave(ctx, fs);
}
