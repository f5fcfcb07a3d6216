/*
 * vsig32.h - virtual signals for ia32 guests (DESIGN D8, D12): the i386
 * signal frames (struct sigframe_ia32 without SA_SIGINFO, struct
 * rt_sigframe_ia32 with compat_siginfo_t and ucontext_ia32 with it), the
 * compat fpstate (the fsave header before the fxsave/xsave image, the
 * extended size counting it), sigreturn and rt_sigreturn restoring the
 * 32-bit context, and the virtual sigaltstack with the compat stack_t.
 * The policy (which signal, the default action, the masks) stays vsig.c's:
 * a guest's action is recorded there whatever its ABI.
 *
 * Async-signal-safe zone.
 */
#ifndef VMLOAD_VSIG32_H
#define VMLOAD_VSIG32_H

#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

#include "vsig.h"

/* Normal context, at exec: the vDSO's __kernel_sigreturn and
 * __kernel_rt_sigreturn, where a frame returns when the guest's action
 * has no SA_RESTORER (glibc's i386 sigaction sets none). */
void vsig32_set_restorers(uint32_t sigreturn, uint32_t rt_sigreturn);
/* Was uc interrupted in compat mode (CS 0x23)? */
int vsig32_compat(const ucontext_t *uc);
/*
 * Build the i386 frame for sig (si_code code, si_addr addr, the rest from
 * host) on the guest's stack or its altstack, and point uc at ka's
 * handler. 0, or -1 when the frame cannot be written (the kernel then
 * forces SIGSEGV). The mask changes are the caller's.
 */
int vsig32_frame(int sig, int code, uintptr_t addr, const siginfo_t *host,
		 const struct vsig_action *ka, ucontext_t *uc);
/* Calls that fail with EINTR after a handler even with SA_RESTART, by
 * i386 number. */
int vsig32_never_restarted(long nr);

/* Trapped i386 calls (sys_fn): sigreturn (119), rt_sigreturn (173),
 * sigaltstack (186). */
long vsig32_sigreturn(const long *a, ucontext_t *uc);
long vsig32_rt_sigreturn(const long *a, ucontext_t *uc);
long vsig32_sigaltstack(const long *a, ucontext_t *uc);

#endif
