/*
 * vsig.c - virtual SIGSEGV, SIGBUS and SIGSYS (async-signal-safe zone,
 * except vsig_install).
 *
 * A frame is built as arch/x86/kernel/signal_64.c builds it, so that the
 * guest's sa_restorer (glibc's __restore_rt) returns through the real
 * rt_sigreturn: below the interrupted stack pointer and its 128-byte red
 * zone (or at the top of the guest's altstack with SA_ONSTACK), the
 * extended FPU state aligned to 64, then struct rt_sigframe { pretcode;
 * ucontext; siginfo } with (sp + 8) 16-byte aligned.
 */
#include "vsig.h"

#include <string.h>
#include <sys/syscall.h>

#include "host.h"
#include "mapshot.h"
#include "pager.h"
#include "report.h"
#include "thread.h"
#include "trace.h"
#include "vsig32.h"

#define EINVAL 22
#define EFAULT 14
#define EPERM 1
#define ENOMEM 12
#define BIT(s) (1ULL << ((s) - 1))
#define FP_XSTATE_MAGIC1 0x46505853U
#define RUNTIME_SIGS (BIT(SIGSEGV) | BIT(SIGBUS) | BIT(SIGSYS))
#define SA_RESTORER 0x04000000
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif
#define MIN_SS 2048UL	/* MINSIGSTKSZ, the kernel's floor */

struct rt_sigframe {
	uintptr_t pretcode;
	struct kucontext uc;
	siginfo_t info;
};

static struct vsig_action vact[65];	/* the guest's view of every signal */
static void (*fallback)(int, siginfo_t *, void *);
static int guest_started;
static int vact_pid;	/* the process vact belongs to (see vsig_sigaction) */

int vsig_is_runtime(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGSYS;
}

static void on_async(int sig, siginfo_t *si, void *ctx);
static void on_fault(int sig, siginfo_t *si, void *ctx);
void vsig_restorer(void);

/* SIGILL and SIGFPE are not the runtime's, but their default action is:
 * it reports the crash (report.h) before dying of them (die_of). */
static int caught_default(int sig, const struct vsig_action *k)
{
	return (sig == SIGILL || sig == SIGFPE) &&
	       k->handler == (uintptr_t)SIG_DFL;
}

/*
 * What the host does with a signal that is not the runtime's: the default
 * action and SIG_IGN stay the kernel's own (with SA_NOCLDSTOP/NOCLDWAIT);
 * a guest handler is reached through on_async, which builds the guest's
 * frame itself so that its stack pages are present first. SA_RESTART is
 * the guest's, so interrupted calls restart exactly as they would.
 */
static void host_disposition(int sig, const struct vsig_action *k)
{
	struct vsig_action h = { 0 };

	if (caught_default(sig, k)) {
		h.handler = (uintptr_t)on_fault;
		h.flags = SA_SIGINFO | SA_ONSTACK | SA_RESTORER | SA_RESTART;
		h.restorer = (uintptr_t)vsig_restorer;
		h.mask = ~BIT(SIGSYS);
	} else if (k->handler == (uintptr_t)SIG_DFL ||
		   k->handler == (uintptr_t)SIG_IGN) {
		h.handler = k->handler;
		h.flags = k->flags & (SA_NOCLDSTOP | SA_NOCLDWAIT | SA_RESTORER);
		h.restorer = k->restorer;
	} else {
		h.handler = (uintptr_t)on_async;
		h.flags = SA_SIGINFO | SA_ONSTACK | SA_RESTORER |
			  (k->flags & (SA_RESTART | SA_NOCLDSTOP | SA_NOCLDWAIT));
		h.restorer = (uintptr_t)vsig_restorer;
		h.mask = ~(BIT(SIGSEGV) | BIT(SIGBUS) | BIT(SIGSYS) |
			   BIT(SIGILL) | BIT(SIGFPE) | BIT(SIGTRAP));
	}
	host_sys4(SYS_rt_sigaction, sig, &h, 0, 8);
}

long vsig_sigaction(int sig, uintptr_t act, uintptr_t oact)
{
	struct vsig_action k = { 0 }, old;
	long r;

	if (act && pager_copy_in(&k, act, sizeof k) < 0)
		return -EFAULT;
	r = vsig_set_action(sig, NULL, &old);
	if (r < 0)
		return r;
	if (oact && pager_copy_out(oact, &old, sizeof old) < 0)
		return -EFAULT;
	return act ? vsig_set_action(sig, &k, NULL) : 0;
}

long vsig_set_action(int sig, const struct vsig_action *act,
		     struct vsig_action *old)
{
	struct vsig_action k;

	if (sig < 1 || sig > 64)
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (old)
		*old = vact[sig];
	if (act) {
		k = *act;
		k.mask &= ~(BIT(SIGKILL) | BIT(SIGSTOP));
		/* a vfork child (posix_spawn resetting its handlers) shares
		 * this memory with its parent but not its dispositions: only
		 * the host's change for it */
		if (host_getpid() == vact_pid)
			vact[sig] = k;
		if (!vsig_is_runtime(sig))
			host_disposition(sig, &k);
	}
	return 0;
}

void vsig_fork_child(void)
{
	vact_pid = host_getpid();
}

static int on_stack(const stack_t *ss, uintptr_t sp)
{
	return !(ss->ss_flags & SS_DISABLE) &&
	       sp > (uintptr_t)ss->ss_sp &&
	       sp - (uintptr_t)ss->ss_sp <= ss->ss_size;
}

long vsig_sigaltstack(uintptr_t uss, uintptr_t uoss, ucontext_t *uc)
{
	struct vml_thread *t = thread_self();
	uintptr_t sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
	stack_t old, ss;

	if (!t)
		return -EPERM;
	old = t->guest_ss;
	if (on_stack(&old, sp))
		old.ss_flags |= SS_ONSTACK;
	if (uss) {
		int mode;

		if (pager_copy_in(&ss, uss, sizeof ss) < 0)
			return -EFAULT;
		if (on_stack(&t->guest_ss, sp))
			return -EPERM;
		mode = ss.ss_flags & ~(int)SS_AUTODISARM;
		if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			ss.ss_size = 0;
			ss.ss_sp = NULL;
			ss.ss_flags = SS_DISABLE;
		} else if (ss.ss_size < MIN_SS) {
			return -ENOMEM;
		} else {
			ss.ss_flags &= (int)SS_AUTODISARM;
		}
	}
	if (uoss && pager_copy_out(uoss, &old, sizeof old) < 0)
		return -EFAULT;
	if (uss)
		t->guest_ss = ss;
	return 0;
}

/* The default action of sig (for a fault: death) as soon as the runtime's
 * handler returns. code and addr: the siginfo the guest would have seen. */
static void die_of(int sig, int code, uintptr_t addr, ucontext_t *uc)
{
	struct vsig_action dfl = { 0 };
	uint64_t *mask = (uint64_t *)(void *)&uc->uc_sigmask;

	/* VMLOAD_REPORT, for a fault the kernel raised (not a signal sent):
	 * the report runs on the terminal path (final.h), outside the
	 * async-signal-safe zone */
	if (code > 0)
		report_crash(sig, code, addr, uc);

	host_sys4(SYS_rt_sigaction, sig, &dfl, 0, 8);
	*mask &= ~BIT(sig);
	mapshot_at_signal(sig);	/* VMLOAD_MAP: the picture at a crash */
	host_sys3(SYS_tgkill, host_getpid(), host_gettid(), sig);
}

void vsig_die(int sig, int code, uintptr_t addr, ucontext_t *uc)
{
	die_of(sig, code, addr, uc);
}

size_t vsig_fpstate_size(const void *fp)
{
	uint32_t sw[2];

	if (!fp)
		return 0;
	memcpy(sw, (const char *)fp + 464, sizeof sw);
	if (sw[0] == FP_XSTATE_MAGIC1 && sw[1] >= 512 && sw[1] <= 64 * 1024)
		return sw[1];
	return 512;
}

void vsig_deliver(int sig, int code, uintptr_t addr, const siginfo_t *host,
		  ucontext_t *uc)
{
	struct vsig_action *ka = &vact[sig];
	struct kucontext *kuc = (struct kucontext *)(void *)uc;
	struct vml_thread *t = thread_self();
	struct rt_sigframe f;
	greg_t *g = uc->uc_mcontext.gregs;
	int forced = host->si_code > 0;	/* made by the kernel, not sent */
	uintptr_t sp, fp, frame;
	size_t fsize = vsig_fpstate_size(uc->uc_mcontext.fpregs);

	if (!guest_started && fallback) {
		fallback(sig, (siginfo_t *)host, uc);
		return;
	}
	if (trace_on(VML_TRACE_SIGNAL))
		trace_signal(sig, code, addr, host, ka->handler,
			     forced && t && (t->vblocked & BIT(sig)));
	if (ka->handler == (uintptr_t)SIG_IGN && !forced)
		return;
	/* force_sig_info_to_task(): a fault that is ignored or blocked kills */
	if (ka->handler == (uintptr_t)SIG_DFL || ka->handler == (uintptr_t)SIG_IGN ||
	    (forced && t && (t->vblocked & BIT(sig)))) {
		die_of(sig, code, addr, uc);
		return;
	}
	if (vsig32_compat(uc)) {	/* an ia32 guest: i386 frames */
		if (vsig32_frame(sig, code, addr, host, ka, uc) < 0) {
			die_of(SIGSEGV, SI_KERNEL, 0, uc);
			return;
		}
		goto frame_done;
	}
	/* get_sigframe() */
	sp = (uintptr_t)g[REG_RSP] - 128;
	if ((ka->flags & SA_ONSTACK) && t && !(t->guest_ss.ss_flags & SS_DISABLE) &&
	    !on_stack(&t->guest_ss, (uintptr_t)g[REG_RSP]))
		sp = (uintptr_t)t->guest_ss.ss_sp + t->guest_ss.ss_size;
	/* interrupted in the runtime (a system call it issues for the guest,
	 * on its altstack): the live runtime frames, this handler's among
	 * them, are below that stack pointer; go well below them */
	if (t && sp - (uintptr_t)t < THREAD_SIZE) {
		uintptr_t here = (uintptr_t)__builtin_frame_address(0) - (16 << 10);

		if (sp > here)
			sp = here;
	}
	fp = (sp - fsize) & ~(uintptr_t)63;
	frame = ((fp - sizeof f) & ~(uintptr_t)15) - 8;

	memset(&f, 0, sizeof f);
	f.pretcode = ka->restorer;
	f.uc.uc_flags = kuc->uc_flags;
	f.uc.uc_link = 0;
	if (t)
		f.uc.uc_stack = thread_altstack(t); /* what sigreturn restores */
	f.uc.uc_mcontext = uc->uc_mcontext;
	f.uc.uc_mcontext.fpregs = fsize ? (void *)fp : NULL;
	/* the guest's view: with the runtime's signals it blocks virtually
	 * (its rt_sigreturn is served by vsig_sigreturn) */
	f.uc.uc_sigmask = kuc->uc_sigmask | (t ? t->vblocked : 0);
	memcpy(&f.info, host, sizeof f.info);
	f.info.si_signo = sig;
	f.info.si_code = code;
	if (sig == SIGSEGV || sig == SIGBUS)
		f.info.si_addr = (void *)addr;

	pager_prepare(frame, (fp + fsize) - frame, 1);
	if (pager_copy_out(frame, &f, sizeof f) < 0 ||
	    (fsize && pager_copy_out(fp, uc->uc_mcontext.fpregs, fsize) < 0)) {
		/* no room for the frame: the kernel forces SIGSEGV */
		die_of(SIGSEGV, SI_KERNEL, 0, uc);
		return;
	}
	g[REG_RSP] = (greg_t)frame;
	g[REG_RIP] = (greg_t)ka->handler;
	g[REG_RDI] = sig;
	g[REG_RSI] = (greg_t)(frame + offsetof(struct rt_sigframe, info));
	g[REG_RDX] = (greg_t)(frame + offsetof(struct rt_sigframe, uc));
	g[REG_RAX] = 0;
	g[REG_EFL] &= ~(0x400L | 0x10000L | 0x100L); /* DF, RF, TF */
frame_done:
	kuc->uc_sigmask |= ka->mask;
	if (!(ka->flags & SA_NODEFER))
		kuc->uc_sigmask |= BIT(sig);
	/* the runtime's signals stay deliverable at host level: blocked
	 * only virtually */
	if (t)
		t->vblocked |= kuc->uc_sigmask & RUNTIME_SIGS;
	kuc->uc_sigmask &= ~RUNTIME_SIGS;
	if (ka->flags & SA_RESETHAND) {
		ka->handler = (uintptr_t)SIG_DFL;
		ka->flags &= ~(unsigned long)SA_SIGINFO;
		if (!vsig_is_runtime(sig))
			host_disposition(sig, ka);
	}
}

/*
 * The guest's rt_sigreturn (trapped): restore_sigcontext() done on the
 * runtime's own frame, so that returning from the SIGSYS handler resumes
 * the guest where its frame says. The mask's runtime signals go back to
 * being virtual. The frame's uc_stack is not applied: the altstack at host
 * level is the runtime's, the guest's own is kept by vsig_sigaltstack.
 */
long vsig_sigreturn(ucontext_t *uc)
{
	struct vml_thread *t = thread_self();
	uintptr_t frame = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP] - 8;
	struct rt_sigframe f;
	struct kucontext *kuc = (struct kucontext *)(void *)uc;
	size_t have = vsig_fpstate_size(uc->uc_mcontext.fpregs), want;
	void *ours = uc->uc_mcontext.fpregs;
	unsigned char fx[512];

	if (pager_copy_in(&f, frame, sizeof f) < 0)
		goto bad;
	want = f.uc.uc_mcontext.fpregs ? 512 : 0;
	if (want) {
		if (pager_copy_in(fx, (uintptr_t)f.uc.uc_mcontext.fpregs, 512) < 0)
			goto bad;
		want = vsig_fpstate_size(fx);
		if (want > have || !ours)
			want = 512;
		if (pager_copy_in(ours, (uintptr_t)f.uc.uc_mcontext.fpregs, want) < 0)
			goto bad;
	}
	/* segment selectors and the like stay the kernel's (CS, SS) */
	f.uc.uc_mcontext.gregs[REG_CSGSFS] = uc->uc_mcontext.gregs[REG_CSGSFS];
	uc->uc_mcontext = f.uc.uc_mcontext;
	uc->uc_mcontext.fpregs = ours;
	if (t)
		t->vblocked = f.uc.uc_sigmask & RUNTIME_SIGS;
	kuc->uc_sigmask = f.uc.uc_sigmask & ~(RUNTIME_SIGS | BIT(SIGKILL) |
					       BIT(SIGSTOP));
	return uc->uc_mcontext.gregs[REG_RAX];
bad:
	/* badframe: the kernel forces SIGSEGV */
	die_of(SIGSEGV, SI_KERNEL, 0, uc);
	return -EFAULT;
}

/* ---- the host handlers ---- */

static void on_fault_handle(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	uintptr_t addr = (uintptr_t)si->si_addr;
	int code = si->si_code;

	if (sig == SIGSEGV && (code == SEGV_MAPERR || code == SEGV_ACCERR ||
			       code == 4 /* SEGV_PKUERR */)) {
		unsigned long err = (unsigned long)uc->uc_mcontext.gregs[REG_ERR];
		int access = (err & 2) ? PAGER_WRITE : (err & 16) ? PAGER_EXEC
								  : PAGER_READ;
		struct pager_event ev;
		int r;

		if (err & 0x20 || code == 4)
			access |= PAGER_RETRY;
		r = pager_fault_ev(addr, access,
				   trace_on(VML_TRACE_FAULT) ? &ev : NULL);
		if (trace_on(VML_TRACE_FAULT))
			trace_fault(addr, access, r, &ev);
		if (r == 0)
			return;
		if (r == PAGER_MAPERR)
			code = SEGV_MAPERR;
		else if (r == PAGER_ACCERR && code != 4)
			code = SEGV_ACCERR;
	}
	vsig_deliver(sig, code, addr, si, uc);
}

/* The host handlers proper: through the FS switch (thread.h). */
static void on_fault(int sig, siginfo_t *si, void *ctx)
{
	uint64_t fs = thread_fs_enter(ctx);

	on_fault_handle(sig, si, ctx);
	thread_fs_leave(ctx, fs);
}

/*
 * A signal that arrives while the runtime runs a system call for the guest
 * (SIGSYS handler, guest mask applied) belongs to the guest's context, not
 * the runtime's: the call is made to return -EINTR (it had not completed,
 * or the kernel was about to restart it), the signal is kept, and
 * vsig_flush_pending delivers it when the SIGSYS handler returns, so the
 * guest's handler sees the guest's registers, as natively.
 */
static int defer_in_call(siginfo_t *si, ucontext_t *uc)
{
	struct vml_thread *t = thread_self();
	greg_t *g = uc->uc_mcontext.gregs;
	const unsigned char *ip = (const unsigned char *)g[REG_RIP];

	if (!t || !t->in_call || !thread_in_runtime(uc))
		return 0;
	if (t->npend < (int)(sizeof t->pend / sizeof t->pend[0]))
		t->pend[t->npend++] = *si;
	/* at the syscall instruction (or int $0x80, an ia32 guest's call) */
	if ((ip[0] == 0x0f && ip[1] == 0x05) || (ip[0] == 0xcd && ip[1] == 0x80)) {
		g[REG_RIP] += 2;
		g[REG_RAX] = -4; /* EINTR */
	}
	return 1;
}

/* Calls that fail with EINTR after a handler even with SA_RESTART
 * (signal(7)). */
static int never_restarted(long nr)
{
	switch (nr) {
	case SYS_epoll_wait: case SYS_epoll_pwait: case 441 /* epoll_pwait2 */:
	case SYS_poll: case SYS_ppoll: case SYS_select: case SYS_pselect6:
	case SYS_nanosleep: case SYS_clock_nanosleep: case SYS_rt_sigtimedwait:
	case SYS_rt_sigsuspend: case SYS_io_getevents: case SYS_msgrcv:
	case SYS_msgsnd: case SYS_semop: case SYS_semtimedop:
	case 333 /* io_pgetevents */:
		return 1;
	default:
		return 0;
	}
}

void vsig_flush_pending(long nr, ucontext_t *uc)
{
	struct vml_thread *t = thread_self();
	greg_t *g = uc->uc_mcontext.gregs;
	siginfo_t first;
	int pid, tid;
	int compat = vsig32_compat(uc);

	if (!t || !t->npend)
		return;
	/* an ia32 call's result is 32 bits wide, and its numbers its own */
	if ((compat ? (int)g[REG_RAX] == -4 : g[REG_RAX] == -4) &&
	    (vact[t->pend[0].si_signo].flags & SA_RESTART) &&
	    !(compat ? vsig32_never_restarted(nr) : never_restarted(nr))) {
		g[REG_RIP] -= 2;	/* the guest's syscall instruction again */
		g[REG_RAX] = nr;
	}
	/* the rest go back to the kernel, to arrive in the guest's context */
	pid = host_getpid();
	tid = host_gettid();
	for (int i = 1; i < t->npend; i++)
		host_sys4(SYS_rt_tgsigqueueinfo, pid, tid, t->pend[i].si_signo,
			  &t->pend[i]);
	first = t->pend[0];
	t->npend = 0;
	/* the first is delivered now, as the kernel does when the call
	 * returns: after sigsuspend, ppoll or pselect the mask that let it in
	 * is gone, and the frame keeps the one the call restores */
	vsig_deliver(first.si_signo, first.si_code, (uintptr_t)first.si_addr,
		     &first, uc);
}

static void on_async(int sig, siginfo_t *si, void *ctx)
{
	uint64_t fs = thread_fs_enter(ctx);

	if (!defer_in_call(si, ctx))
		vsig_deliver(sig, si->si_code, (uintptr_t)si->si_addr, si, ctx);
	thread_fs_leave(ctx, fs);
}

int vsig_install(void (*fb)(int, siginfo_t *, void *))
{
	struct sigaction sa;

	/* what exec left: SIG_IGN stays ignored, the rest is SIG_DFL (the
	 * loader's own crash handlers, diag.c, are not the guest's) */
	for (int s = 1; s <= 64; s++)
		if (s != SIGKILL && s != SIGSTOP)
			host_sys4(SYS_rt_sigaction, s, 0, &vact[s], 8);
	for (int s = 1; s <= 64; s++)
		if (vact[s].handler != (uintptr_t)SIG_IGN)
			memset(&vact[s], 0, sizeof vact[s]);
	fallback = fb;
	vact_pid = host_getpid();
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
	sigfillset(&sa.sa_mask);
	sigdelset(&sa.sa_mask, SIGSYS);
	if (sigaction(SIGSEGV, &sa, NULL) < 0 || sigaction(SIGBUS, &sa, NULL) < 0)
		return -EINVAL;
	return 0;
}

void vsig_guest_started(void)
{
	/* diag_uninstall left SIGILL and SIGFPE at the host's SIG_DFL */
	host_disposition(SIGILL, &vact[SIGILL]);
	host_disposition(SIGFPE, &vact[SIGFPE]);
	guest_started = 1;
	thread_fs_switching();
}
