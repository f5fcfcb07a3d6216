/*
 * sigframe32.c - the i386 signal frames of ia32 guests (sigframe.h;
 * DESIGN D8, D12): struct sigframe_ia32 without SA_SIGINFO, struct
 * rt_sigframe_ia32 with compat_siginfo_t and ucontext_ia32 with it, the
 * compat fpstate (the fsave header before the fxsave/xsave image, the
 * extended size counting it), and sigreturn/rt_sigreturn restoring the
 * 32-bit context. Async-signal-safe zone.
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
#include "sigframe.h"

#include <stddef.h>
#include <string.h>

#include "mm.h"

#define FSAVE_HDR 112		/* struct fregs_state */
#define USER32_CS 0x23
#define FIX_EFLAGS 0x50dd5UL	/* AC OF DF TF SF ZF AF PF CF RF */
/* the flags a handler starts with cleared: DF, RF, TF (X86_EFLAGS_*) */
#define EFLAGS_DF 0x400L
#define EFLAGS_RF 0x10000L
#define EFLAGS_TF 0x100L
#define UC_FP_XSTATE 0x1	/* uc_flags: the frame has xsave state */

struct sigcontext32 {
	uint16_t gs, gsh, fs, fsh, es, esh, ds, dsh;
	uint32_t di, si, bp, sp, bx, dx, cx, ax, trapno, err, ip;
	uint16_t cs, csh;
	uint32_t flags, sp_at_signal;
	uint16_t ss, ssh;
	uint32_t fpstate, oldmask, cr2;
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

int sigframe32_compat(const ucontext_t *uc)
{
	return (uc->uc_mcontext.gregs[REG_CSGSFS] & 0xffff) == USER32_CS;
}

/* The value of a segment register now (the runtime never changes them:
 * they are still what the guest had). */
#define SEG(reg) ({ uint16_t v_; __asm__("mov %%" #reg ", %0" : "=r"(v_)); v_; })

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
static uint32_t frame_place(const struct sigframe_req *r, const ucontext_t *uc,
			    size_t size, size_t fsize, uint32_t *fp)
{
	const stack_t *ss = r->guest_ss;
	uint32_t esp = (uint32_t)uc->uc_mcontext.gregs[REG_RSP];
	uint64_t sp = esp;
	int alt = sigframe_on_stack(ss, esp);

	if ((r->ka->flags & SA_ONSTACK) && ss && !(ss->ss_flags & SS_DISABLE) &&
	    !alt) {
		sp = (uintptr_t)ss->ss_sp + ss->ss_size;
		alt = 1;
	}
	*fp = 0;
	if (fsize) {
		sp = ((sp - fsize) & ~(uint64_t)63) - FSAVE_HDR;
		*fp = (uint32_t)sp;
	}
	sp -= size;
	sp = ((sp + 4) & ~(uint64_t)15) - 4;
	if (sp >> 32 || (alt && !sigframe_on_stack(ss, (uint32_t)sp)))
		return 0;
	return (uint32_t)sp;
}

/* SA_RESTORER's, else the vDSO's, else (no vDSO) the frame's retcode */
static uint32_t restorer(const struct sigframe_req *r, uint32_t frame,
			 size_t retcode_off)
{
	if (r->ka->flags & SA_RESTORER)
		return (uint32_t)r->ka->restorer;
	return r->vdso_restorer ? r->vdso_restorer
				: frame + (uint32_t)retcode_off;
}

/* The frame and its FPU state into guest memory: 0 or -1. */
static int write_frame(uint32_t frame, const void *f, size_t size,
		       uint32_t fp, size_t fsize, const ucontext_t *uc)
{
	pager_prepare(frame, (fp ? fp + FSAVE_HDR + fsize : frame + size) - frame, 1);
	if (pager_copy_out(frame, f, size) < 0 ||
	    (fp && fp_save(fp, (const void *)uc->uc_mcontext.fpregs, fsize) < 0))
		return -1;
	return 0;
}

static int frame_rt(const struct sigframe_req *r, ucontext_t *uc)
{
	/* mov $173 (rt_sigreturn), %eax; int $0x80 */
	static const uint8_t code_rt[8] = { 0xb8, 173, 0, 0, 0, 0xcd, 0x80, 0 };
	struct rt_sigframe32 f;
	size_t fsize = kctx_fpstate_size(uc->uc_mcontext.fpregs);
	uint32_t fp, frame = frame_place(r, uc, sizeof f, fsize, &fp);
	greg_t *g = uc->uc_mcontext.gregs;
	stack_t *ss = r->guest_ss;

	if (!frame)
		return -1;
	memset(&f, 0, sizeof f);
	f.sig = r->sig;
	f.pinfo = frame + offsetof(struct rt_sigframe32, info);
	f.puc = frame + offsetof(struct rt_sigframe32, uc);
	f.uc.uc_flags = (uint32_t)(uc->uc_flags & UC_FP_XSTATE);
	if (ss) {
		f.uc.uc_stack.ss_sp = (uint32_t)(uintptr_t)ss->ss_sp;
		f.uc.uc_stack.ss_flags = ss->ss_flags;
		f.uc.uc_stack.ss_size = (uint32_t)ss->ss_size;
	} else {
		f.uc.uc_stack.ss_flags = SS_DISABLE;
	}
	sc_fill(&f.uc.uc_mcontext, uc, fp, r->mask);
	f.uc.uc_sigmask[0] = (uint32_t)r->mask;
	f.uc.uc_sigmask[1] = (uint32_t)(r->mask >> 32);
	f.pretcode = restorer(r, frame, offsetof(struct rt_sigframe32, retcode));
	memcpy(f.retcode, code_rt, sizeof f.retcode);
	info_to32(&f.info, r->sig, r->code, r->addr, r->host);
	if (write_frame(frame, &f, sizeof f, fp, fsize, uc) < 0)
		return -1;
	if (ss && (ss->ss_flags & SS_AUTODISARM)) {
		ss->ss_flags = SS_DISABLE;
		ss->ss_sp = NULL;
		ss->ss_size = 0;
	}
	g[REG_RSP] = frame;
	g[REG_RAX] = r->sig;
	g[REG_RDX] = f.pinfo;
	g[REG_RCX] = f.puc;
	return 0;
}

static int frame_old(const struct sigframe_req *r, ucontext_t *uc)
{
	/* pop %eax; mov $119 (sigreturn), %eax; int $0x80 */
	static const uint8_t code_old[8] = { 0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80 };
	struct sigframe32 f;
	size_t fsize = kctx_fpstate_size(uc->uc_mcontext.fpregs);
	uint32_t fp, frame = frame_place(r, uc, sizeof f, fsize, &fp);
	greg_t *g = uc->uc_mcontext.gregs;

	if (!frame)
		return -1;
	memset(&f, 0, sizeof f);
	f.sig = r->sig;
	sc_fill(&f.sc, uc, fp, r->mask);
	f.extramask = (uint32_t)(r->mask >> 32);
	f.pretcode = restorer(r, frame, offsetof(struct sigframe32, retcode));
	memcpy(f.retcode, code_old, sizeof f.retcode);
	if (write_frame(frame, &f, sizeof f, fp, fsize, uc) < 0)
		return -1;
	g[REG_RSP] = frame;
	g[REG_RAX] = r->sig;
	g[REG_RDX] = 0;
	g[REG_RCX] = 0;
	return 0;
}

int sigframe32_build(const struct sigframe_req *r, ucontext_t *uc)
{
	greg_t *g = uc->uc_mcontext.gregs;
	int ret = (r->ka->flags & SA_SIGINFO) ? frame_rt(r, uc) : frame_old(r, uc);

	if (ret < 0)
		return ret;
	g[REG_RIP] = (uint32_t)r->ka->handler;
	g[REG_EFL] &= ~(EFLAGS_DF | EFLAGS_RF | EFLAGS_TF);
	return 0;
}

/* ---- sigreturn ---- */

/* restore_sigcontext() for ia32: 0, or -1 for a bad frame */
static int restore(const struct sigcontext32 *sc, ucontext_t *uc)
{
	greg_t *g = uc->uc_mcontext.gregs;

	if (fp_restore(sc->fpstate, uc->uc_mcontext.fpregs,
		       kctx_fpstate_size(uc->uc_mcontext.fpregs)) < 0)
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
	return 0;
}

int sigframe32_restore(ucontext_t *uc, int rt, uint64_t *mask,
		       struct stack32 *ss)
{
	uint32_t esp = (uint32_t)uc->uc_mcontext.gregs[REG_RSP];

	if (rt) {
		struct rt_sigframe32 f;

		/* the handler's ret popped pretcode */
		if (pager_copy_in(&f, esp - 4, sizeof f) < 0 ||
		    restore(&f.uc.uc_mcontext, uc) < 0)
			return -1;
		*mask = f.uc.uc_sigmask[0] | (uint64_t)f.uc.uc_sigmask[1] << 32;
		*ss = f.uc.uc_stack;
	} else {
		struct sigframe32 f;

		/* pretcode popped, and the retcode's pop %eax took sig */
		if (pager_copy_in(&f, esp - 8, sizeof f) < 0 ||
		    restore(&f.sc, uc) < 0)
			return -1;
		*mask = f.sc.oldmask | (uint64_t)f.extramask << 32;
	}
	return 0;
}
