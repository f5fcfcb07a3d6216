/*
 * sigframe.h - the signal frame builders (private to src/signal/): the
 * x86-64 frame (sigframe.c) and the i386 ones (sigframe32.c), written and
 * read back as the kernel writes and reads them. They decide nothing: the
 * policy (vsig.c) says which signal, which action, which mask and which
 * stack, and they get all of it as parameters.
 *
 * Async-signal-safe zone.
 */
#ifndef VMLOAD_SIGFRAME_H
#define VMLOAD_SIGFRAME_H

#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

#include "base.h"

/* What a frame is built from. */
struct sigframe_req {
	int sig, code;			/* the guest's si_signo, si_code */
	uintptr_t addr;			/* si_addr (SIGSEGV, SIGBUS, ...) */
	const siginfo_t *host;		/* the rest of the siginfo */
	const struct ksigaction *ka;	/* the guest's action */
	stack_t *guest_ss;		/* the guest's altstack (an i386 rt
					   frame with SS_AUTODISARM clears
					   it); NULL: none */
	stack_t runtime_ss;		/* 64-bit: what the frame's uc_stack
					   holds, for the real rt_sigreturn */
	uint64_t mask;			/* the mask the frame saves: the
					   guest's view of it */
	uintptr_t rt_lo, rt_hi;		/* the runtime stack of the thread
					   (its block): a frame that would
					   land there goes below sp_limit,
					   under the live runtime frames */
	uintptr_t sp_limit;
	uint32_t vdso_restorer;		/* i386 without SA_RESTORER: the
					   vDSO's return, 0 for none */
};

/* Is sp on the altstack ss (the kernel's on_sig_stack)? */
static inline int sigframe_on_stack(const stack_t *ss, uintptr_t sp)
{
	return ss && !(ss->ss_flags & SS_DISABLE) &&
	       sp > (uintptr_t)ss->ss_sp &&
	       sp - (uintptr_t)ss->ss_sp <= ss->ss_size;
}

/*
 * Build the x86-64 frame (arch/x86/kernel/signal_64.c) on the guest's
 * stack, or at the top of its altstack with SA_ONSTACK, and point uc at
 * the handler: 0, or -1 when the frame cannot be written (the kernel then
 * forces SIGSEGV). The mask changes are the caller's.
 */
int sigframe_build(const struct sigframe_req *r, ucontext_t *uc);
/*
 * rt_sigreturn: make uc the context the frame at the guest's stack pointer
 * holds, with its mask in *mask: 0, or -1 for a frame that cannot be read
 * (badframe: the caller forces SIGSEGV).
 */
int sigframe_restore(ucontext_t *uc, uint64_t *mask);

/* The same for an ia32 guest: the rt frame with SA_SIGINFO, else the old
 * one. */
int sigframe32_build(const struct sigframe_req *r, ucontext_t *uc);
/* The compat stack_t, as an i386 frame or sigaltstack call holds it. */
struct stack32 {
	uint32_t ss_sp;
	int32_t ss_flags;
	uint32_t ss_size;
};
/* sigreturn (rt = 0) or rt_sigreturn (rt = 1) of an ia32 guest: uc and
 * *mask from the frame; the rt frame's uc_stack in *ss. 0, or -1 for a bad
 * frame. */
int sigframe32_restore(ucontext_t *uc, int rt, uint64_t *mask,
		       struct stack32 *ss);
/* Was uc interrupted in compat mode (CS 0x23)? */
int sigframe32_compat(const ucontext_t *uc);

#endif
