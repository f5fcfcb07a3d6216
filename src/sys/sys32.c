/*
 * sys32.c - i386 system calls the runtime serves (sys.h; DESIGN D12).
 * Async-signal-safe zone: host_* calls and arena memory only.
 */
#include "sys.h"

#include <linux/errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "base.h"
#include "mm.h"
#include "thread.h"
#include "vsig.h"

/* MAP_32BIT means nothing in a 32-bit call (arch_get_unmapped_area) */
#define NR32_ipc 117		/* i386 ipc(2) */

long sys32_host(long nr, const long *a)
{
	register long a5 __asm__("r12") = a[5];
	long r;

	/* int $0x80 from 64-bit code: the ia32 entry; r8-r11 are zeroed */
	__asm__ volatile("mov %%rbp, %%r13\n\t"
			 "mov %%r12, %%rbp\n\t"
			 "int $0x80\n\t"
			 "mov %%r13, %%rbp"
			 : "=a"(r)
			 : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]),
			   "D"(a[4]), "r"(a5)
			 : "memory", "r8", "r9", "r10", "r11", "r13");
	return (long)(int)r;
}

long sys32_passthrough(long nr, const long *a, ucontext_t *uc)
{
	long r;

	/* with the guest's mask: a signal that interrupts the call is kept
	 * and delivered when the runtime returns to the guest (vsig.h) */
	pager_call_begin();
	sysargs32_prepare(nr, a);
	vsig_call_enter(uc);
	r = sys32_host(nr, a);
	vsig_call_leave();
	pager_call_end();
	return r;
}

long sys32_enosys(const long *a, ucontext_t *uc)
{
	(void)a;
	(void)uc;
	return -ENOSYS;
}

/* ---- memory ---- */

static long mmap32(uint32_t addr, uint32_t len, int prot, int flags, int fd,
		   uint64_t off, ucontext_t *uc)
{
	long a[6] = { addr, len, prot, flags & ~MAP_32BIT, fd, (long)off };

	return sys_mmap(a, uc);
}

/* old_mmap: one pointer to six words; the offset must be page-aligned */
long sys32_mmap_old(const long *a, ucontext_t *uc)
{
	uint32_t w[6];

	if (pager_copy_in(w, (uint32_t)a[0], sizeof w) < 0)
		return -EFAULT;
	if (w[5] & (VML_PAGE - 1))
		return -EINVAL;
	return mmap32(w[0], w[1], (int)w[2], (int)w[3], (int)w[4], w[5], uc);
}

long sys32_mmap2(const long *a, ucontext_t *uc)
{
	return mmap32((uint32_t)a[0], (uint32_t)a[1], (int)a[2], (int)a[3],
		      (int)a[4], (uint64_t)(uint32_t)a[5] * VML_PAGE, uc);
}

long sys32_mremap(const long *a, ucontext_t *uc)
{
	return sys_mremap(a, uc);
}

/* shmat and ipc(SHMAT): the kernel would map the segment itself */
long sys32_shmat(const long *a, ucontext_t *uc)
{
	return sys_shmat(a, uc);
}

long sys32_ipc(const long *a, ucontext_t *uc)
{
	long b[6] = { 0 };
	long r;
	uint32_t addr;

	switch (a[0] & 0xffff) {
	case 21:	/* SHMAT: shmid, shmflg, &raddr, shmaddr */
		b[0] = a[1];
		b[1] = a[4];
		b[2] = a[2];
		r = sys_shmat(b, uc);
		if (r < 0 && r > -4096)
			return r;
		addr = (uint32_t)r;
		return pager_copy_out((uint32_t)a[3], &addr, 4) < 0 ? -EFAULT : 0;
	case 22:	/* SHMDT: shmaddr */
		b[0] = a[4];
		return sys_shmdt(b, uc);
	default:	/* semop and msgrcv may sleep: the guest's mask */
		return sys32_passthrough(NR32_ipc, a, uc);
	}
}

/* ---- exec: the vectors widened to the runtime's 8-byte pointers ---- */

/* A guest NULL-terminated array of 4-byte pointers as a host array of
 * 8-byte ones (arena memory: an exec that succeeds takes it along; a
 * failed one gives it back with unwiden). */
static long widen(uint32_t v, uintptr_t *out)
{
	uint32_t chunk[64];
	uintptr_t *w;
	long n = 0;

	*out = 0;
	if (!v)
		return 0;
	for (;;) {
		uint32_t one;

		if (pager_copy_in(&one, v + (uint32_t)n * 4, 4) < 0)
			return -EFAULT;
		if (!one)
			break;
		if (++n > (1L << 20))
			return -E2BIG;
	}
	w = arena_alloc((size_t)(n + 1) * sizeof *w);
	if (!w)
		return -ENOMEM;
	for (long done = 0; done < n; done += 64) {
		long k = n - done < 64 ? n - done : 64;

		if (pager_copy_in(chunk, v + (uint32_t)done * 4, (size_t)k * 4) < 0) {
			arena_free_last(w, (size_t)(n + 1) * sizeof *w);
			return -EFAULT;
		}
		for (long i = 0; i < k; i++)
			w[done + i] = chunk[i];
	}
	*out = (uintptr_t)w;
	return n;
}

/* The vector widen made of guest vector v, given back: newest first. */
static void unwiden(uintptr_t w)
{
	long n = 0;

	if (!w)
		return;
	while (((uintptr_t *)w)[n])
		n++;
	arena_free_last((void *)w, (size_t)(n + 1) * sizeof(uintptr_t));
}

/* argv and envp widened, exec run with them (success does not return);
 * on failure both vectors are given back, envp first */
static long exec32(long (*exec)(const long *, ucontext_t *), long *b,
		   int at, uint32_t argv32, uint32_t envp32, ucontext_t *uc)
{
	uintptr_t argv, envp = 0;
	long r = widen(argv32, &argv);

	if (r >= 0)
		r = widen(envp32, &envp);
	if (r < 0)
		goto out_unwiden;
	b[at] = (long)argv;
	b[at + 1] = (long)envp;
	r = exec(b, uc);
out_unwiden:
	unwiden(envp);
	unwiden(argv);
	return r;
}

long sys32_execve(const long *a, ucontext_t *uc)
{
	long b[6] = { a[0], 0, 0, 0, 0, 0 };

	return exec32(sys_execve, b, 1, (uint32_t)a[1], (uint32_t)a[2], uc);
}

long sys32_execveat(const long *a, ucontext_t *uc)
{
	long b[6] = { (int)a[0], a[1], 0, 0, a[4], 0 };

	return exec32(sys_execveat, b, 2, (uint32_t)a[2], (uint32_t)a[3], uc);
}

/* ---- processes ---- */

/*
 * i386 clone: flags, newsp, parent_tid, tls (a user_desc), child_tid. A
 * thread starts through thread32.c; a fork-like clone goes the x86-64 way
 * (its tls would be an FS base there, so CLONE_SETTLS is refused).
 * vfork-like clones never trap (the filter lets them through).
 */
long sys32_clone(const long *a, ucontext_t *uc)
{
	long b[6] = { a[0], a[1], a[2], a[4], 0, 0 };

	if (a[0] & CLONE_VM)
		return thread32_clone(a, uc);
	if (a[0] & CLONE_SETTLS)
		return -ENOSYS;
	return sys_clone(b, uc);
}

/* ---- signals: every action is vsig.c's, widened (DESIGN D8) ---- */

/*
 * The guest's handlers are reached through the runtime's host handlers,
 * which build the i386 frame themselves (signal/sigframe32.c) after making the guest
 * stack present: a frame the kernel wrote itself would fail on a thread
 * stack the pager has not populated, and with SA_ONSTACK it would land on
 * the runtime's altstack. act/oact are struct sigaction of the compat
 * layout: rt (20 bytes) handler, flags, restorer, mask[2]; old (16 bytes)
 * handler, mask, flags, restorer.
 */
static long sigaction32(int sig, uint32_t act, uint32_t oact, int rt)
{
	struct ksigaction k, old;
	uint32_t w[5] = { 0 };
	size_t len = rt ? 20 : 16;
	long r;

	if (act && pager_copy_in(w, act, len) < 0)
		return -EFAULT;
	k.handler = w[0];
	k.flags = rt ? w[1] : w[2];
	k.restorer = rt ? w[2] : w[3];
	k.mask = rt ? (w[3] | (uint64_t)w[4] << 32) : w[1];
	r = vsig_set_action(sig, act ? &k : NULL, &old);
	if (r < 0 || !oact)
		return r;
	w[0] = (uint32_t)old.handler;
	if (rt) {
		w[1] = (uint32_t)old.flags;
		w[2] = (uint32_t)old.restorer;
		w[3] = (uint32_t)old.mask;
		w[4] = (uint32_t)(old.mask >> 32);
	} else {
		w[1] = (uint32_t)old.mask;
		w[2] = (uint32_t)old.flags;
		w[3] = (uint32_t)old.restorer;
	}
	return pager_copy_out(oact, w, len) < 0 ? -EFAULT : 0;
}

long sys32_rt_sigaction(const long *a, ucontext_t *uc)
{
	(void)uc;
	if (a[3] != KSIGSET_SIZE)
		return -EINVAL;
	return sigaction32((int)a[0], (uint32_t)a[1], (uint32_t)a[2], 1);
}

long sys32_sigaction(const long *a, ucontext_t *uc)
{
	(void)uc;
	return sigaction32((int)a[0], (uint32_t)a[1], (uint32_t)a[2], 0);
}

/*
 * sigprocmask(how, old_sigset_t *set, old_sigset_t *oset): the first 32
 * signals only (compat_sys_sigprocmask: SIG_SETMASK replaces the low word
 * and keeps the rest), virtual for the runtime's own signals as
 * rt_sigprocmask is.
 */
long sys32_sigprocmask(const long *a, ucontext_t *uc)
{
	uint64_t set = 0, old;
	uint32_t w, old32;
	int how = (int)a[0];
	long r;

	if (a[1] && pager_copy_in(&w, (uint32_t)a[1], 4) < 0)
		return -EFAULT;
	r = vsig_mask_update(SIG_BLOCK, NULL, &old, uc);
	if (r < 0)
		return r;
	if (a[1]) {
		set = w;
		if (how == SIG_SETMASK)
			set |= old & ~0xffffffffULL;
		else if (how != SIG_BLOCK && how != SIG_UNBLOCK)
			return -EINVAL;
		r = vsig_mask_update(how, &set, &old, uc);
		if (r < 0)
			return r;
	}
	old32 = (uint32_t)old;
	if (a[2] && pager_copy_out((uint32_t)a[2], &old32, 4) < 0)
		return -EFAULT;
	return 0;
}

/* Sleep until a signal with mask set, the runtime's own signals left
 * unblocked at host level (a guest blocking them can only do so
 * virtually). The signal is delivered when the handler returns; the
 * result is always -EINTR, as the kernel's. */
static long suspend(uint64_t set, ucontext_t *uc)
{
	long r;

	set &= ~RUNTIME_SIGS;
	vsig_call_enter(uc);
	r = host_sys2(SYS_rt_sigsuspend, &set, KSIGSET_SIZE);
	vsig_call_leave();
	return r;
}

/* sigsuspend(unused, unused, old_sigset_t mask): the mask by value */
long sys32_sigsuspend(const long *a, ucontext_t *uc)
{
	return suspend((uint32_t)a[2], uc);
}

long sys32_rt_sigsuspend(const long *a, ucontext_t *uc)
{
	uint64_t set;

	if (a[1] != KSIGSET_SIZE)
		return -EINVAL;
	if (pager_copy_in(&set, (uint32_t)a[0], 8) < 0)
		return -EFAULT;
	return suspend(set, uc);
}

/* signal(sig, handler): SA_ONESHOT | SA_NOMASK; the old handler */
long sys32_signal(const long *a, ucontext_t *uc)
{
	struct ksigaction k = { (uint32_t)a[1], SA_RESETHAND | SA_NODEFER, 0, 0 };
	struct ksigaction old;
	long r = vsig_set_action((int)a[0], &k, &old);

	(void)uc;
	return r < 0 ? r : (long)(uint32_t)old.handler;
}

long sys32_sigreturn(const long *a, ucontext_t *uc)
{
	(void)a;
	return vsig_sigreturn32(uc, /* rt = */ 0);
}

long sys32_rt_sigreturn(const long *a, ucontext_t *uc)
{
	(void)a;
	return vsig_sigreturn32(uc, /* rt = */ 1);
}

long sys32_sigaltstack(const long *a, ucontext_t *uc)
{
	return vsig_sigaltstack32((uint32_t)a[0], (uint32_t)a[1], uc);
}
