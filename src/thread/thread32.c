/*
 * thread32.c - the clone trampoline for ia32 guests (thread.h; DESIGN D7,
 * D12; async-signal-safe zone).
 *
 * The i386 clone is issued with int $0x80 from the runtime, so that the
 * kernel itself gives it i386 semantics: its tls is a struct user_desc
 * installed in the child's GDT (do_set_thread_area), its tid pointers are
 * 32-bit. A 64-bit clone would take tls for an FS base. An int $0x80 can
 * only pass a 32-bit stack pointer, and the runtime's stacks lie above
 * 4 GiB: the call passes newsp 0 and the child switches to its block's
 * stack as its first instruction (thread32_entry.S), before touching
 * memory. The child keeps the parent's %gs selector, which the kernel
 * reloads from the child's own GDT entry, as for a native clone.
 *
 * The child then enters the guest through a 64-bit rt_sigreturn of a
 * frame the parent built from its SIGSYS context: CS 0x23, the guest's
 * registers with EAX 0 and ESP newsp, its FPU state, the guest's mask
 * (the synchronous signals unblocked) and the runtime altstack of the new
 * block are installed in one step, so that no signal can arrive between
 * the runtime's code and the guest's.
 */
#include "thread.h"

#include <linux/errno.h>
#include <sched.h>
#include <string.h>
#include <sys/syscall.h>

#include "base.h"
#include "mm.h"

#define FP_MAX (16UL << 10)	/* larger xsave areas go as fxsave only */

/* the kernel's rt_sigframe (signal_64.c) */
struct frame64 {
	uintptr_t pretcode;
	struct kucontext uc;
	siginfo_t info;
};

struct start32 {
	struct vml_thread *t;
	uintptr_t ctid;		/* pinned by the child: CLONE_CHILD_CLEARTID */
	uint64_t fs;		/* the guest's FS base in the child */
	struct frame64 *frame;	/* what the child returns through */
};

long thread32_clone_raw(unsigned long flags, unsigned long ptid,
			unsigned long tls, unsigned long ctid, void *sp,
			void (*start)(struct start32 *));
void thread32_resume(uintptr_t sp, uint64_t fs) __attribute__((noreturn));

/* Bytes of FPU state behind fpregs: the xsave size its software bytes
 * give, or the fxsave area alone. */
static size_t fp_size(const void *fp)
{
	size_t n = kctx_fpstate_size(fp);

	return n > FP_MAX ? 512 : n;
}

static void __attribute__((noreturn)) child_start(struct start32 *s)
{
	s->t->tid = host_gettid();
	s->t->guest_fs = s->fs;
	if (s->ctid)
		pager_pin(s->ctid, sizeof(int));
	/* the frame is 8 bytes above rt_sigreturn's stack pointer */
	thread32_resume((uintptr_t)s->frame + 8, s->fs);
}

/*
 * Lay out, from the top of t's region down: the FPU state (64-aligned),
 * the 64-bit frame the child returns through, and its start record, with
 * the child's first stack word (the record) below them, 16-aligned.
 */
static uintptr_t *build_start(struct vml_thread *t, const ucontext_t *uc,
			      uint32_t newsp)
{
	const struct kucontext *kuc = (const void *)uc;
	size_t fsize = fp_size(uc->uc_mcontext.fpregs);
	uintptr_t top = (uintptr_t)t + THREAD_SIZE;
	uintptr_t fp = (top - fsize) & ~(uintptr_t)63;
	struct frame64 *f = (void *)((fp - sizeof *f) & ~(uintptr_t)63);
	struct start32 *s = (void *)((uintptr_t)f - sizeof *s);
	uintptr_t *sp = (void *)(((uintptr_t)s - 16) & ~(uintptr_t)15);
	greg_t *g = f->uc.uc_mcontext.gregs;

	memset(f, 0, sizeof *f);
	f->uc.uc_flags = kuc->uc_flags;
	f->uc.uc_stack = current_altstack(t);	/* installed by rt_sigreturn */
	f->uc.uc_mcontext = uc->uc_mcontext;
	f->uc.uc_mcontext.fpregs = fsize ? (void *)fp : NULL;
	if (fsize)
		memcpy((void *)fp, uc->uc_mcontext.fpregs, fsize);
	f->uc.uc_sigmask = kuc->uc_sigmask & ~SYNC_SIGS;
	g[REG_RAX] = 0;
	if (newsp)
		g[REG_RSP] = newsp;
	s->t = t;
	s->frame = f;
	*sp = (uintptr_t)s;
	return sp;
}

long thread32_clone(const long *a, ucontext_t *uc)
{
	unsigned long flags = (uint32_t)a[0];
	uint32_t ptid = (uint32_t)a[2], tls = (uint32_t)a[3];
	uint32_t ctid = (uint32_t)a[4];
	struct vml_thread *t, *self = current_thread();
	uintptr_t *sp;
	struct start32 *s;
	long ret;

	/* the kernel reads the user_desc and writes the tid words itself */
	if ((flags & CLONE_PARENT_SETTID) && ptid)
		pager_prepare(ptid, sizeof(int), 1);
	if ((flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) && ctid)
		pager_prepare(ctid, sizeof(int), 1);
	if ((flags & CLONE_SETTLS) && tls)
		pager_prepare(tls, 16, 0);
	t = current_alloc();
	if (!t)
		return -ENOMEM;
	sp = build_start(t, uc, (uint32_t)a[1]);
	s = (struct start32 *)*sp;
	s->ctid = (flags & CLONE_CHILD_CLEARTID) ? ctid : 0;
	s->fs = self ? self->guest_fs : 0;
	ret = thread32_clone_raw(flags, ptid, tls, ctid, sp, child_start);
	if (ret < 0)
		current_free(t);
	return ret;
}
