/*
 * sys_proc.c - the guest's process and thread life cycle (sys.h;
 * async-signal-safe zone): exit and exit_group, fork and clone (threads go
 * through the trampoline of thread/, forks keep the address space
 * consistent), clone3 (refused as too new, glibc falls back) and
 * arch_prctl.
 */
#include "sys.h"

#include <asm/prctl.h>
#include <linux/errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>

#include "base.h"
#include "mm.h"
#include "observe.h"
#include "thread.h"
#include "vsig.h"

/* The kernel's TASK_SIZE_MAX (arch/x86/include/asm/page_64_types.h):
 * ARCH_SET_FS refuses a base at or above it. */
#define TASK_SIZE_MAX ((1ULL << 47) - VML_PAGE)

long sys_exit(const long *a, ucontext_t *uc)
{
	(void)uc;
	mapshot_at_thread_exit((int)a[0]);
	thread_exit((int)a[0]);
	__builtin_unreachable();
}

long sys_exit_group(const long *a, ucontext_t *uc)
{
	(void)uc;
	stats_report("exit");
	mapshot_at_exit((int)a[0]);
	for (;;)
		host_sys1(SYS_exit_group, a[0]);
}

long sys_arch_prctl(const long *a, ucontext_t *uc)
{
	struct vml_thread *t = current_thread();

	(void)uc;
	/* the guest's FS base is served from the thread block's copy (the
	 * runtime's own is installed while a handler runs) */
	if (t && a[0] == ARCH_SET_FS) {
		if ((uint64_t)a[1] >= TASK_SIZE_MAX)
			return -EPERM;	/* not a canonical user address */
		t->guest_fs = (uint64_t)a[1];
		return 0;
	}
	if (t && a[0] == ARCH_GET_FS)
		return pager_copy_out((uintptr_t)a[1], &t->guest_fs, 8) < 0
			       ? -EFAULT : 0;
	return host_sys2(SYS_arch_prctl, a[0], a[1]);
}

long sys_clone3(const long *a, ucontext_t *uc)
{
	(void)a;
	(void)uc;
	return -ENOSYS;	/* glibc falls back to clone */
}

/* ---- fork: the child returns here, on a copy of this very stack ---- */

static long fork_common(unsigned long flags, long stack, long ptid, long ctid,
			long tls, ucontext_t *uc)
{
	int parent_tid = host_gettid();
	long r;

	as_lock();
	pager_fork_prepare_locked();
	/* the kernel writes these itself (the child's after the copy): they
	 * must be writable after the downgrade above */
	if (ptid && (flags & CLONE_PARENT_SETTID))
		pager_prepare_locked((uintptr_t)ptid, (uintptr_t)ptid + sizeof(int), 1);
	if (ctid && (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)))
		pager_prepare_locked((uintptr_t)ctid, (uintptr_t)ctid + sizeof(int), 1);
	r = host_sys5(SYS_clone, flags, 0, ptid, ctid, tls);
	if (r == 0) {
		pager_fork_child_locked(parent_tid);
		current_fork_child();
		stats_fork_child();
		vsig_fork_child();
		mman_fork_child();
		if (stack)
			uc->uc_mcontext.gregs[REG_RSP] = stack;
		return 0;
	}
	as_unlock();
	return r;
}

long sys_clone(const long *a, ucontext_t *uc)
{
	if ((unsigned long)a[0] & CLONE_VM)
		return thread_clone(a, uc);
	return fork_common((unsigned long)a[0], a[1], a[2], a[3], a[4], uc);
}

long sys_fork(const long *a, ucontext_t *uc)
{
	(void)a;
	return fork_common(SIGCHLD, 0, 0, 0, 0, uc);
}
