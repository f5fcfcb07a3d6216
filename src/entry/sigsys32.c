/*
 * sigsys32.c - the i386 half of the SIGSYS entry (entry_int.h; DESIGN D3,
 * D12; async-signal-safe zone).
 *
 * An ia32 guest enters the kernel with int $0x80 (directly, or through the
 * AT_SYSINFO trampoline): seccomp sees arch AUDIT_ARCH_I386 and the i386
 * numbers, and the SIGSYS handler gets the interrupted compat context in
 * the 64-bit ucontext (eax = number; ebx, ecx, edx, esi, edi, ebp the
 * arguments, zero-extended in their 64-bit slots). Served calls go to
 * sys32.c and the shared mm code; calls that only touch guest memory are
 * prepared (sysargs32.c) and then issued with int $0x80 from the runtime,
 * which the filter lets through by its instruction pointer.
 */
#include "entry_int.h"

#include "observe.h"

void sigsys32_handle(int nr, ucontext_t *uc)
{
	greg_t *g = uc->uc_mcontext.gregs;
	long a[6];
	sys_fn fn = systab_fn32(nr);	/* restart_syscall (0) passes */

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
		g[REG_RAX] = sys32_passthrough(nr, a, uc);
	if (trace_on(TRACE_CALLS))
		trace_syscall32_done(nr, a, g[REG_RAX]);
}
