/*
 * vsig.h - the face of src/signal/: virtual signals (DESIGN D8). The
 * runtime owns SIGSEGV, SIGBUS and SIGSYS at host level and never lets
 * them be blocked there; the guest's dispositions for them are recorded
 * here and a signal the runtime does not consume is delivered to the guest
 * as the kernel would: a signal frame on the guest's stack (or its own
 * altstack) and a jump to its handler, or the default action, dying by
 * that signal. x86-64 and i386 guests alike: a guest's action is recorded
 * in the kernel's x86-64 layout whatever its ABI, and the frame is the
 * guest's ABI's.
 *
 * Async-signal-safe zone, except vsig_init.
 */
#ifndef VMLOAD_VSIG_H
#define VMLOAD_VSIG_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <ucontext.h>

#include "base.h"

/* ==== dispositions ======================================================== */

/* Is sig one of the runtime's own (SIGSEGV, SIGBUS, SIGSYS)? Every
 * disposition is virtual; these are also never blocked at host level. */
int vsig_is_runtime(int sig);
/* The guest's rt_sigaction: 0 or -errno. */
long vsig_sigaction(int sig, uintptr_t act, uintptr_t oact);
/* The same, with the action already read (act, old: NULL for none); the
 * ia32 calls use it. 0 or -errno. */
long vsig_set_action(int sig, const struct ksigaction *act,
		     struct ksigaction *old);
/* In a fork child: the dispositions are this process's own copy. */
void vsig_fork_child(void);

/* ==== masks =============================================================== */

/*
 * The trapped thread's blocked mask, edited as sigprocmask() does (how:
 * SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK; set NULL: only read it): the host
 * part in uc's frame, the runtime's own signals (RUNTIME_SIGS) only in the
 * thread's virtual mask. *old gets the mask before. 0 or -EINVAL.
 */
long vsig_mask_update(int how, const uint64_t *set, uint64_t *old,
		      ucontext_t *uc);
/* Around a system call the runtime issues for the guest that may sleep:
 * the guest's own mask at host level (a signal then interrupts it as it
 * would natively and is kept for vsig_flush_pending), and back. */
void vsig_call_enter(ucontext_t *uc);
void vsig_call_leave(void);

/* ==== altstacks =========================================================== */

/* The guest's sigaltstack, x86-64 and compat layouts: 0 or -errno. */
long vsig_sigaltstack(uintptr_t ss, uintptr_t oss, ucontext_t *uc);
long vsig_sigaltstack32(uint32_t ss, uint32_t oss, ucontext_t *uc);

/* ==== delivery ============================================================ */

/*
 * Deliver sig to the guest, interrupted in uc, with si_code code and
 * si_addr addr (host: the host's siginfo, copied for what it holds beyond
 * those). Returns with uc changed to enter the guest's handler, or with the
 * process about to die of sig as soon as the handler returns.
 */
void vsig_deliver(int sig, int code, uintptr_t addr, const siginfo_t *host,
		  ucontext_t *uc);
/* Die of sig (si_code code, si_addr addr) as soon as the handler returns:
 * a fault the guest does not handle, or a bad sigreturn frame. */
void vsig_die(int sig, int code, uintptr_t addr, ucontext_t *uc);
/* An asynchronous signal arrived in uc: 1 when it interrupted a call the
 * runtime issues for the guest and is kept for vsig_flush_pending (the
 * call then returns -EINTR), 0 when it is to be delivered now. */
int vsig_defer(const siginfo_t *si, ucontext_t *uc);
/* When the runtime is done with system call nr: deliver the signals that
 * interrupted it (restarting the guest's call when its handler has
 * SA_RESTART), so they reach the guest in its own context. */
void vsig_flush_pending(long nr, ucontext_t *uc);
/* Calls that fail with EINTR after a handler even with SA_RESTART, by
 * i386 number. */
int vsig_never_restarted32(long nr);

/* ==== sigreturn =========================================================== */

/* The guest's rt_sigreturn: uc becomes the context its frame holds.
 * Returns the value for RAX (the frame's). */
long vsig_sigreturn(ucontext_t *uc);
/* An ia32 guest's sigreturn (rt = 0) or rt_sigreturn (rt = 1): the value
 * for EAX. */
long vsig_sigreturn32(ucontext_t *uc, int rt);

/* ==== set-up (normal context, before the guest runs) ===================== */

/* The host handlers signal delivery installs: passed down by the entry. */
struct vsig_entries {
	void (*fault)(int, siginfo_t *, void *);	/* SIGSEGV, SIGBUS,
							   SIGILL, SIGFPE */
	void (*async)(int, siginfo_t *, void *);	/* a guest handler's */
	void (*restorer)(void);				/* their rt_sigreturn */
	void (*fallback)(int, siginfo_t *, void *);	/* a fault before the
							   guest starts (the
							   loader's), or NULL */
};
/* Record the dispositions exec left and the entries. */
void vsig_init(const struct vsig_entries *e);
/* The vDSO's __kernel_sigreturn and __kernel_rt_sigreturn, where an ia32
 * frame returns when the guest's action has no SA_RESTORER (glibc's i386
 * sigaction sets none). */
void vsig_set_restorers32(uint32_t sigreturn, uint32_t rt_sigreturn);
/* Was uc interrupted in compat mode (CS 0x23)? */
int vsig_compat(const ucontext_t *uc);
/* The guest is running: faults the pager does not consume are its own. */
void vsig_guest_started(void);

#endif
