/*
 * sigframe.c - the x86-64 signal frame (sigframe.h; async-signal-safe
 * zone).
 *
 * A frame is built as arch/x86/kernel/signal_64.c builds it, so that the
 * guest's sa_restorer (glibc's __restore_rt) returns through the real
 * rt_sigreturn: below the interrupted stack pointer and its 128-byte red
 * zone (or at the top of the guest's altstack with SA_ONSTACK), the
 * extended FPU state aligned to 64, then struct rt_sigframe { pretcode;
 * ucontext; siginfo } with (sp + 8) 16-byte aligned.
 */
#include "sigframe.h"

#include <stddef.h>
#include <string.h>
#include <sys/ucontext.h>

#include "mm.h"

#define RED_ZONE 128		/* the x86-64 ABI's, below %rsp */
#define FPSTATE_ALIGN 64	/* xsave's */
/* the flags a handler starts with cleared: DF, RF, TF (X86_EFLAGS_*) */
#define EFLAGS_DF 0x400L
#define EFLAGS_RF 0x10000L
#define EFLAGS_TF 0x100L

struct rt_sigframe {
	uintptr_t pretcode;
	struct kucontext uc;
	siginfo_t info;
};

/* get_sigframe(): the FPU state's address in *fp, the frame's returned */
static uintptr_t frame_place(const struct sigframe_req *r,
			     const ucontext_t *uc, size_t fsize, uintptr_t *fp)
{
	uintptr_t rsp = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP];
	uintptr_t sp = rsp - RED_ZONE;
	const stack_t *ss = r->guest_ss;

	if ((r->ka->flags & SA_ONSTACK) && ss && !(ss->ss_flags & SS_DISABLE) &&
	    !sigframe_on_stack(ss, rsp))
		sp = (uintptr_t)ss->ss_sp + ss->ss_size;
	/* interrupted in the runtime (a system call it issues for the guest,
	 * on its altstack): the live runtime frames, the handler's among
	 * them, are above sp_limit */
	if (sp - r->rt_lo < r->rt_hi - r->rt_lo && sp > r->sp_limit)
		sp = r->sp_limit;
	*fp = (sp - fsize) & ~(uintptr_t)(FPSTATE_ALIGN - 1);
	return ((*fp - sizeof(struct rt_sigframe)) & ~(uintptr_t)15) - 8;
}

int sigframe_build(const struct sigframe_req *r, ucontext_t *uc)
{
	const struct kucontext *kuc = (const struct kucontext *)(void *)uc;
	size_t fsize = kctx_fpstate_size(uc->uc_mcontext.fpregs);
	greg_t *g = uc->uc_mcontext.gregs;
	struct rt_sigframe f;
	uintptr_t fp, frame = frame_place(r, uc, fsize, &fp);

	memset(&f, 0, sizeof f);
	f.pretcode = r->ka->restorer;
	f.uc.uc_flags = kuc->uc_flags;
	f.uc.uc_link = 0;
	f.uc.uc_stack = r->runtime_ss;	/* what the real sigreturn restores */
	f.uc.uc_mcontext = uc->uc_mcontext;
	f.uc.uc_mcontext.fpregs = fsize ? (void *)fp : NULL;
	f.uc.uc_sigmask = r->mask;
	memcpy(&f.info, r->host, sizeof f.info);
	f.info.si_signo = r->sig;
	f.info.si_code = r->code;
	if (r->sig == SIGSEGV || r->sig == SIGBUS)
		f.info.si_addr = (void *)r->addr;

	pager_prepare(frame, (fp + fsize) - frame, 1);
	if (pager_copy_out(frame, &f, sizeof f) < 0 ||
	    (fsize && pager_copy_out(fp, uc->uc_mcontext.fpregs, fsize) < 0))
		return -1;
	g[REG_RSP] = (greg_t)frame;
	g[REG_RIP] = (greg_t)r->ka->handler;
	g[REG_RDI] = r->sig;
	g[REG_RSI] = (greg_t)(frame + offsetof(struct rt_sigframe, info));
	g[REG_RDX] = (greg_t)(frame + offsetof(struct rt_sigframe, uc));
	g[REG_RAX] = 0;
	g[REG_EFL] &= ~(EFLAGS_DF | EFLAGS_RF | EFLAGS_TF);
	return 0;
}

/*
 * restore_sigcontext() done on the runtime's own frame, so that returning
 * from the SIGSYS handler resumes the guest where its frame says. The
 * frame's uc_stack is not applied: the altstack at host level is the
 * runtime's, the guest's own is the policy's (vsig_sigaltstack).
 */
int sigframe_restore(ucontext_t *uc, uint64_t *mask)
{
	uintptr_t frame = (uintptr_t)uc->uc_mcontext.gregs[REG_RSP] - 8;
	size_t have = kctx_fpstate_size(uc->uc_mcontext.fpregs), want;
	void *ours = uc->uc_mcontext.fpregs;
	unsigned char fx[sizeof(struct _fpstate)];
	struct rt_sigframe f;

	if (pager_copy_in(&f, frame, sizeof f) < 0)
		return -1;
	want = f.uc.uc_mcontext.fpregs ? sizeof fx : 0;
	if (want) {
		if (pager_copy_in(fx, (uintptr_t)f.uc.uc_mcontext.fpregs,
				  sizeof fx) < 0)
			return -1;
		want = kctx_fpstate_size(fx);
		if (want > have || !ours)
			want = sizeof fx;
		if (pager_copy_in(ours, (uintptr_t)f.uc.uc_mcontext.fpregs, want) < 0)
			return -1;
	}
	/* segment selectors and the like stay the kernel's (CS, SS) */
	f.uc.uc_mcontext.gregs[REG_CSGSFS] = uc->uc_mcontext.gregs[REG_CSGSFS];
	uc->uc_mcontext = f.uc.uc_mcontext;
	uc->uc_mcontext.fpregs = ours;
	*mask = f.uc.uc_sigmask;
	return 0;
}
