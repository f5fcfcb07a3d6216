/*
 * fsbase.c - the FS base around handlers (base.h; DESIGN D6;
 * async-signal-safe zone).
 */
#include "base.h"

#include <asm/prctl.h>
#include <sys/syscall.h>

static int have_fsgsbase;	/* immutable once the guest runs */
static int fs_switching;	/* set once, when the guest starts */
static uint64_t libc_fs;	/* glibc's TLS of the loader, idle once the
				   guest runs: the terminal path's */

void fsbase_set_fsgsbase(int fsgsbase)
{
	have_fsgsbase = fsgsbase;
}

uint64_t fsbase_get(void)
{
	uint64_t v = 0;

	if (have_fsgsbase)
		__asm__ volatile("rdfsbase %0" : "=r"(v));
	else
		host_sys2(SYS_arch_prctl, ARCH_GET_FS, &v);
	return v;
}

void fsbase_set(uint64_t v)
{
	if (have_fsgsbase)
		__asm__ volatile("wrfsbase %0" : : "r"(v) : "memory");
	else
		host_sys2(SYS_arch_prctl, ARCH_SET_FS, v);
}

static int in_runtime(const ucontext_t *uc)
{
	return host_text_contains((uintptr_t)uc->uc_mcontext.gregs[REG_RIP]);
}

uint64_t fsbase_enter(const ucontext_t *uc)
{
	struct vml_thread *t = current_thread();
	uint64_t prev;

	if (!t || !fs_switching)
		return 0;
	prev = fsbase_get();
	if (!in_runtime(uc))
		t->guest_fs = prev;
	fsbase_set((uint64_t)(uintptr_t)t->tcb);
	return prev;
}

void fsbase_leave(const ucontext_t *uc, uint64_t prev)
{
	struct vml_thread *t = current_thread();

	if (!t || !fs_switching)
		return;
	fsbase_set(in_runtime(uc) ? prev : t->guest_fs);
}

void fsbase_switching(void)
{
	libc_fs = fsbase_get();
	fs_switching = 1;
}

uint64_t fsbase_use_libc_tls(uint64_t fs)
{
	uint64_t prev = fsbase_get();

	if (fs_switching)
		fsbase_set(fs ? fs : libc_fs);
	return prev;
}
