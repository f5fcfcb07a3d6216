/*
 * sys_signal.c - the guest's signal calls (sys.h; DESIGN D8;
 * async-signal-safe zone): the x86-64 argument conventions, on top of the
 * virtual signals of signal/ (SIGSEGV, SIGBUS and SIGSYS stay the
 * runtime's).
 */
#include "sys.h"

#include <linux/errno.h>
#include <signal.h>

#include "base.h"
#include "mm.h"
#include "vsig.h"

long sys_rt_sigaction(const long *a, ucontext_t *uc)
{
	(void)uc;
	if (a[3] != KSIGSET_SIZE)
		return -EINVAL;
	return vsig_sigaction((int)a[0], (uintptr_t)a[1], (uintptr_t)a[2]);
}

long sys_rt_sigprocmask(const long *a, ucontext_t *uc)
{
	uint64_t set, old;
	long r;

	if (a[3] != KSIGSET_SIZE)
		return -EINVAL;
	if (a[1] && pager_copy_in(&set, (uintptr_t)a[1], sizeof set) < 0)
		return -EFAULT;
	r = vsig_mask_update((int)a[0], a[1] ? &set : NULL, &old, uc);
	if (r < 0)
		return r;
	if (a[2] && pager_copy_out((uintptr_t)a[2], &old, sizeof old) < 0)
		return -EFAULT;
	return 0;
}

long sys_sigaltstack(const long *a, ucontext_t *uc)
{
	return vsig_sigaltstack((uintptr_t)a[0], (uintptr_t)a[1], uc);
}

long sys_rt_sigreturn(const long *a, ucontext_t *uc)
{
	(void)a;
	return vsig_sigreturn(uc);
}
