/*
 * vsig32.c - i386 signal frames for ia32 guests (see vsig32.h).
 * Async-signal-safe zone.
 *
 * The layouts are the kernel's (arch/x86/include/asm/sigframe.h,
 * uapi asm/sigcontext.h, compat_siginfo_t) and so is their placement
 * (get_sigframe() and fpu__alloc_mathframe() for an ia32 frame): no red
 * zone; with SA_ONSTACK the top of the altstack; the xsave image 64-byte
 * aligned below that, the 112-byte fsave header right below it (the
 * sigcontext's fpstate points there); then the frame, with
 * ((sp + 4) & 15) == 0 at the handler's entry. The runtime's SIGSEGV or
 * SIGSYS handler returns with a 64-bit rt_sigreturn, which keeps CS 0x23:
 * the guest resumes in its handler in compat mode, with EAX the signal
 * and, for an rt frame, EDX and ECX the siginfo and ucontext (regparm).
 */
#include "vsig32.h"

#include <stddef.h>
#include <string.h>

#include "pager.h"
#include "thread.h"

#define EFAULT 14
#define EINVAL 22
#define EPERM 1
#define ENOMEM 12
#define BIT(s) (1ULL << ((s) - 1))
#define RUNTIME_SIGS (BIT(SIGSEGV) | BIT(SIGBUS) | BIT(SIGSYS))
#define FP_XSTATE_MAGIC1 0x46505853U
#define FSAVE_HDR 112		/* struct fregs_state */
#define USER32_CS 0x23
#define FIX_EFLAGS 0x50dd5UL	/* AC OF DF TF SF ZF AF PF CF RF */
#define SA_RESTORER 0x04000000
#define MIN_SS 2048U		/* COMPAT_MINSIGSTKSZ */
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif

struct sigcontext32 {
	uint16_t gs, gsh, fs, fsh, es, esh, ds, dsh;
	uint32_t di, si, bp, sp, bx, dx, cx, ax, trapno, err, ip;
	uint16_t cs, csh;
	uint32_t flags, sp_at_signal;
	uint16_t ss, ssh;
	uint32_t fpstate, oldmask, cr2;
};

struct stack32 {
	uint32_t ss_sp;
	int32_t ss_flags;
	uint32_t ss_size;
};

struct ucontext32 {
	uint32_t uc_flags, uc_link;
	struct stack32 uc_stack;
	struct sigcontext32 uc_mcontext;
	uint32_t uc_sigmask[2];
};

struct siginfo32 {
	int32_t signo, err, code;
	uint32_t w[29];		/* the union: w[0] is at offset 12 */
};

struct rt_sigframe32 {
	uint32_t pretcode;
	int32_t sig;
	uint32_t pinfo, puc;
	struct siginfo32 info;
	struct ucontext32 uc;
	uint8_t retcode[8];
};

struct sigframe32 {
	uint32_t pretcode;
	int32_t sig;
	struct sigcontext32 sc;
	uint8_t fpstate_unused[FSAVE_HDR + 512];
	uint32_t extramask;
	uint8_t retcode[8];
};

/* the fsave header (struct user_i387_ia32_struct, then status, magic) */
struct fsave32 {
	uint32_t cwd, swd, twd, fip, fcs, foo, fos;
	uint8_t st[8][10];
	uint16_t status, magic;
};

_Static_assert(sizeof(struct sigcontext32) == 88, "sigcontext_32");
_Static_assert(sizeof(struct ucontext32) == 116, "ucontext_ia32");
_Static_assert(sizeof(struct siginfo32) == 128, "compat_siginfo_t");
_Static_assert(sizeof(struct rt_sigframe32) == 268, "rt_sigframe_ia32");
_Static_assert(sizeof(struct sigframe32) == 732, "sigframe_ia32");
_Static_assert(sizeof(struct fsave32) == FSAVE_HDR, "fregs_state");

static uint32_t vdso_sigreturn, vdso_rt_sigreturn;	/* 0: none */

void vsig32_set_restorers(uint32_t sigreturn, uint32_t rt_sigreturn)
{
	vdso_sigreturn = sigreturn;
	vdso_rt_sigreturn = rt_sigreturn;
}

int vsig32_compat(const ucontext_t *uc)
{
	return (uc->uc_mcontext.gregs[REG_CSGSFS] & 0xffff) == USER32_CS;
}

/* The value of a segment register now (the runtime never changes them:
 * they are still what the guest had). */
#define SEG(reg) ({ uint16_t v_; __asm__("mov %%" #reg ", %0" : "=r"(v_)); v_; })

static int on_stack32(const stack_t *ss, uint32_t sp)
{
	return !(ss->ss_flags & SS_DISABLE) && sp > (uintptr_t)ss->ss_sp &&
	       sp - (uintptr_t)ss->ss_sp <= ss->ss_size;
}

/* ---- the FPU state: fxsave (64-bit format, as the kernel saves it) <->
 * the fsave header (convert_from_fxsr / convert_to_fxsr) ---- */


/* twd_fxsr_to_i387: the full tag word from the abridged one */
static uint32_t tags_i387(const uint8_t *fx)
{
	uint16_t swd;
	uint32_t tos, ret = 0xffff0000u;
	uint8_t twd = fx[4];

	memcpy(&swd, fx + 2, 2);
	tos = (swd >> 11) & 7;
	for (int i = 0; i < 8; i++) {
		const uint8_t *st = fx + 32 + 16 * ((i - tos) & 7);
		uint16_t exp, sig[4];
		uint32_t tag;

		memcpy(sig, st, 8);
		memcpy(&exp, st + 8, 2);
		if (!(twd & (1 << i)))
			tag = 3;			/* empty */
		else if ((exp & 0x7fff) == 0x7fff)
			tag = 2;			/* special */
		else if ((exp & 0x7fff) == 0)
			tag = (sig[0] | sig[1] | sig[2] | sig[3]) ? 2 : 1;
		else
			tag = (sig[3] & 0x8000) ? 0 : 2;
		ret |= tag << (2 * i);
	}
	return ret;
}

static void fsave_from_fx(struct fsave32 *h, const uint8_t *fx)
{
	uint16_t cwd, swd;
	uint64_t rip, rdp;

	memcpy(&cwd, fx, 2);
	memcpy(&swd, fx + 2, 2);
	memcpy(&rip, fx + 8, 8);
	memcpy(&rdp, fx + 16, 8);
	memset(h, 0, sizeof *h);
	h->cwd = cwd | 0xffff0000u;
	h->swd = swd | 0xffff0000u;
	h->twd = tags_i387(fx);
	h->fip = (uint32_t)rip;
	h->fcs = USER32_CS;	/* 64-bit kernels give the task's CS */
	h->foo = (uint32_t)rdp;
	h->fos = SEG(ds) | 0xffff0000u;
	for (int i = 0; i < 8; i++)
		memcpy(h->st[i], fx + 32 + 16 * i, 10);
	h->status = swd;
	h->magic = 0;		/* X86_FXSR_MAGIC: the fxsave image follows */
}

static void fsave_to_fx(uint8_t *fx, const struct fsave32 *h)
{
	uint16_t cwd = (uint16_t)h->cwd, swd = (uint16_t)h->swd;
	uint16_t fop = (uint16_t)(h->fcs >> 16);
	uint64_t rip = h->fip, rdp = h->foo;
	uint8_t twd = 0;

	for (int i = 0; i < 8; i++)
		if (((h->twd >> (2 * i)) & 3) != 3)
			twd |= (uint8_t)(1 << i);
	memcpy(fx, &cwd, 2);
	memcpy(fx + 2, &swd, 2);
	fx[4] = twd;
	memcpy(fx + 6, &fop, 2);
	memcpy(fx + 8, &rip, 8);
	memcpy(fx + 16, &rdp, 8);
	for (int i = 0; i < 8; i++)
		memcpy(fx + 32 + 16 * i, h->st[i], 10);
}

/* Write the header and the image at fp; -1 when the guest memory is not
 * writable. */
static int fp_save(uint32_t fp, const uint8_t *fx, size_t fsize)
{
	struct fsave32 h;
	uint32_t ext;

	fsave_from_fx(&h, fx);
	if (pager_copy_out(fp, &h, sizeof h) < 0 ||
	    pager_copy_out(fp + FSAVE_HDR, fx, fsize) < 0)
		return -1;
	if (fsize == 512)
		return 0;
	/* the extended size counts the fsave header in an ia32 frame */
	memcpy(&ext, fx + 468, 4);
	ext += FSAVE_HDR;
	return pager_copy_out(fp + FSAVE_HDR + 468, &ext, 4) < 0 ? -1 : 0;
}

/* fpu__restore_sig() for an ia32 frame, into the runtime frame's own
 * state (ours, of have bytes). */
static int fp_restore(uint32_t fp, void *ours, size_t have)
{
	struct fsave32 h;
	uint8_t fx[512];
	uint32_t sw[2];
	size_t want = 512;

	if (!fp || !ours)
		return 0;
	if (pager_copy_in(&h, fp, sizeof h) < 0 ||
	    pager_copy_in(fx, fp + FSAVE_HDR, sizeof fx) < 0)
		return -1;
	memcpy(sw, fx + 464, sizeof sw);
	if (sw[0] == FP_XSTATE_MAGIC1 && sw[1] >= 512 + FSAVE_HDR &&
	    sw[1] - FSAVE_HDR <= have)
		want = sw[1] - FSAVE_HDR;
	if (want > have)
		want = have;
	if (pager_copy_in(ours, fp + FSAVE_HDR, want) < 0)
		return -1;
	fsave_to_fx(ours, &h);
	return 0;
}

/* ---- siginfo: the host's as compat_siginfo_t ---- */

static void info_to32(struct siginfo32 *o, int sig, int code, uintptr_t addr,
		      const siginfo_t *si)
{
	const uint32_t *w = (const uint32_t *)(const void *)si;

	memset(o, 0, sizeof *o);
	o->signo = sig;
	o->err = si->si_errno;
	o->code = code;
	if (code <= 0) {	/* _kill, _rt, _timer: three words */
		o->w[0] = w[4];
		o->w[1] = w[5];
		o->w[2] = w[6];
		return;
	}
	switch (sig) {
	case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGTRAP:
		o->w[0] = (uint32_t)addr;
		o->w[1] = w[6] & 0xffff;	/* _addr_lsb */
		if (sig == SIGSEGV && code == 4)	/* SEGV_PKUERR: _pkey */
			o->w[2] = w[8];
		break;
	case SIGCHLD:	/* pid, uid, status, utime, stime */
		o->w[0] = w[4];
		o->w[1] = w[5];
		o->w[2] = w[6];
		o->w[3] = w[8];
		o->w[4] = w[10];
		break;
	case SIGPOLL:	/* band, fd */
		o->w[0] = w[4];
		o->w[1] = w[6];
		break;
	case SIGSYS:	/* call_addr, syscall, arch */
		o->w[0] = w[4];
		o->w[1] = w[6];
		o->w[2] = w[7];
		break;
	default:
		o->w[0] = w[4];
		o->w[1] = w[5];
		o->w[2] = w[6];
		break;
	}
}

/* ---- delivery ---- */

static void sc_fill(struct sigcontext32 *sc, const ucontext_t *uc,
		    uint32_t fp, uint64_t mask)
{
	const greg_t *g = uc->uc_mcontext.gregs;

	memset(sc, 0, sizeof *sc);
	sc->gs = SEG(gs);
	sc->fs = SEG(fs);
	sc->es = SEG(es);
	sc->ds = SEG(ds);
	sc->di = (uint32_t)g[REG_RDI];
	sc->si = (uint32_t)g[REG_RSI];
	sc->bp = (uint32_t)g[REG_RBP];
	sc->sp = (uint32_t)g[REG_RSP];
	sc->bx = (uint32_t)g[REG_RBX];
	sc->dx = (uint32_t)g[REG_RDX];
	sc->cx = (uint32_t)g[REG_RCX];
	sc->ax = (uint32_t)g[REG_RAX];
	sc->trapno = (uint32_t)g[REG_TRAPNO];
	sc->err = (uint32_t)g[REG_ERR];
	sc->ip = (uint32_t)g[REG_RIP];
	sc->cs = USER32_CS;
	sc->flags = (uint32_t)g[REG_EFL];
	sc->sp_at_signal = (uint32_t)g[REG_RSP];
	sc->ss = (uint16_t)((uint64_t)g[REG_CSGSFS] >> 48);
	sc->fpstate = fp;
	sc->oldmask = (uint32_t)mask;
	sc->cr2 = (uint32_t)g[REG_CR2];
}

/* get_sigframe() for an ia32 frame of size bytes: the frame address, 0
 * when it overflows the altstack; *fp the FPU area (0 without one). */
static uint32_t frame_place(const struct vsig_action *ka, const ucontext_t *uc,
			    size_t size, size_t fsize, uint32_t *fp)
{
	struct vml_thread *t = thread_self();
	uint32_t esp = (uint32_t)uc->uc_mcontext.gregs[REG_RSP];
	uint64_t sp = esp;
	int alt = t && on_stack32(&t->guest_ss, esp);

	if ((ka->flags & SA_ONSTACK) && t && !(t->guest_ss.ss_flags & SS_DISABLE) &&
	    !alt) {
		sp = (uintptr_t)t->guest_ss.ss_sp + t->guest_ss.ss_size;
		alt = 1;
	}
	*fp = 0;
	if (fsize) {
		sp = ((sp - fsize) & ~(uint64_t)63) - FSAVE_HDR;
		*fp = (uint32_t)sp;
	}
	sp -= size;
	sp = ((sp + 4) & ~(uint64_t)15) - 4;
	if (sp >> 32 || (alt && !on_stack32(&t->guest_ss, (uint32_t)sp)))
		return 0;
	return (uint32_t)sp;
}

/* SA_RESTORER's, else the vDSO's, else (no vDSO) the frame's retcode */
static uint32_t restorer(const struct vsig_action *ka, uint32_t frame,
			 size_t retcode_off, uint32_t vdso)
{
	if (ka->flags & SA_RESTORER)
		return (uint32_t)ka->restorer;
	return vdso ? vdso : frame + (uint32_t)retcode_off;
}

static int frame_rt(int sig, int code, uintptr_t addr, const siginfo_t *host,
		    const struct vsig_action *ka, ucontext_t *uc, uint64_t mask)
{
	static const uint8_t code_rt[8] = { 0xb8, 173, 0, 0, 0, 0xcd, 0x80, 0 };
	struct vml_thread *t = thread_self();
	struct rt_sigframe32 f;
	size_t fsize = vsig_fpstate_size(uc->uc_mcontext.fpregs);
	uint32_t fp, frame = frame_place(ka, uc, sizeof f, fsize, &fp);
	greg_t *g = uc->uc_mcontext.gregs;

	if (!frame)
		return -1;
	memset(&f, 0, sizeof f);
	f.sig = sig;
	f.pinfo = frame + offsetof(struct rt_sigframe32, info);
	f.puc = frame + offsetof(struct rt_sigframe32, uc);
	f.uc.uc_flags = (uint32_t)(uc->uc_flags & 1);	/* UC_FP_XSTATE */
	if (t) {
		f.uc.uc_stack.ss_sp = (uint32_t)(uintptr_t)t->guest_ss.ss_sp;
		f.uc.uc_stack.ss_flags = t->guest_ss.ss_flags;
		f.uc.uc_stack.ss_size = (uint32_t)t->guest_ss.ss_size;
	} else {
		f.uc.uc_stack.ss_flags = SS_DISABLE;
	}
	sc_fill(&f.uc.uc_mcontext, uc, fp, mask);
	f.uc.uc_sigmask[0] = (uint32_t)mask;
	f.uc.uc_sigmask[1] = (uint32_t)(mask >> 32);
	f.pretcode = restorer(ka, frame, offsetof(struct rt_sigframe32, retcode),
			      vdso_rt_sigreturn);
	memcpy(f.retcode, code_rt, sizeof f.retcode);
	info_to32(&f.info, sig, code, addr, host);

	pager_prepare(frame, (fp ? fp + FSAVE_HDR + fsize : frame + sizeof f) - frame, 1);
	if (pager_copy_out(frame, &f, sizeof f) < 0 ||
	    (fp && fp_save(fp, (const void *)uc->uc_mcontext.fpregs, fsize) < 0))
		return -1;
	if (t && (t->guest_ss.ss_flags & SS_AUTODISARM)) {
		t->guest_ss.ss_flags = SS_DISABLE;
		t->guest_ss.ss_sp = NULL;
		t->guest_ss.ss_size = 0;
	}
	g[REG_RSP] = frame;
	g[REG_RAX] = sig;
	g[REG_RDX] = f.pinfo;
	g[REG_RCX] = f.puc;
	return 0;
}

static int frame_old(int sig, const struct vsig_action *ka, ucontext_t *uc,
		     uint64_t mask)
{
	static const uint8_t code_old[8] = { 0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80 };
	struct sigframe32 f;
	size_t fsize = vsig_fpstate_size(uc->uc_mcontext.fpregs);
	uint32_t fp, frame = frame_place(ka, uc, sizeof f, fsize, &fp);
	greg_t *g = uc->uc_mcontext.gregs;

	if (!frame)
		return -1;
	memset(&f, 0, sizeof f);
	f.sig = sig;
	sc_fill(&f.sc, uc, fp, mask);
	f.extramask = (uint32_t)(mask >> 32);
	f.pretcode = restorer(ka, frame, offsetof(struct sigframe32, retcode),
			      vdso_sigreturn);
	memcpy(f.retcode, code_old, sizeof f.retcode);

	pager_prepare(frame, (fp ? fp + FSAVE_HDR + fsize : frame + sizeof f) - frame, 1);
	if (pager_copy_out(frame, &f, sizeof f) < 0 ||
	    (fp && fp_save(fp, (const void *)uc->uc_mcontext.fpregs, fsize) < 0))
		return -1;
	g[REG_RSP] = frame;
	g[REG_RAX] = sig;
	g[REG_RDX] = 0;
	g[REG_RCX] = 0;
	return 0;
}

int vsig32_frame(int sig, int code, uintptr_t addr, const siginfo_t *host,
		 const struct vsig_action *ka, ucontext_t *uc)
{
	struct vml_thread *t = thread_self();
	uint64_t mask = *(const uint64_t *)(const void *)&uc->uc_sigmask |
			(t ? t->vblocked : 0);
	greg_t *g = uc->uc_mcontext.gregs;
	int r;

	if (ka->flags & SA_SIGINFO)
		r = frame_rt(sig, code, addr, host, ka, uc, mask);
	else
		r = frame_old(sig, ka, uc, mask);
	if (r < 0)
		return r;
	g[REG_RIP] = (uint32_t)ka->handler;
	g[REG_EFL] &= ~(0x400L | 0x10000L | 0x100L); /* DF, RF, TF */
	return 0;
}

int vsig32_never_restarted(long nr)
{
	switch (nr) {
	case 29: case 72: case 82: case 117: case 142: case 162: case 168:
	case 177: case 179: case 247: case 256: case 267: case 308: case 309:
	case 319: case 385: case 400: case 401: case 407: case 413: case 414:
	case 416: case 420: case 421: case 441:
		return 1;
	default:
		return 0;
	}
}

/* ---- sigreturn ---- */

/* restore_sigcontext() for ia32, then the mask the frame holds: 0, or -1
 * for a bad frame */
static int restore(const struct sigcontext32 *sc, uint64_t mask,
		    ucontext_t *uc)
{
	struct vml_thread *t = thread_self();
	greg_t *g = uc->uc_mcontext.gregs;

	if (fp_restore(sc->fpstate, uc->uc_mcontext.fpregs,
		       vsig_fpstate_size(uc->uc_mcontext.fpregs)) < 0)
		return -1;
	g[REG_RBX] = sc->bx;
	g[REG_RCX] = sc->cx;
	g[REG_RDX] = sc->dx;
	g[REG_RSI] = sc->si;
	g[REG_RDI] = sc->di;
	g[REG_RBP] = sc->bp;
	g[REG_RAX] = sc->ax;
	g[REG_RSP] = sc->sp;
	g[REG_RIP] = sc->ip;
	g[REG_EFL] = (greg_t)(((uint64_t)g[REG_EFL] & ~FIX_EFLAGS) |
			      (sc->flags & FIX_EFLAGS));
	/* CS and SS stay the compat ones; the segment registers are the
	 * thread's own (the handler's %gs changes are kept) */
	if (t)
		t->vblocked = mask & RUNTIME_SIGS;
	*(uint64_t *)(void *)&uc->uc_sigmask =
		mask & ~(RUNTIME_SIGS | BIT(SIGKILL) | BIT(SIGSTOP));
	return 0;
}

long vsig32_sigreturn(const long *a, ucontext_t *uc)
{
	uint32_t frame = (uint32_t)uc->uc_mcontext.gregs[REG_RSP] - 8;
	struct sigframe32 f;

	(void)a;
	if (pager_copy_in(&f, frame, sizeof f) < 0 ||
	    restore(&f.sc, f.sc.oldmask | (uint64_t)f.extramask << 32, uc) < 0)
		goto bad;
	return f.sc.ax;
bad:
	vsig_die(SIGSEGV, SI_KERNEL, 0, uc);
	return -EFAULT;
}

/* compat_restore_altstack(): errors other than EFAULT are ignored */
static void restore_altstack(const struct stack32 *s, ucontext_t *uc)
{
	struct vml_thread *t = thread_self();
	uint32_t esp = (uint32_t)uc->uc_mcontext.gregs[REG_RSP];
	int mode = s->ss_flags & ~(int)SS_AUTODISARM;

	if (!t || on_stack32(&t->guest_ss, esp))
		return;
	if (mode == SS_DISABLE) {
		t->guest_ss.ss_flags = SS_DISABLE;
		t->guest_ss.ss_sp = NULL;
		t->guest_ss.ss_size = 0;
	} else if ((mode == 0 || mode == SS_ONSTACK) && s->ss_size >= MIN_SS) {
		t->guest_ss.ss_sp = (void *)(uintptr_t)s->ss_sp;
		t->guest_ss.ss_size = s->ss_size;
		t->guest_ss.ss_flags = s->ss_flags & (int)SS_AUTODISARM;
	}
}

long vsig32_rt_sigreturn(const long *a, ucontext_t *uc)
{
	uint32_t frame = (uint32_t)uc->uc_mcontext.gregs[REG_RSP] - 4;
	struct rt_sigframe32 f;

	(void)a;
	if (pager_copy_in(&f, frame, sizeof f) < 0 ||
	    restore(&f.uc.uc_mcontext, f.uc.uc_sigmask[0] |
		    (uint64_t)f.uc.uc_sigmask[1] << 32, uc) < 0)
		goto bad;
	restore_altstack(&f.uc.uc_stack, uc);
	return f.uc.uc_mcontext.ax;
bad:
	vsig_die(SIGSEGV, SI_KERNEL, 0, uc);
	return -EFAULT;
}

/* ---- sigaltstack: the guest's own, virtual (do_sigaltstack) ---- */

long vsig32_sigaltstack(const long *a, ucontext_t *uc)
{
	struct vml_thread *t = thread_self();
	uint32_t esp = (uint32_t)uc->uc_mcontext.gregs[REG_RSP];
	uint32_t uss = (uint32_t)a[0], uoss = (uint32_t)a[1];
	struct stack32 old, ss;

	if (!t)
		return -EPERM;
	old.ss_sp = (uint32_t)(uintptr_t)t->guest_ss.ss_sp;
	old.ss_size = (uint32_t)t->guest_ss.ss_size;
	old.ss_flags = t->guest_ss.ss_flags;
	if (on_stack32(&t->guest_ss, esp))
		old.ss_flags |= SS_ONSTACK;
	if (uss) {
		int mode;

		if (pager_copy_in(&ss, uss, sizeof ss) < 0)
			return -EFAULT;
		if (on_stack32(&t->guest_ss, esp))
			return -EPERM;
		mode = ss.ss_flags & ~(int)SS_AUTODISARM;
		if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
			return -EINVAL;
		if (mode != SS_DISABLE && ss.ss_size < MIN_SS)
			return -ENOMEM;
	}
	if (uoss && pager_copy_out(uoss, &old, sizeof old) < 0)
		return -EFAULT;
	if (uss)
		restore_altstack(&ss, uc);
	return 0;
}
