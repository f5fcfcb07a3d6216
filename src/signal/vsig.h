/*
 * vsig.h - virtual signals (DESIGN D8). The runtime owns SIGSEGV, SIGBUS
 * and SIGSYS at host level and never lets them be blocked there; the
 * guest's dispositions for them are recorded here and a signal the runtime
 * does not consume is delivered to the guest as the kernel would: a signal
 * frame on the guest's stack (or its own altstack) and a jump to its
 * handler, or the default action, dying by that signal.
 *
 * Async-signal-safe zone, except vsig_install.
 */
#ifndef VMLOAD_VSIG_H
#define VMLOAD_VSIG_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <ucontext.h>

/* A guest's action, in the kernel's x86-64 layout (an ia32 guest's is
 * widened to it). */
struct vsig_action {
	uintptr_t handler;
	unsigned long flags;
	uintptr_t restorer;
	uint64_t mask;
};

/* The kernel's struct ucontext as a signal frame holds it (uc_sigmask is
 * 8 bytes there, not glibc's 128). */
struct kucontext {
	unsigned long uc_flags;
	uintptr_t uc_link;
	stack_t uc_stack;
	mcontext_t uc_mcontext;
	uint64_t uc_sigmask;
};

/* Bytes of FPU state behind a context's fpregs: the xsave size its
 * software-reserved bytes give (up to 64 KiB), else the fxsave area alone;
 * 0 for none. */
size_t vsig_fpstate_size(const void *fp);

/* Is sig one of the runtime's own (SIGSEGV, SIGBUS, SIGSYS)? Every
 * disposition is virtual; these are also never blocked at host level. */
int vsig_is_runtime(int sig);
/* The guest's rt_sigaction: 0 or -errno. */
long vsig_sigaction(int sig, uintptr_t act, uintptr_t oact);
/* The same, with the action already read (act, old: NULL for none); the
 * ia32 calls use it. 0 or -errno. */
long vsig_set_action(int sig, const struct vsig_action *act,
		     struct vsig_action *old);
/* Die of sig (si_code code, si_addr addr) as soon as the handler returns:
 * a fault the guest does not handle, or a bad sigreturn frame. */
void vsig_die(int sig, int code, uintptr_t addr, ucontext_t *uc);
/* The guest's sigaltstack: 0 or -errno. */
long vsig_sigaltstack(uintptr_t ss, uintptr_t oss, ucontext_t *uc);
/*
 * Deliver sig to the guest, interrupted in uc, with si_code code and
 * si_addr addr (host: the host's siginfo, copied for what it holds beyond
 * those). Returns with uc changed to enter the guest's handler, or with the
 * process about to die of sig as soon as the handler returns.
 */
void vsig_deliver(int sig, int code, uintptr_t addr, const siginfo_t *host,
		  ucontext_t *uc);
/* At the end of the SIGSYS handler for system call nr: deliver the signals
 * that interrupted it (restarting the guest's call when its handler has
 * SA_RESTART), so they reach the guest in its own context. */
void vsig_flush_pending(long nr, ucontext_t *uc);
/* The guest's rt_sigreturn, from the SIGSYS handler: uc becomes the
 * context its frame holds. Returns the value for RAX (the frame's). */
long vsig_sigreturn(ucontext_t *uc);
/* Normal context: the SIGSEGV and SIGBUS handlers. fallback, if not NULL,
 * is called for faults before the guest starts (loader crashes). */
int vsig_install(void (*fallback)(int, siginfo_t *, void *));
/* In a fork child: the dispositions are this process's own copy. */
void vsig_fork_child(void);
/* The guest is running: faults the pager does not consume are its own. */
void vsig_guest_started(void);

#endif
