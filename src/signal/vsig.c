/*
 * vsig.c - virtual signals, the policy (vsig.h; DESIGN D8; async-signal-safe
 * zone, except vsig_init): the guest's dispositions, its masks and
 * altstacks, which signal is delivered how, and what the kernel would do
 * with a sigreturn. The frames themselves are sigframe.c's and
 * sigframe32.c's; the host handlers that call in here are the entry's.
 */
#include "vsig.h"

#include <linux/errno.h>
#include <string.h>
#include <sys/syscall.h>

#include "mm.h"
#include "observe.h"
#include "sigframe.h"
#include "nr32.h"

#define MIN_SS 2048UL			/* MINSIGSTKSZ, the kernel's floor */
#define COMPAT_MIN_SS 2048U		/* COMPAT_MINSIGSTKSZ */
/* the guest sees the frame placed this far below a live runtime frame */
#define RUNTIME_FRAME_ROOM (16UL << 10)

static struct ksigaction vact[65];	/* the guest's view of every signal */
static struct vsig_entries entries;	/* immutable after vsig_init */
static int guest_started;
static int vact_pid;	/* the process vact belongs to (see vsig_set_action) */
static uint32_t vdso_sigreturn, vdso_rt_sigreturn;	/* i386; 0: none */

int vsig_is_runtime(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGSYS;
}

int vsig_compat(const ucontext_t *uc)
{
	return sigframe32_compat(uc);
}

/* SIGILL and SIGFPE are not the runtime's, but their default action is:
 * it reports the crash (observe.h) before dying of them (die_of). */
static int caught_default(int sig, const struct ksigaction *k)
{
	return (sig == SIGILL || sig == SIGFPE) &&
	       k->handler == (uintptr_t)SIG_DFL;
}

/*
 * What the host does with a signal that is not the runtime's: the default
 * action and SIG_IGN stay the kernel's own (with SA_NOCLDSTOP/NOCLDWAIT);
 * a guest handler is reached through the entry's async handler, which
 * builds the guest's frame itself so that its stack pages are present
 * first. SA_RESTART is the guest's, so interrupted calls restart exactly as
 * they would.
 */
static void host_disposition(int sig, const struct ksigaction *k)
{
	struct ksigaction h = { 0 };

	if (caught_default(sig, k)) {
		h.handler = (uintptr_t)entries.fault;
		h.flags = SA_SIGINFO | SA_ONSTACK | SA_RESTORER | SA_RESTART;
		h.restorer = (uintptr_t)entries.restorer;
		h.mask = ~SIG_BIT(SIGSYS);
	} else if (k->handler == (uintptr_t)SIG_DFL ||
		   k->handler == (uintptr_t)SIG_IGN) {
		h.handler = k->handler;
		h.flags = k->flags & (SA_NOCLDSTOP | SA_NOCLDWAIT | SA_RESTORER);
		h.restorer = k->restorer;
	} else {
		h.handler = (uintptr_t)entries.async;
		h.flags = SA_SIGINFO | SA_ONSTACK | SA_RESTORER |
			  (k->flags & (SA_RESTART | SA_NOCLDSTOP | SA_NOCLDWAIT));
		h.restorer = (uintptr_t)entries.restorer;
		h.mask = ~SYNC_SIGS;
	}
	host_sigaction(sig, &h, NULL);
}

/* ==== dispositions ======================================================== */

long vsig_sigaction(int sig, uintptr_t act, uintptr_t oact)
{
	struct ksigaction k = { 0 }, old;
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

long vsig_set_action(int sig, const struct ksigaction *act,
		     struct ksigaction *old)
{
	struct ksigaction k;

	if (sig < 1 || sig > 64)
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (old)
		*old = vact[sig];
	if (act) {
		k = *act;
		k.mask &= ~(SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP));
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

/* ==== masks =============================================================== */

/*
 * The trapped thread's mask lives in its signal frame: the kernel restores
 * uc_sigmask at sigreturn, so a change made with the host call here would
 * be lost. Edit the frame instead (sigprocmask() in kernel/signal.c: the
 * set is read first, then how is checked; SIGKILL and SIGSTOP never
 * block). The runtime's own signals are blocked only virtually.
 */
long vsig_mask_update(int how, const uint64_t *set, uint64_t *oldp,
		      ucontext_t *uc)
{
	struct vml_thread *t = current_thread();
	uint64_t *mask = (uint64_t *)(void *)&uc->uc_sigmask;
	uint64_t old = *mask | (t ? t->vblocked : 0), now;

	*oldp = old;
	if (!set)
		return 0;
	switch (how) {
	case SIG_BLOCK:
		now = old | *set;
		break;
	case SIG_UNBLOCK:
		now = old & ~*set;
		break;
	case SIG_SETMASK:
		now = *set;
		break;
	default:
		return -EINVAL;
	}
	now &= ~(SIG_BIT(SIGKILL) | SIG_BIT(SIGSTOP));
	if (t)
		t->vblocked = now & RUNTIME_SIGS;
	*mask = now & ~RUNTIME_SIGS;
	return 0;
}

/* What a handler runs with: everything blocked but the synchronous
 * signals (the entry installs its handlers with this mask). */
static const uint64_t handler_mask = ~SYNC_SIGS;

void vsig_call_enter(ucontext_t *uc)
{
	struct vml_thread *t = current_thread();

	if (t)
		t->in_call = 1;
	host_sys4(SYS_rt_sigprocmask, SIG_SETMASK, &uc->uc_sigmask, 0, KSIGSET_SIZE);
}

void vsig_call_leave(void)
{
	struct vml_thread *t = current_thread();

	host_sys4(SYS_rt_sigprocmask, SIG_SETMASK, &handler_mask, 0, KSIGSET_SIZE);
	if (t)
		t->in_call = 0;
}

/* ==== the guest's altstack, virtual ====================================== */

/*
 * do_sigaltstack() on the thread's virtual altstack: *old gets it as it is
 * (SS_ONSTACK while sp is on it); a new one (ss not NULL) is checked as the
 * kernel checks it, min being MINSIGSTKSZ of the caller's ABI, and kept.
 * 0 or -errno.
 */
static long altstack_update(struct vml_thread *t, uintptr_t sp,
			    const stack_t *ss, stack_t *old, size_t min)
{
	int mode;

	*old = t->guest_ss;
	if (sigframe_on_stack(old, sp))
		old->ss_flags |= SS_ONSTACK;
	if (!ss)
		return 0;
	if (sigframe_on_stack(&t->guest_ss, sp))
		return -EPERM;
	mode = ss->ss_flags & ~(int)SS_AUTODISARM;
	if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
		return -EINVAL;
	if (mode == SS_DISABLE) {
		t->guest_ss.ss_size = 0;
		t->guest_ss.ss_sp = NULL;
		t->guest_ss.ss_flags = SS_DISABLE;
		return 0;
	}
	if (ss->ss_size < min)
		return -ENOMEM;
	t->guest_ss = *ss;
	t->guest_ss.ss_flags &= (int)SS_AUTODISARM;
	return 0;
}

long vsig_sigaltstack(uintptr_t uss, uintptr_t uoss, ucontext_t *uc)
{
	struct vml_thread *t = current_thread();
	uintptr_t sp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
	stack_t old, ss;
	long r;

	if (!t)
		return -EPERM;
	if (uss && pager_copy_in(&ss, uss, sizeof ss) < 0)
		return -EFAULT;
	r = altstack_update(t, sp, uss ? &ss : NULL, &old, MIN_SS);
	if (r < 0)
		return r;
	/* as the kernel: the new one stays set when oss cannot be written */
	if (uoss && pager_copy_out(uoss, &old, sizeof old) < 0)
		return -EFAULT;
	return 0;
}

/* compat_restore_altstack() at rt_sigreturn: errors other than EFAULT are
 * ignored */
static void restore_altstack32(const struct stack32 *s, uint32_t esp)
{
	struct vml_thread *t = current_thread();
	stack_t ss = { .ss_sp = (void *)(uintptr_t)s->ss_sp,
		       .ss_flags = s->ss_flags, .ss_size = s->ss_size }, old;

	if (t)
		altstack_update(t, esp, &ss, &old, COMPAT_MIN_SS);
}

long vsig_sigaltstack32(uint32_t uss, uint32_t uoss, ucontext_t *uc)
{
	struct vml_thread *t = current_thread();
	uint32_t esp = (uint32_t)uc->uc_mcontext.gregs[REG_RSP];
	struct stack32 old32, ss32;
	stack_t ss, old;
	long r;

	if (!t)
		return -EPERM;
	if (uss && pager_copy_in(&ss32, uss, sizeof ss32) < 0)
		return -EFAULT;
	ss = (stack_t){ .ss_sp = (void *)(uintptr_t)ss32.ss_sp,
			.ss_flags = ss32.ss_flags, .ss_size = ss32.ss_size };
	r = altstack_update(t, esp, uss ? &ss : NULL, &old, COMPAT_MIN_SS);
	if (r < 0)
		return r;
	old32 = (struct stack32){ (uint32_t)(uintptr_t)old.ss_sp, old.ss_flags,
				  (uint32_t)old.ss_size };
	if (uoss && pager_copy_out(uoss, &old32, sizeof old32) < 0)
		return -EFAULT;
	return 0;
}

/* ==== delivery ============================================================ */

/* The default action of sig (for a fault: death) as soon as the runtime's
 * handler returns. code and addr: the siginfo the guest would have seen. */
void vsig_die(int sig, int code, uintptr_t addr, ucontext_t *uc)
{
	struct ksigaction dfl = { 0 };
	uint64_t *mask = (uint64_t *)(void *)&uc->uc_sigmask;

	/* VMLOAD_REPORT, for a fault the kernel raised (not a signal sent):
	 * the report runs on the terminal path, outside the zone */
	if (code > 0)
		report_crash(sig, code, addr, uc);

	host_sigaction(sig, &dfl, NULL);
	*mask &= ~SIG_BIT(sig);
	mapshot_at_signal(sig);	/* VMLOAD_MAP: the picture at a crash */
	host_sys3(SYS_tgkill, host_getpid(), host_gettid(), sig);
}

/* What the frame builders need, from the policy's state. */
static void frame_request(struct sigframe_req *r, struct vml_thread *t,
			  const struct ksigaction *ka, const ucontext_t *uc)
{
	const struct kucontext *kuc = (const struct kucontext *)(const void *)uc;

	r->ka = ka;
	r->guest_ss = t ? &t->guest_ss : NULL;
	if (t)
		r->runtime_ss = current_altstack(t);
	/* the guest's view: with the runtime's signals it blocks virtually
	 * (its rt_sigreturn is served by vsig_sigreturn) */
	r->mask = kuc->uc_sigmask | (t ? t->vblocked : 0);
	r->rt_lo = t ? (uintptr_t)t : 0;
	r->rt_hi = t ? (uintptr_t)t + THREAD_SIZE : 0;
	r->sp_limit = (uintptr_t)__builtin_frame_address(0) - RUNTIME_FRAME_ROOM;
	r->vdso_restorer = (ka->flags & SA_SIGINFO) ? vdso_rt_sigreturn
						    : vdso_sigreturn;
}

void vsig_deliver(int sig, int code, uintptr_t addr, const siginfo_t *host,
		  ucontext_t *uc)
{
	struct ksigaction *ka = &vact[sig];
	struct kucontext *kuc = (struct kucontext *)(void *)uc;
	struct vml_thread *t = current_thread();
	int forced = host->si_code > 0;	/* made by the kernel, not sent */
	struct sigframe_req r = { .sig = sig, .code = code, .addr = addr,
				  .host = host };
	int built;

	if (!guest_started && entries.fallback) {
		entries.fallback(sig, (siginfo_t *)host, uc);
		return;
	}
	if (trace_on(VML_TRACE_SIGNAL))
		trace_signal(sig, code, addr, host, ka->handler,
			     forced && t && (t->vblocked & SIG_BIT(sig)));
	if (ka->handler == (uintptr_t)SIG_IGN && !forced)
		return;
	/* force_sig_info_to_task(): a fault that is ignored or blocked kills */
	if (ka->handler == (uintptr_t)SIG_DFL || ka->handler == (uintptr_t)SIG_IGN ||
	    (forced && t && (t->vblocked & SIG_BIT(sig)))) {
		vsig_die(sig, code, addr, uc);
		return;
	}
	frame_request(&r, t, ka, uc);
	built = vsig_compat(uc) ? sigframe32_build(&r, uc)	/* ia32 guest */
				: sigframe_build(&r, uc);
	if (built < 0) {
		/* no room for the frame: the kernel forces SIGSEGV */
		vsig_die(SIGSEGV, SI_KERNEL, 0, uc);
		return;
	}
	kuc->uc_sigmask |= ka->mask;
	if (!(ka->flags & SA_NODEFER))
		kuc->uc_sigmask |= SIG_BIT(sig);
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

/* The mask a sigreturn found: the runtime's signals go back to being
 * virtual. */
static void set_frame_mask(uint64_t mask, ucontext_t *uc)
{
	struct vml_thread *t = current_thread();
	struct kucontext *kuc = (struct kucontext *)(void *)uc;

	if (t)
		t->vblocked = mask & RUNTIME_SIGS;
	kuc->uc_sigmask = mask & ~(RUNTIME_SIGS | SIG_BIT(SIGKILL) |
				   SIG_BIT(SIGSTOP));
}

long vsig_sigreturn(ucontext_t *uc)
{
	uint64_t mask;

	if (sigframe_restore(uc, &mask) < 0) {
		/* badframe: the kernel forces SIGSEGV */
		vsig_die(SIGSEGV, SI_KERNEL, 0, uc);
		return -EFAULT;
	}
	set_frame_mask(mask, uc);
	return uc->uc_mcontext.gregs[REG_RAX];
}

long vsig_sigreturn32(ucontext_t *uc, int rt)
{
	struct stack32 ss;
	uint64_t mask;

	if (sigframe32_restore(uc, rt, &mask, &ss) < 0) {
		vsig_die(SIGSEGV, SI_KERNEL, 0, uc);
		return -EFAULT;
	}
	set_frame_mask(mask, uc);
	if (rt)
		restore_altstack32(&ss, (uint32_t)uc->uc_mcontext.gregs[REG_RSP]);
	return (uint32_t)uc->uc_mcontext.gregs[REG_RAX];
}

/* ==== signals that interrupt a call the runtime issues for the guest ==== */

/*
 * A signal that arrives while the runtime runs a system call for the guest
 * (the guest's mask applied, vsig_call_enter) belongs to the guest's
 * context, not the runtime's: the call is made to return -EINTR (it had not
 * completed, or the kernel was about to restart it), the signal is kept,
 * and vsig_flush_pending delivers it when the runtime returns to the
 * guest, so the guest's handler sees the guest's registers, as natively.
 */
int vsig_defer(const siginfo_t *si, ucontext_t *uc)
{
	struct vml_thread *t = current_thread();
	greg_t *g = uc->uc_mcontext.gregs;
	const unsigned char *ip = (const unsigned char *)g[REG_RIP];

	if (!t || !t->in_call || !host_text_contains((uintptr_t)g[REG_RIP]))
		return 0;
	if (t->npend < (int)(sizeof t->pend / sizeof t->pend[0]))
		t->pend[t->npend++] = *si;
	/* at the syscall instruction (or int $0x80, an ia32 guest's call) */
	if ((ip[0] == 0x0f && ip[1] == 0x05) || (ip[0] == 0xcd && ip[1] == 0x80)) {
		g[REG_RIP] += 2;
		g[REG_RAX] = -EINTR;
	}
	return 1;
}

/* Calls that fail with EINTR after a handler even with SA_RESTART
 * (signal(7)), by x86-64 number. */
static int never_restarted(long nr)
{
	switch (nr) {
	case SYS_epoll_wait: case SYS_epoll_pwait: case SYS_epoll_pwait2:
	case SYS_poll: case SYS_ppoll: case SYS_select: case SYS_pselect6:
	case SYS_nanosleep: case SYS_clock_nanosleep: case SYS_rt_sigtimedwait:
	case SYS_rt_sigsuspend: case SYS_io_getevents: case SYS_msgrcv:
	case SYS_msgsnd: case SYS_semop: case SYS_semtimedop:
	case SYS_io_pgetevents:
		return 1;
	default:
		return 0;
	}
}

int vsig_never_restarted32(long nr)
{
	/* the i386 numbers of the calls never_restarted names, and their
	 * time64 variants */
	switch (nr) {
	case NR32_pause: case NR32_sigsuspend: case NR32_select:
	case NR32_ipc: case NR32__newselect: case NR32_nanosleep:
	case NR32_poll: case NR32_rt_sigtimedwait: case NR32_rt_sigsuspend:
	case NR32_io_getevents: case NR32_epoll_wait:
	case NR32_clock_nanosleep: case NR32_pselect6: case NR32_ppoll:
	case NR32_epoll_pwait: case NR32_io_pgetevents: case NR32_msgsnd:
	case NR32_msgrcv: case NR32_clock_nanosleep_time64:
	case NR32_pselect6_time64: case NR32_ppoll_time64:
	case NR32_io_pgetevents_time64: case NR32_semtimedop_time64:
	case NR32_rt_sigtimedwait_time64: case NR32_epoll_pwait2:
		return 1;
	default:
		return 0;
	}
}

void vsig_flush_pending(long nr, ucontext_t *uc)
{
	struct vml_thread *t = current_thread();
	greg_t *g = uc->uc_mcontext.gregs;
	siginfo_t first;
	int pid, tid;
	int compat = vsig_compat(uc);

	if (!t || !t->npend)
		return;
	/* an ia32 call's result is 32 bits wide, and its numbers its own */
	if ((compat ? (int)g[REG_RAX] == -EINTR : g[REG_RAX] == -EINTR) &&
	    (vact[t->pend[0].si_signo].flags & SA_RESTART) &&
	    !(compat ? vsig_never_restarted32(nr) : never_restarted(nr))) {
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

/* ==== set-up ============================================================== */

void vsig_init(const struct vsig_entries *e)
{
	/* what exec left: SIG_IGN stays ignored, the rest is SIG_DFL (the
	 * loader's own crash handlers are not the guest's) */
	for (int s = 1; s <= 64; s++)
		if (s != SIGKILL && s != SIGSTOP)
			host_sigaction(s, NULL, &vact[s]);
	for (int s = 1; s <= 64; s++)
		if (vact[s].handler != (uintptr_t)SIG_IGN)
			memset(&vact[s], 0, sizeof vact[s]);
	entries = *e;
	vact_pid = host_getpid();
}

void vsig_set_restorers32(uint32_t sigreturn, uint32_t rt_sigreturn)
{
	vdso_sigreturn = sigreturn;
	vdso_rt_sigreturn = rt_sigreturn;
}

void vsig_guest_started(void)
{
	/* the loader left SIGILL and SIGFPE at the host's SIG_DFL */
	host_disposition(SIGILL, &vact[SIGILL]);
	host_disposition(SIGFPE, &vact[SIGFPE]);
	guest_started = 1;
	fsbase_switching();
}
