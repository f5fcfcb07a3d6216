/*
 * thread.c - the clone trampoline of x86-64 guests (thread.h; DESIGN D7;
 * async-signal-safe zone).
 *
 * A guest clone with CLONE_VM is not passed through from the SIGSYS
 * handler: the child would inherit the handler's blocked mask, have no
 * altstack and return into the runtime on a guest stack that may not even
 * be present (HARD-PROBLEMS §3). Instead the runtime issues the clone with
 * a runtime stack of its own; the child installs its altstack and the
 * guest's signal mask, restores the guest's FPU state and registers, and
 * jumps to the instruction after the guest's syscall.
 */
#include "thread.h"

#include <linux/errno.h>
#include <sched.h>
#include <string.h>
#include <sys/syscall.h>

#include "base.h"
#include "mm.h"

/* ---- clone ---- */

struct start_record {
	greg_t gregs[NGREG];
	unsigned char fx[512] __attribute__((aligned(16)));
	int have_fx;
	uint64_t mask;
	struct vml_thread *t;
	uintptr_t ctid;		/* pinned by the child: CLONE_CHILD_CLEARTID */
	uint64_t fs;		/* the guest's FS base in the child */
};

long thread_clone_raw(unsigned long flags, void *newsp, long ptid, long ctid,
		      long tls, void (*start)(struct start_record *));
void thread_jump(const greg_t *gregs) __attribute__((noreturn));

static void __attribute__((noreturn)) child_start(struct start_record *r)
{
	stack_t ss = current_altstack(r->t);

	r->t->tid = host_gettid();
	host_sys2(SYS_sigaltstack, &ss, 0);
	r->t->guest_fs = r->fs;
	fsbase_set(r->fs);
	if (r->ctid)
		pager_pin(r->ctid, sizeof(int));
	if (r->have_fx)
		__asm__ volatile("fxrstor64 %0" : : "m"(*r->fx));
	host_sys4(SYS_rt_sigprocmask, SIG_SETMASK, &r->mask, 0, KSIGSET_SIZE);
	thread_jump(r->gregs);
}

long thread_clone(const long *a, ucontext_t *uc)
{
	unsigned long flags = (unsigned long)a[0];
	struct vml_thread *t;
	struct start_record *r;
	uintptr_t top;
	long ret;

	if ((flags & CLONE_PARENT_SETTID) && a[2])
		pager_prepare((uintptr_t)a[2], sizeof(int), 1);
	if ((flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) && a[3])
		pager_prepare((uintptr_t)a[3], sizeof(int), 1);
	t = current_alloc();
	if (!t)
		return -ENOMEM;
	top = (uintptr_t)t + THREAD_SIZE;
	r = (struct start_record *)((top - sizeof *r) & ~(uintptr_t)63);
	memcpy(r->gregs, uc->uc_mcontext.gregs, sizeof r->gregs);
	r->gregs[REG_RAX] = 0;
	if (a[1])
		r->gregs[REG_RSP] = a[1];
	r->have_fx = uc->uc_mcontext.fpregs != NULL;
	if (r->have_fx)
		memcpy(r->fx, uc->uc_mcontext.fpregs, sizeof r->fx);
	memcpy(&r->mask, &uc->uc_sigmask, sizeof r->mask);
	r->mask &= ~SYNC_SIGS;
	r->t = t;
	r->ctid = (flags & CLONE_CHILD_CLEARTID) ? (uintptr_t)a[3] : 0;
	{
		struct vml_thread *self = current_thread();

		r->fs = (flags & CLONE_SETTLS) ? (uint64_t)a[4]
					       : self ? self->guest_fs : fsbase_get();
	}
	{
		uintptr_t *sp = (uintptr_t *)(((uintptr_t)r - 16) & ~(uintptr_t)15);

		*sp = (uintptr_t)r;
		ret = thread_clone_raw(flags, sp, a[2], a[3], a[4], child_start);
	}
	if (ret < 0)
		current_free(t);
	return ret;
}

void thread_exit(int status)
{
	pager_thread_exit(host_gettid());
	current_exiting();
	for (;;)
		host_sys1(SYS_exit, status);
}
